#!/usr/bin/env python3
"""Writes a synthetic instanced model for benchmarks: one low-poly tree
(a green cone crown on a brown trunk, 2 primitives, 200 triangles) placed
N times with EXT_mesh_gpu_instancing on a jittered grid 12 m apart, each
turned and scaled a little, as a GLB (glTF y-up metres). The same N and seed
give the same file. Place it on the map with a scene file or -placement.

    python3 assets/tools/forest_glb.py 10000 /tmp/forest.glb
"""
import json, math, random, struct, sys

SEGMENTS = 50  # around the crown and the trunk: 2 × 50 + 2 × 50 triangles


def cone(radius, y0, y1, segments):
    """Side and base of a cone: positions (x, y, z) and triangle indices."""
    pos = [(0.0, y1, 0.0), (0.0, y0, 0.0)]
    for i in range(segments):
        a = 2 * math.pi * i / segments
        pos.append((radius * math.cos(a), y0, -radius * math.sin(a)))
    idx = []
    for i in range(segments):
        a, b = 2 + i, 2 + (i + 1) % segments
        idx += [0, a, b]  # side, counter-clockwise from outside
        idx += [1, b, a]  # base, facing down
    return pos, idx


def forest(n, seed=1):
    random.seed(seed)
    side = int(math.ceil(math.sqrt(n)))
    prims = [cone(2.5, 2.0, 9.0, SEGMENTS), cone(0.35, 0.0, 2.5, SEGMENTS)]
    colours = [[0.10, 0.35, 0.08, 1], [0.30, 0.18, 0.08, 1]]
    t, r, s = [], [], []
    for i in range(n):
        row, col = divmod(i, side)
        t.append((col * 12 + random.uniform(-3, 3), 0.0, -(row * 12 + random.uniform(-3, 3))))
        h = random.uniform(0, 2 * math.pi)
        r.append((0.0, math.sin(h / 2), 0.0, math.cos(h / 2)))
        k = random.uniform(0.7, 1.3)
        s.append((k, k, k))
    bin_ = bytearray()
    views, accessors = [], []

    def add(data, fmt, count, typ, comp, target=None, minmax=None):
        while len(bin_) % 4:
            bin_.append(0)
        start = len(bin_)
        for v in data:
            bin_.extend(struct.pack("<" + fmt, *v) if isinstance(v, tuple) else struct.pack("<" + fmt, v))
        view = {"buffer": 0, "byteOffset": start, "byteLength": len(bin_) - start}
        if target:
            view["target"] = target
        views.append(view)
        acc = {"bufferView": len(views) - 1, "componentType": comp, "count": count, "type": typ}
        if minmax:
            acc["min"], acc["max"] = minmax
        accessors.append(acc)
        return len(accessors) - 1

    primitives = []
    for k, (pos, idx) in enumerate(prims):
        lo = [min(p[j] for p in pos) for j in range(3)]
        hi = [max(p[j] for p in pos) for j in range(3)]
        pa = add(pos, "3f", len(pos), "VEC3", 5126, 34962, (lo, hi))
        ia = add(idx, "H", len(idx), "SCALAR", 5123, 34963)
        primitives.append({"attributes": {"POSITION": pa}, "indices": ia, "material": k})
    ext = {"attributes": {
        "TRANSLATION": add(t, "3f", n, "VEC3", 5126),
        "ROTATION": add(r, "4f", n, "VEC4", 5126),
        "SCALE": add(s, "3f", n, "VEC3", 5126),
    }}
    doc = {
        "asset": {"version": "2.0", "generator": "citytwin assets/tools/forest_glb.py"},
        "extensionsUsed": ["EXT_mesh_gpu_instancing"],
        "extensionsRequired": ["EXT_mesh_gpu_instancing"],
        "scene": 0, "scenes": [{"nodes": [0]}],
        "nodes": [{"name": "trees", "mesh": 0, "extensions": {"EXT_mesh_gpu_instancing": ext}}],
        "meshes": [{"name": "tree", "primitives": primitives}],
        "materials": [{"name": name, "pbrMetallicRoughness": {"baseColorFactor": c, "metallicFactor": 0}}
                      for name, c in zip(["crown", "trunk"], colours)],
        "accessors": accessors, "bufferViews": views,
        "buffers": [{"byteLength": len(bin_)}],
    }
    js = json.dumps(doc, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 4)
    while len(bin_) % 4:
        bin_.append(0)
    out = struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(bin_))
    out += struct.pack("<II", len(js), 0x4E4F534A) + js
    out += struct.pack("<II", len(bin_), 0x004E4942) + bytes(bin_)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2], "wb") as f:
        f.write(forest(int(sys.argv[1])))
