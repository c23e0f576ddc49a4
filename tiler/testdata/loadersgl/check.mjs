// Reads a 3D Tiles tileset with @loaders.gl/3d-tiles and prints, as JSON,
// every tile whose content it loaded and the feature ids it found there
// (EXT_mesh_features + EXT_structural_metadata).
// Usage: node check.mjs http://HOST/DIR/tileset.json (served over HTTP, as
// loaders.gl fetches in Node)
import {load} from '@loaders.gl/core';
import {Tiles3DLoader} from '@loaders.gl/3d-tiles';

const url = process.argv[2];
const tileset = await load(url, Tiles3DLoader);
const out = {version: tileset.asset && tileset.asset.version, tiles: [], errors: []};

async function visit(tile, base) {
  const uri = tile.content && (tile.content.uri || tile.content.url);
  if (uri) {
    try {
      const content = await load(new URL(uri, base).href, Tiles3DLoader, {'3d-tiles': {loadGLTF: true}});
      const gltf = content.gltf || {};
      const ext = (gltf.extensions || {}).EXT_structural_metadata || {};
      const table = (ext.propertyTables || [])[0] || {};
      const ids = table.properties && table.properties.id && table.properties.id.data;
      const prim = gltf.meshes && gltf.meshes[0] && gltf.meshes[0].primitives[0];
      const fids = prim && prim.extensions && prim.extensions.EXT_mesh_features;
      out.tiles.push({uri, type: content.type, count: table.count || 0,
        ids: Array.isArray(ids) ? ids : [], featureIds: fids ? fids.featureIds.length : 0});
    } catch (e) {
      out.errors.push(`${uri}: ${e.message}`);
    }
  }
  for (const child of tile.children || []) {
    await visit(child, base);
  }
}
await visit(tileset.root, url);
console.log(JSON.stringify(out));
