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
    parking aisles listed in PARKING_AISLES (their convex hull, grown by 8 m);
  * derives the sea (water.geojson), which the extract lacks, from the
    quartiers, buildings, roads and parks: an approximate coastline, see
    `sea` below and assets/README.md. Standard library only.
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

# --- The sea ---------------------------------------------------------------
# The extract has no coastline, so the sea is derived from what it has, on a
# grid of SEA_CELL-metre cells over the extract's bbox (see assets/README.md):
#   * Monaco's nine quartiers (districts.geojson) are land: their seaward
#     edges follow the coast, beaches and breakwaters included;
#   * in France (Cap-d'Ail, Beausoleil, Roquebrune) land is whatever lies
#     within COAST_RADIUS metres of a building, road or park, or is closed off
#     from the open sea by such a band;
#   * the open sea is what a flood from the south-east corner of the bbox
#     reaches through the rest, grown back towards the land by COAST_RADIUS
#     (a morphological closing, so the shore hugs the outermost features);
#   * harbour basins (Port Hercule and Fontvieille, which the quartiers
#     enclose, and the port of Cap-d'Ail) are the places farther than
#     BASIN_RADIUS from any building, road or park (piers do not count; the
#     border between two quartiers does) whose open core, at least
#     BASIN_MIN_AREA, touches the open sea, grown back by BASIN_RADIUS;
#   * the sea keeps SEA_MARGIN metres from every road centre line and wall.
# The cells' outline is traced and simplified: the coastline is approximate
# (to a few metres along Monaco, coarser along the French shore).
SEA_BOX = (7.405, 43.722, 7.442, 43.754)   # the extract's bbox
SEA_CELL = 4.0         # metres
COAST_RADIUS = 40.0    # French side: gaps narrower than twice this stay land
BASIN_RADIUS = 24.0    # harbour basins: open water at least twice this wide
BASIN_MIN_AREA = 20000 # m² of a basin's open core
SEA_MARGIN = 4.0       # metres between the sea and any road centre line or wall


