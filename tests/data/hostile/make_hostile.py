#!/usr/bin/python3
"""Writes hostile but small GeoJSON inputs: the shapes that make geometry work explode.

Each is a FeatureCollection of polygons near 37-38 E, 47-48 N, with 6 decimals (about 22 bytes a
vertex), deterministic for a given --seed. Import them with
`frontline import --status occupied --time 2025-01-01 FILE`.

  random-ring N     one polygon whose shell is N random points: about N^2/10 self-crossings
  overlapping N     N small squares in one MultiPolygon, all overlapping near one spot
  holes N           one 1x1 degree shell with N small holes, overlapping each other, a few outside it
  combs N           two valid comb polygons of N teeth each, one across the other: N^2 crossings
  circle N          one valid polygon of N vertices (a circle)
  spiral N          one valid spiral ring of N vertices whose edges are long in x (a sweep's worst case),
                    made invalid by one crossing at its end
  diagonals N       one valid ring of N/2 long parallel diagonals (every pair of edges has overlapping boxes)
  diagonals-x N     the same with a few crossings at its end
  strips N          N thin parallel strips in one MultiPolygon, apart, but every box meets every other
  islands N         a circle of 40,000 vertices with N small squares inside it (each cut by the circle)
  mix 0             every limit of frontline's budget for one file nearly reached at once (use --decimals 5)

Usage: make_hostile.py KIND N OUT.geojson [--seed S]
"""
import argparse
import json
import math
import random
import re


def fc(polygons):
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {},
                          "geometry": {"type": "Polygon", "coordinates": p}}
                         for p in polygons]}


def multi(polygons):
    # One feature: the file stays small, and the reader still yields one source polygon each.
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {},
                          "geometry": {"type": "MultiPolygon", "coordinates": polygons}}]}


def closed(ring):
    return ring + [ring[0]]


def square(x, y, d):
    return closed([[x, y], [x + d, y], [x + d, y + d], [x, y + d]])


def random_ring(n, rnd):
    return [[closed([[37 + rnd.random(), 47 + rnd.random()] for _ in range(n)])]]


def overlapping(n, rnd):
    # Squares of 0.01..0.05 degrees around one spot: each overlaps most of the others.
    return [[square(37.5 + rnd.random() * 0.05, 47.5 + rnd.random() * 0.05, 0.01 + rnd.random() * 0.04)]
            for _ in range(n)]


def holes(n, rnd):
    shell = square(37, 47, 1)
    hs = []
    for i in range(n):
        d = 0.005 + rnd.random() * 0.02
        if i % 50 == 0:  # a few outside the shell, a few across its edge
            x, y = 38.01 + rnd.random() * 0.5, 47 + rnd.random()
        else:
            x, y = 37.01 + rnd.random() * 0.95, 47.01 + rnd.random() * 0.95
        hs.append(list(reversed(square(x, y, d))))
    return [[shell] + hs]


def comb(n, horizontal):
    # A comb of n teeth across the unit square; each tooth is a thin strip, joined by a spine.
    pts = []
    w = 1.0 / (2 * n)
    for i in range(n):
        a = i * 2 * w
        pts += [[a, 0.0], [a, 1.0], [a + w, 1.0], [a + w, 0.02]]
    pts += [[1.0, 0.02], [1.0, -0.02], [0.0, -0.02]]
    if horizontal:
        pts = [[y, x] for x, y in pts]
    ring = [[37 + 0.98 * x, 47 + 0.98 * y] for x, y in pts]
    if horizontal:
        ring.reverse()
    return [closed(ring)]


def combs(n, rnd):
    return [comb(n, False), comb(n, True)]


def circle(n, rnd):
    return [[closed([[37.5 + 0.5 * math.cos(2 * math.pi * i / n), 47.5 + 0.5 * math.sin(2 * math.pi * i / n)]
                     for i in range(n)])]]


