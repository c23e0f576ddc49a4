#!/usr/bin/env python3
"""Builds the embedded demo data (assets/demo/*.geojson) from the Monaco
OpenStreetMap extract in ../shared/data/geojson/monaco (see SOURCES.md).

Run from the repository root:  python3 assets/tools/prepare_demo.py [SRC_DIR]

What it does, and nothing else:
  * keeps a few useful OSM tags per layer and drops the rest (source notes,
    addresses, phone numbers...), rounds coordinates to 7 decimals (OSM's own
    precision), and gives every feature its OSM id as GeoJSON id
    ("way/23715051", "relation/5986473");
  * splits buildings into Monaco (inside one of the 9 quartiers of
    districts.geojson, tagged with `quartier`) and the French surroundings
    (Beausoleil, Cap-d'Ail), leaving out the surroundings' light structures
    (wall=no: sheds and canopies from the French cadastre);
  * adds an ESTIMATED `height` (metres) to every building, because none of
    them carries height or building:levels in OSM; the rule is below
    (`estimate_height`), and every building says so with
    height_source=estimate;
  * leaves out road tunnels (they are underground: drawn on the surface they
    would cross buildings);
  * writes the Larvotto car-park proposal: one park polygon around the
    parking aisles listed in PARKING_AISLES (their convex hull, grown by 8 m).
It prints the ids used by the demo scenarios (HARBOUR_BLOCKS: the La
Condamine buildings of at least 150 m² within 500 m of the harbour basin).
"""
import json, math, os, sys

SRC = sys.argv[1] if len(sys.argv) > 1 else '../shared/data/geojson/monaco'
OUT = 'assets/demo'
LAT0 = math.radians(43.738)
KX, KY = 111320 * math.cos(LAT0), 110540  # metres per degree, good to 1% here

PORT_HERCULE = (7.4262, 43.7345)  # centre of the harbour basin
PARKING_AISLES = ['way/93137573', 'way/93137614', 'way/93137635', 'way/182700005', 'way/182700007']

def load(name):
    with open(os.path.join(SRC, name), encoding='utf-8') as f:
        return json.load(f)

def rnd(c):
    if isinstance(c[0], (int, float)):
        return [round(c[0], 7), round(c[1], 7)]
    return [rnd(x) for x in c]

def pip(x, y, ring):
    inside = False
    for i in range(len(ring)):
        x1, y1 = ring[i]; x2, y2 = ring[i - 1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside

def in_multipolygon(x, y, mp):
    return any(pip(x, y, p[0]) and not any(pip(x, y, h) for h in p[1:]) for p in mp)

def area_centroid(mp):
    """Area (m², holes removed) and centroid (lon, lat) of the largest polygon."""
    total, best = 0.0, None
    for poly in mp:
        for k, ring in enumerate(poly):
            a = cx = cy = 0.0
            for i in range(len(ring) - 1):
                x1, y1 = ring[i][0] * KX, ring[i][1] * KY
                x2, y2 = ring[i + 1][0] * KX, ring[i + 1][1] * KY
                cr = x1 * y2 - x2 * y1
                a += cr; cx += (x1 + x2) * cr; cy += (y1 + y2) * cr
            a /= 2
            total += abs(a) if k == 0 else -abs(a)
            if k == 0 and (best is None or abs(a) > best[0]) and a != 0:
                best = (abs(a), cx / (6 * a) / KX, cy / (6 * a) / KY)
    if best is None:
        return 0.0, mp[0][0][0][0], mp[0][0][0][1]
    return total, best[1], best[2]

def estimate_height(props, area, quartier):
    """The demo's stand-in for missing heights (metres), by what OSM does say."""
    b = props.get('building')
    if props.get('wall') == 'no':      # cadastre "light structure": sheds, canopies
        return 3
    if b == 'roof':
        return 4
    if b in ('church', 'chapel', 'cathedral'):
        return 20
    if quartier is None:               # French surroundings: mostly villas
        return 6 if area < 100 else 9 if area < 400 else 12
    if quartier == 'Monaco-Ville':     # the old town on the Rock stays low
        return 9 if area < 100 else 15
    return 9 if area < 100 else 18 if area < 400 else 27 if area < 1500 else 36

def feature(f, keep, extra=None):
    p = f['properties']
    props = {k: p[k] for k in keep if k in p}
    if extra:
        props.update(extra)
    return {'type': 'Feature', 'id': '%s/%s' % (p['@type'], p['@id']),
            'geometry': {'type': f['geometry']['type'], 'coordinates': rnd(f['geometry']['coordinates'])},
            'properties': props}

def write(name, feats):
    path = os.path.join(OUT, name)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        f.write(',\n'.join(json.dumps(x, ensure_ascii=False, separators=(',', ':')) for x in feats))
        f.write('\n]}\n')
    print('%-28s %5d features %8d bytes' % (path, len(feats), os.path.getsize(path)))

def hull(points):
    pts = sorted(set(points))
    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]