class Grid:
    """A lon/lat raster of cells about SEA_CELL metres square; row 0 is south."""
    def __init__(self, box, cell):
        self.x0, self.y0 = box[0], box[1]
        self.w = max(1, round((box[2] - box[0]) * KX / cell))
        self.h = max(1, round((box[3] - box[1]) * KY / cell))
        self.dx, self.dy = (box[2] - box[0]) / self.w, (box[3] - box[1]) / self.h

    def new(self, v=0):
        return bytearray([v]) * (self.w * self.h)

    def fill(self, mask, rings):
        """Sets the cells whose centre is inside the rings (even-odd)."""
        gx = lambda x: (x - self.x0) / self.dx - 0.5
        gy = lambda y: (y - self.y0) / self.dy - 0.5
        edges = []
        for r in rings:
            for k in range(len(r) - 1):
                edges.append((gx(r[k][0]), gy(r[k][1]), gx(r[k + 1][0]), gy(r[k + 1][1])))
        if not edges:
            return
        lo = max(0, int(math.ceil(min(min(e[1], e[3]) for e in edges))))
        hi = min(self.h - 1, int(math.floor(max(max(e[1], e[3]) for e in edges))))
        for j in range(lo, hi + 1):
            xs = sorted(x1 + (j - y1) * (x2 - x1) / (y2 - y1)
                        for x1, y1, x2, y2 in edges if (y1 > j) != (y2 > j))
            for a, b in zip(xs[::2], xs[1::2]):
                for i in range(max(0, int(math.ceil(a))), min(self.w - 1, int(math.floor(b))) + 1):
                    mask[j * self.w + i] = 1

    def line(self, mask, coords):
        """Sets the cells a polyline passes through."""
        for k in range(len(coords) - 1):
            x1, y1 = (coords[k][0] - self.x0) / self.dx, (coords[k][1] - self.y0) / self.dy
            x2, y2 = (coords[k + 1][0] - self.x0) / self.dx, (coords[k + 1][1] - self.y0) / self.dy
            n = int(max(abs(x2 - x1), abs(y2 - y1)) * 3) + 1
            for t in range(n + 1):
                i, j = int(math.floor(x1 + (x2 - x1) * t / n)), int(math.floor(y1 + (y2 - y1) * t / n))
                if 0 <= i < self.w and 0 <= j < self.h:
                    mask[j * self.w + i] = 1

    def distance(self, mask):
        """Chamfer distance (in cells) from every cell to the nearest set cell."""
        w, h, s2 = self.w, self.h, math.sqrt(2)
        d = [0.0 if m else 1e9 for m in mask]
        for j in range(h):
            for i in range(w):
                k = j * w + i
                v = d[k]
                if v == 0.0:
                    continue
                if i > 0 and d[k - 1] + 1 < v: v = d[k - 1] + 1
                if j > 0:
                    if d[k - w] + 1 < v: v = d[k - w] + 1
                    if i > 0 and d[k - w - 1] + s2 < v: v = d[k - w - 1] + s2
                    if i < w - 1 and d[k - w + 1] + s2 < v: v = d[k - w + 1] + s2
                d[k] = v
        for j in range(h - 1, -1, -1):
            for i in range(w - 1, -1, -1):
                k = j * w + i
                v = d[k]
                if v == 0.0:
                    continue
                if i < w - 1 and d[k + 1] + 1 < v: v = d[k + 1] + 1
                if j < h - 1:
                    if d[k + w] + 1 < v: v = d[k + w] + 1
                    if i < w - 1 and d[k + w + 1] + s2 < v: v = d[k + w + 1] + s2
                    if i > 0 and d[k + w - 1] + s2 < v: v = d[k + w - 1] + s2
                d[k] = v
        return d

    def components(self, mask):
        """Labels the 4-connected components of the set cells: (labels, sizes)."""
        w, h = self.w, self.h
        lab = [0] * (w * h)
        sizes = [0]
        for start in range(w * h):
            if not mask[start] or lab[start]:
                continue
            n = len(sizes)
            lab[start] = n
            stack, size = [start], 0
            while stack:
                k = stack.pop()
                size += 1
                i, j = k % w, k // w
                for q, ok in ((k - 1, i > 0), (k + 1, i < w - 1), (k - w, j > 0), (k + w, j < h - 1)):
                    if ok and mask[q] and not lab[q]:
                        lab[q] = n
                        stack.append(q)
            sizes.append(size)
        return lab, sizes

    def trace(self, mask, tolerance):
        """The set cells as GeoJSON MultiPolygon coordinates (lon/lat)."""
        w, h = self.w, self.h
        at = lambda i, j: 0 <= i < w and 0 <= j < h and mask[j * w + i]
        out = {}  # vertex -> outgoing edge ends, the set cells on the left
        for j in range(h):
            for i in range(w):
                if not mask[j * w + i]:
                    continue
                if not at(i, j - 1): out.setdefault((i, j), []).append((i + 1, j))
                if not at(i + 1, j): out.setdefault((i + 1, j), []).append((i + 1, j + 1))
                if not at(i, j + 1): out.setdefault((i + 1, j + 1), []).append((i, j + 1))
                if not at(i - 1, j): out.setdefault((i, j + 1), []).append((i, j))
        if any(len(e) > 1 for e in out.values()):
            sys.exit('sea: cells touching at a corner only')  # sea() removes those
        rings = []
        while out:
            start = next(iter(out))
            ring, v = [], start
            while True:
                ring.append(v)
                v = out.pop(v)[0]
                if v == start:
                    break
            # Midpoints of the cell edges cut the stairs' corners; those half
            # a cell from the grid's border go onto it (the box's corners).
            pts = []
            for k in range(len(ring)):
                x, y = (ring[k][0] + ring[k - 1][0]) / 2, (ring[k][1] + ring[k - 1][1]) / 2
                x = 0 if x <= 0.5 else w if x >= w - 0.5 else x
                y = 0 if y <= 0.5 else h if y >= h - 0.5 else y
                if not pts or pts[-1] != (x, y):
                    pts.append((x, y))
            while len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            pts = simplify_ring(pts, tolerance)
            if len(pts) >= 3:
                rings.append(pts)
        def area(r):
            return sum(r[k - 1][0] * r[k][1] - r[k][0] * r[k - 1][1] for k in range(len(r))) / 2
        outers = [[r] for r in rings if area(r) > 0]
        for r in rings:
            if area(r) < 0:
                owner = next((p for p in outers if pip(r[0][0], r[0][1], p[0])), None)
                if owner is not None:
                    owner.append(r)
        to_geo = lambda p: [round(self.x0 + p[0] * self.dx, 6), round(self.y0 + p[1] * self.dy, 6)]
        polys = []
        for p in sorted(outers, key=lambda p: -area(p[0])):
            polys.append([[to_geo(q) for q in r + r[:1]] for r in p])
        return polys