def spiral(n, rnd):
    # Horizontal zig-zag rows, each spanning the whole width: valid, but a sweep in x sees every
    # edge active at once. The last point jumps back across the first rows: a few crossings.
    rows = n // 2
    pts = []
    for i in range(rows):
        y = 47 + i / rows
        pts += [[37.0, y], [38.0, y]] if i % 2 == 0 else [[38.0, y], [37.0, y]]
    # Back down the left side and up across the first rows: a few crossings.
    out = pts + [[36.9, 48.0], [36.9, 46.9], [37.5, 46.9], [37.5, 47.0 + 1.5 / rows]]
    return [[closed(out)]]


def diagonals(n, rnd, cross=False):
    # Rows of long parallel diagonals joined at alternate ends: valid, yet every edge's bounding
    # box overlaps every other's, so any noding (a validity check included) tests all pairs.
    # Spread over 20 degrees so that 4 decimals still separate the rows.
    rows = n // 2
    d = 1.0 / rows
    pts = []
    for i in range(rows):
        a, b = [0.0, i * d], [1.0, i * d + 1.0]
        pts += [a, b] if i % 2 == 0 else [b, a]
    last = pts[-1]
    pts += [[-0.1, last[1]], [-0.1, -0.1]]
    if cross:  # through the first rows and back: a few crossings
        pts += [[0.5, -0.1], [0.5, 0.5 + 2.5 * d], [0.45, -0.1]]
    return [[closed([[27 + 20 * x, 37 + 10 * y] for x, y in pts])]]


def strips(n, rnd):
    # Thin parallel diagonal strips, apart from each other, in one MultiPolygon: every strip's box
    # meets every other's, so each is tested against all the strips before it, and none is cut.
    d = 1.0 / n
    return [[closed([[37 + i * d, 47], [37 + (i + 0.4) * d, 47], [38 + (i + 0.4) * d, 48], [38 + i * d, 48]])]
            for i in range(n)]


def islands(n, rnd):
    # A circle of 40,000 vertices and n small squares inside it, apart from each other: each
    # square is cut by the circle, whose 40,000 vertices are clipped again for every square.
    side = int(math.ceil(math.sqrt(n)))
    d = 0.5 / side
    squares = [[square(37.25 + (i % side) * d, 47.25 + (i // side) * d, d / 2)] for i in range(n)]
    return circle(40000, rnd) + squares


def shifted(polygons, dx, dy):
    return [[[[x + dx, y + dy] for x, y in ring] for ring in p] for p in polygons]


def mix(n, rnd):
    # Each limit of a file's budget nearly used up at once, in separate places (N is ignored):
    # validity-check pairs (diagonals), self-crossings (a random ring), crossings (combs), pairs
    # of polygons to cut (strips) and their vertices (islands). Write it with --decimals 5.
    return (shifted(diagonals(3000, rnd), 0, -20) + shifted(random_ring(280, rnd), 0, 2) +
            shifted(combs(105, rnd), 2, 2) + shifted(strips(400, rnd), 4, 2) + shifted(islands(400, rnd), 6, 2))


KINDS = {"random-ring": random_ring, "overlapping": overlapping, "holes": holes, "combs": combs,
         "circle": circle, "spiral": spiral, "diagonals": diagonals,
         "diagonals-x": lambda n, rnd: diagonals(n, rnd, cross=True), "strips": strips,
         "islands": islands, "mix": mix}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=sorted(KINDS))
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--decimals", type=int, default=6, help="decimals of each coordinate (6: about 11 cm)")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    polygons = KINDS[a.kind](a.n, rnd)
    doc = multi(polygons) if a.kind in ("overlapping", "strips", "islands") else fc(polygons)
    text = json.dumps(doc, separators=(",", ":"))
    # Few decimals keep the files small, as real maps are (rounding, not truncation, would be no
    # different for what these shapes test).
    text = re.sub(r"(\d+\.\d{%d})\d+" % a.decimals, r"\1", text)
    with open(a.out, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