def grow(ring, metres):
    """Moves each vertex of a convex counter-clockwise ring away from the centre."""
    cx = sum(p[0] for p in ring) / len(ring); cy = sum(p[1] for p in ring) / len(ring)
    out = []
    for x, y in ring:
        dx, dy = (x - cx) * KX, (y - cy) * KY
        d = math.hypot(dx, dy) or 1
        out.append((x + dx / d * metres / KX, y + dy / d * metres / KY))
    return out

def main():
    os.makedirs(OUT, exist_ok=True)
    districts = load('districts.geojson')['features']
    write('districts.geojson', [feature(f, ['name', 'admin_level']) for f in districts])

    monaco, around, harbour = [], [], []
    for f in load('buildings.geojson')['features']:
        area, cx, cy = area_centroid(f['geometry']['coordinates'])
        q = next((d['properties']['name'] for d in districts
                  if in_multipolygon(cx, cy, d['geometry']['coordinates'])), None)
        extra = {'height': estimate_height(f['properties'], area, q), 'height_source': 'estimate'}
        if q:
            extra['quartier'] = q
        g = feature(f, ['building', 'name', 'amenity', 'tourism', 'religion', 'wall'], extra)
        if q:
            monaco.append(g)
        elif f['properties'].get('wall') != 'no':  # French sheds and canopies add nothing to the view
            around.append(g)
        dist = math.hypot((cx - PORT_HERCULE[0]) * KX, (cy - PORT_HERCULE[1]) * KY)
        if q == 'La Condamine' and f['properties'].get('wall') != 'no' and area >= 150 and dist < 500:
            harbour.append(g['id'])
    write('buildings.geojson', monaco)
    write('surroundings.geojson', around)

    roads = [feature(f, ['highway', 'name', 'lanes', 'oneway', 'bridge', 'layer', 'service'])
             for f in load('roads.geojson')['features'] if f['properties'].get('tunnel') not in ('yes', 'building_passage')]
    write('roads.geojson', roads)
    write('parks.geojson', [feature(f, ['leisure', 'name']) for f in load('parks.geojson')['features']])
    write('trees.geojson', [feature(f, ['natural']) for f in load('trees.geojson')['features']])

    pts = [tuple(c) for r in roads if r['id'] in PARKING_AISLES for c in r['geometry']['coordinates']]
    if len(pts) < 3:
        sys.exit('parking aisles not found')
    ring = rnd([list(p) for p in grow(hull(pts), 8)])
    ring.append(ring[0])
    write('larvotto-park.geojson', [{'type': 'Feature', 'id': 'proposal/larvotto-park',
        'geometry': {'type': 'Polygon', 'coordinates': [ring]},
        'properties': {'leisure': 'park', 'name': 'Parc du Larvotto (proposal)', 'proposal': 'yes'}}])
    print('HARBOUR_BLOCKS', len(harbour), json.dumps(sorted(harbour)))

main()
