// Reads a 3D Tiles tileset with CesiumGS's 3d-tiles-tools (its traverser
// and its glTF-Transform I/O with the metadata extensions) and prints, as
// JSON, every tile content found and the feature ids of its property table.
// Usage: node check.mjs DIR/tileset.json
import fs from 'node:fs';
import path from 'node:path';
import {TilesetTraverser, ResourceResolvers, GltfTransform} from '3d-tiles-tools';

const file = path.resolve(process.argv[2]);
const dir = path.dirname(file);
const tileset = JSON.parse(fs.readFileSync(file, 'utf8'));
const resolver = ResourceResolvers.createFileResourceResolver(dir);
const io = await GltfTransform.getIO();
const out = {version: tileset.asset.version, tiles: [], errors: []};

// strings decodes a STRING property table column (UINT32 offsets).
function strings(prop, count) {
  const values = prop.getValues();
  const o = prop.getStringOffsets();
  const offs = new Uint32Array(o.buffer, o.byteOffset, count + 1);
  const dec = new TextDecoder();
  const ids = [];
  for (let i = 0; i < count; i++) {
    ids.push(dec.decode(values.subarray(offs[i], offs[i + 1])));
  }
  return ids;
}

const traverser = new TilesetTraverser(dir, resolver, {depthFirst: true, traverseExternalTilesets: true});
await traverser.traverse(tileset, async (tile) => {
  for (const c of tile.getFinalContents()) {
    try {
      const doc = await io.readBinary(new Uint8Array(await resolver.resolveData(c.uri)));
      const table = doc.getRoot().getExtension('EXT_structural_metadata').listPropertyTables()[0];
      const count = table.getCount();
      const prim = doc.getRoot().listMeshes()[0].listPrimitives()[0];
      const fid = prim.getExtension('EXT_mesh_features').listFeatureIDs()[0];
      const attr = prim.getAttribute('_FEATURE_ID_' + fid.getAttribute()).getArray();
      let maxRow = -1;
      for (const v of attr) maxRow = Math.max(maxRow, v);
      out.tiles.push({uri: c.uri, count, featureCount: fid.getFeatureCount(), sameTable: fid.getPropertyTable() === table,
        maxRow, ids: strings(table.getProperty('id'), count)});
    } catch (e) {
      out.errors.push(`${c.uri}: ${e.message}`);
    }
  }
  return true;
});
console.log(JSON.stringify(out));
