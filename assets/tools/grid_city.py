#!/usr/bin/env python3
"""Writes a synthetic city for benchmarks: N rectangular footprints on a grid
18 m apart near Lyon (4.85°E, 45.75°N), 7–14 m a side, height 4–40 m, as a
GeoJSON FeatureCollection. The same N and seed give the same file.

    python3 assets/tools/grid_city.py 100000 /tmp/big/b100k.geojson
"""
import json, math, random, sys

def grid_city(n, seed=1):
    random.seed(seed)
    side = int(math.ceil(math.sqrt(n)))
    lon0, lat0 = 4.85, 45.75
    dx = 18 / (111320 * math.cos(math.radians(lat0)))
    dy = 18 / 110540
    feats = []
    for i in range(n):
        r, c = divmod(i, side)
        x, y = lon0 + c * dx, lat0 + r * dy
        w, h = dx * random.uniform(0.4, 0.8), dy * random.uniform(0.4, 0.8)
        ring = [[round(a, 7), round(b, 7)] for a, b in
                [(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]]
        feats.append({"type": "Feature", "id": i,
                      "properties": {"height": round(random.uniform(4, 40), 1)},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": feats}

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2], "w") as f:
        json.dump(grid_city(int(sys.argv[1])), f)
