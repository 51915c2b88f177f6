#!/usr/bin/python3
"""Writes geodesic_cases.tsv: reference geodesic areas and perimeters for the unit tests.

The numbers come from pyproj (PROJ's geodesic routines, the C port of GeographicLib's algorithms
but a separate implementation from the C++ library frontline links), on the WGS84 ellipsoid.
Run with Debian's interpreter, which has pyproj 3.4 and shapely 1.8:

    /usr/bin/python3 tests/data/unit/make_geodesic_cases.py > tests/data/unit/geodesic_cases.tsv

Every coordinate is a multiple of 1e-7 degree (frontline's storage grid) so that the C++ side
measures exactly the same vertices. Columns: name, WKT polygon (lon lat), area in m² (outer ring
minus holes, orientation ignored) and perimeter in m (all rings) as frontline measures them (an
edge is the straight line in lon/lat, measured as geodesics between points that cut it into
pieces of at most 0.01°: bench/reference/frontline_ref.py, ring_area_perimeter), then the same
with every edge one geodesic (GeographicLib's own planimeter). Both are computed ring by ring
with Geod.polygon_area_perimeter; geodesic-edge areas are cross-checked against
Geod.geometry_area_perimeter on the oriented polygon.
"""
import gzip
import json
import os
import sys

from pyproj import Geod
from shapely import wkt as shapely_wkt
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient

GEOD = Geod(ellps="WGS84")
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "bench", "reference"))
sys.dont_write_bytecode = True
import frontline_ref  # noqa: E402  (the reference's rule for an edge: straight in lon/lat)


def fmt(x):
    s = f"{x:.7f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def ring_wkt(ring):
    return "(" + ", ".join(f"{fmt(x)} {fmt(y)}" for x, y in ring) + ")"


def close(ring):
    ring = [(round(x, 7), round(y, 7)) for x, y in ring]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    return ring


def polygon_wkt(outer, holes=()):
    return "POLYGON (" + ", ".join(ring_wkt(r) for r in [outer, *holes]) + ")"


def measure(outer, holes=(), geodesic_edges=False):
    def ring(r):
        if not geodesic_edges:
            return frontline_ref.ring_area_perimeter(r)
        lons = [p[0] for p in r[:-1]]
        lats = [p[1] for p in r[:-1]]
        a, p = GEOD.polygon_area_perimeter(lons, lats)
        return abs(a), p

    a, p = ring(outer)
    for h in holes:
        ha, hp = ring(h)
        a -= ha
        p += hp
    return a, p


def rect(lon0, lat0, lon1, lat1):
    return [(lon0, lat0), (lon1, lat0), (lon1, lat1), (lon0, lat1)]


CASES = []


def case(name, outer, holes=()):
    outer = close(outer)
    holes = [close(h) for h in holes]
    CASES.append((name, outer, holes))


# 1°×1° cells at the equator, at 48°N and near 60°N.
case("cell_equator", rect(30, 0, 31, 1))
case("cell_48n", rect(30, 48, 31, 49))
case("cell_60n", rect(30, 59.5, 31, 60.5))
# Orientation must not matter: the same cell counter-clockwise and clockwise.
case("cell_48n_ccw", rect(36, 48, 37, 49))
case("cell_48n_cw", list(reversed(rect(36, 48, 37, 49))))
case("triangle", [(33.1234567, 47.5), (35.9876543, 47.125), (34.25, 48.75)])
case("square_with_hole", rect(36, 46, 38, 48), [list(reversed(rect(36.5, 46.5, 37.25, 47.125)))])
case("long_thin", rect(22.0, 47.0, 40.0, 47.0005))
# Other hemispheres and the meridians where longitudes wrap or change sign.
case("cell_west", rect(-75, 40, -74, 41))
case("cell_south", rect(30, -35, 31, -34))
case("cell_prime_meridian", rect(-0.5, 51, 0.5, 52))
case("cell_antimeridian", [(179.5, -17), (-179.5, -17), (-179.5, -16), (179.5, -16)])
# From the equator to the North Pole over 70 degrees of longitude (a vertex on the pole).
case("polar_lune", [(10, 0), (80, 0), (45, 90)])