def simplify_ring(pts, tol):
    """Douglas-Peucker on a closed ring, split at its two farthest-apart points."""
    if len(pts) < 4:
        return pts
    a = 0
    b = max(range(len(pts)), key=lambda k: (pts[k][0] - pts[0][0]) ** 2 + (pts[k][1] - pts[0][1]) ** 2)
    def dp(seq):
        keep = [True] * len(seq)
        stack = [(0, len(seq) - 1)]
        while stack:
            s, e = stack.pop()
            (x1, y1), (x2, y2) = seq[s], seq[e]
            L = math.hypot(x2 - x1, y2 - y1) or 1e-12
            best, bk = -1, -1
            for k in range(s + 1, e):
                dd = abs((x2 - x1) * (y1 - seq[k][1]) - (x1 - seq[k][0]) * (y2 - y1)) / L
                if dd > best:
                    best, bk = dd, k
            if best > tol:
                stack += [(s, bk), (bk, e)]
            else:
                for k in range(s + 1, e):
                    keep[k] = False
        return [p for p, k in zip(seq, keep) if k]
    first = dp(pts[a:b + 1])
    second = dp(pts[b:] + pts[:1])
    return first[:-1] + second[:-1]


def sea(districts, buildings, roads, parks):
    """The sea in SEA_BOX: (MultiPolygon coordinates, area in m²)."""
    g = Grid(SEA_BOX, SEA_CELL)
    n, w = g.w * g.h, g.w
    cell_area = g.dx * KX * g.dy * KY
    def around(k):  # the 4 neighbours of cell k
        i = k % w
        return [q for q, ok in ((k - 1, i > 0), (k + 1, i < w - 1), (k - w, k >= w), (k + w, k + w < n)) if ok]
    quartiers = g.new()  # 1 + the index of the quartier the cell is in
    for q, d in enumerate(districts):
        one = g.new()
        for poly in d['geometry']['coordinates']:
            g.fill(one, poly)
        for k in range(n):
            if one[k] and not quartiers[k]:
                quartiers[k] = q + 1
    feats = g.new()
    for f in buildings + parks:
        geom = f['geometry']
        for poly in (geom['coordinates'] if geom['type'] == 'MultiPolygon' else [geom['coordinates']]):
            g.fill(feats, poly)
            for r in poly:
                g.line(feats, r)
    for f in roads:
        p = f['properties']
        if p.get('tunnel') in ('yes', 'building_passage') or p.get('man_made') == 'pier':
            continue  # underground, or standing in the water
        if f['geometry']['type'] == 'LineString':
            g.line(feats, f['geometry']['coordinates'])
    r_coast, r_basin, margin = COAST_RADIUS / SEA_CELL, BASIN_RADIUS / SEA_CELL, SEA_MARGIN / SEA_CELL
    near = g.distance(feats)

    # The open sea: outside the quartiers and farther than COAST_RADIUS from
    # any French feature, what joins the south-east corner; grown back.
    near_fr = g.distance(bytearray(1 if feats[k] and not quartiers[k] else 0 for k in range(n)))
    lab, _ = g.components(bytearray(1 if not quartiers[k] and near_fr[k] > r_coast else 0 for k in range(n)))
    seed = lab[w - 1]
    if not seed:
        sys.exit('sea: the south-east corner is not open water')
    grown = g.distance(bytearray(1 if lab[k] == seed else 0 for k in range(n)))
    water = bytearray(1 if not quartiers[k] and grown[k] <= r_coast and near[k] > margin else 0 for k in range(n))

    # Harbour basins: places farther than BASIN_RADIUS from any feature that
    # touch that sea, grown back. The border between two quartiers counts as
    # a wall (the Rock's foot above the Fontvieille basin is one).
    walls = bytearray(feats)
    for k in range(n):
        if quartiers[k] and any(quartiers[q] and quartiers[q] != quartiers[k] for q in around(k)):
            walls[k] = 1
    walled = g.distance(walls)
    lab, sizes = g.components(bytearray(1 if not water[k] and walled[k] > r_basin else 0 for k in range(n)))
    keep = {}
    for k in range(n):
        c = lab[k]
        if c and sizes[c] * cell_area >= BASIN_MIN_AREA and any(water[q] for q in around(k)):
            keep.setdefault(c, k)
    for c, k in keep.items():
        print('sea: harbour basin opening near %.4f,%.4f, open core %d m²' % (
            g.x0 + (k % w + .5) * g.dx, g.y0 + (k // w + .5) * g.dy, sizes[c] * cell_area))
    basins = g.distance(bytearray(1 if lab[k] in keep else 0 for k in range(n)))
    for k in range(n):
        if basins[k] <= r_basin and walled[k] > margin:
            water[k] = 1

    # Only what joins the open sea; land specks of 1 or 2 cells go under.
    lab, _ = g.components(water)
    water = bytearray(1 if lab[k] == lab[w - 1] else 0 for k in range(n))
    lab, sizes = g.components(bytearray(1 - v for v in water))
    for k in range(n):
        if lab[k] and sizes[lab[k]] <= 2:
            water[k] = 1
    # No cells touching at a corner only (the traced rings would touch).
    changed = True
    while changed:
        changed = False
        for j in range(g.h - 1):
            for i in range(w - 1):
                k = j * w + i
                a, b, c, d = water[k], water[k + 1], water[k + w], water[k + w + 1]
                if a == d and b == c and a != b:
                    water[k if a else k + 1] = 0
                    changed = True
    return g.trace(water, 0.6), sum(water) * cell_area

# Beyond SEA_BOX the data says nothing, but the sea south of Monaco and east
# of it below the Roquebrune shore is open water: two rectangles that meet
# the derived sea along the box's south and east edges keep the view out to
# sea from ending in a hard edge.
OPEN_SEA_SOUTH = 43.69
OPEN_SEA_EAST = 7.52
OPEN_SEA_EAST_TOP = 43.7485  # below the shore east of Monaco (Monte-Carlo Beach, Cabbé)

def open_sea(polys):
    """Rectangles of open sea south and east of SEA_BOX, starting where the
    derived sea meets the box's south edge."""
    x0, y0, x1, _ = SEA_BOX
    on_south = [p[0] for poly in polys for p in poly[0] if abs(p[1] - y0) < 1e-9]
    if not on_south:
        return []
    west = min(on_south)
    south = [[west, OPEN_SEA_SOUTH], [OPEN_SEA_EAST, OPEN_SEA_SOUTH], [OPEN_SEA_EAST, y0],
             [x1, y0], [west, y0], [west, OPEN_SEA_SOUTH]]
    east = [[x1, y0], [OPEN_SEA_EAST, y0], [OPEN_SEA_EAST, OPEN_SEA_EAST_TOP],
            [x1, OPEN_SEA_EAST_TOP], [x1, y0]]
    return [[south], [east]]

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

    roads = [feature(f, ['highway', 'name', 'lanes', 'oneway', 'bridge', 'layer', 'service', 'man_made'])
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
    polys, area = sea(districts, load('buildings.geojson')['features'], load('roads.geojson')['features'],
                      load('parks.geojson')['features'])
    polys += open_sea(polys)
    write('water.geojson', [{'type': 'Feature', 'id': 'derived/sea',
        'geometry': {'type': 'MultiPolygon', 'coordinates': polys},
        'properties': {'natural': 'water', 'water': 'sea', 'name': 'Mer Méditerranée',
                       'note': 'approximate coastline, derived from the other layers'}}])
    print('SEA %.2f km² in %d polygons, %d vertices' % (area / 1e6, len(polys), sum(len(r) for p in polys for r in p)))
    print('HARBOUR_BLOCKS', len(harbour), json.dumps(sorted(harbour)))

main()