# Shapes for the resolver and import tests; vertices are chosen so that every overlay result is
# a ring of the given vertices (see the tests for the relations between them).
case("a_square", rect(30, 48, 31, 49))
case("a_square_split", [(30, 48), (30.5, 48), (31, 48), (31, 49), (30.5, 49), (30, 49)])
case("b_square_split", [(30.5, 48), (31, 48), (31.5, 48), (31.5, 49), (31, 49), (30.5, 49)])
case("ab_overlap", rect(30.5, 48, 31, 49))
case("ab_union", [(30, 48), (30.5, 48), (31, 48), (31.5, 48), (31.5, 49), (31, 49), (30.5, 49), (30, 49)])
case("b_minus_a", rect(31, 48, 31.5, 49))
case("a_grown", [(30, 48), (31, 48), (31.5, 48), (31.5, 49), (31, 49), (30, 49)])
case("small_square", rect(35, 47, 35.5, 47.5))
case("contested_square", rect(32, 46, 32.5, 46.5))
# The two triangles of the bow-tie POLYGON((30 48, 31 49, 31 48, 30 49, 30 48)), which crosses
# itself at (30.5, 48.5).
case("bowtie_left", [(30, 48), (30.5, 48.5), (30, 49)])
case("bowtie_right", [(30.5, 48.5), (31, 49), (31, 48)])
# Holes in invalid places (tests/unit/repair_test.cpp): a shell, a hole wholly outside it, the
# shell less a hole reaching across its east edge (37.5..37.8 x 47.1..47.2: only 37.5..37.6 is
# inside, so the result has a notch whose corners are the crossing points, all on the grid), and
# the shell less two overlapping holes, whose union is the L-shaped octagon below (axis-parallel
# edges: the crossing points (37.3, 47.2) and (37.2, 47.3) are exact).
case("hole_test_shell", rect(37, 47, 37.6, 47.4))
case("hole_test_outside", rect(38, 47, 38.1, 47.1))
case("hole_test_notched", [(37, 47), (37.6, 47), (37.6, 47.1), (37.5, 47.1), (37.5, 47.2), (37.6, 47.2),
                           (37.6, 47.4), (37, 47.4)])
case("hole_test_two_holes", rect(37, 47, 37.6, 47.4),
     [[(37.1, 47.1), (37.1, 47.3), (37.2, 47.3), (37.2, 47.35), (37.4, 47.35), (37.4, 47.2), (37.3, 47.2),
       (37.3, 47.1)]])

# Real-sized: Donetsk oblast and the city of Kyiv (with its holes) from data/ukraine-oblasts.geojson.gz.
with gzip.open(os.path.join(REPO, "data", "ukraine-oblasts.geojson.gz"), "rt", encoding="utf-8") as f:
    oblasts = {feat["properties"]["ADMIN_1"]: feat["geometry"] for feat in json.load(f)["features"]}
donetsk = Polygon(oblasts["Донецька область"]["coordinates"][0]).simplify(0.002, preserve_topology=True)
case("oblast_donetsk", list(donetsk.exterior.coords))
kyiv = oblasts["Місто Київ"]["coordinates"]
case("city_kyiv", kyiv[0], kyiv[1:])

print("# name\twkt\tarea_m2\tperimeter_m\tgeodesic_area_m2\tgeodesic_perimeter_m  (generated by "
      "make_geodesic_cases.py with pyproj " + __import__("pyproj").__version__ + "; do not edit)")
for name, outer, holes in CASES:
    a, p = measure(outer, holes)
    ga, gp = measure(outer, holes, geodesic_edges=True)
    text = polygon_wkt(outer, holes)
    # Cross-check the geodesic-edge area with pyproj's polygon routine (which sums the signed
    # ring areas; its perimeter counts the exterior ring only, so it is not compared).
    shp = orient(shapely_wkt.loads(text), 1.0)
    a2, _ = GEOD.geometry_area_perimeter(shp)
    assert abs(ga - abs(a2)) <= 1e-9 * ga + 1e-3, name
    print(f"{name}\t{text}\t{a!r}\t{p!r}\t{ga!r}\t{gp!r}")
