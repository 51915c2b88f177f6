#!/usr/bin/python3
"""Shapes of the golden-test fixtures, and the areas the golden cases expect, computed
independently of frontline.

Every fixture polygon is an axis-aligned lon/lat rectangle (or a bow-tie whose halves are
triangles) with corners on multiples of 0.05 degree, chosen so that every overlay result
frontline computes (a precedence cut, a gain, a loss, a diff piece) is again a rectangle whose
corners are known in advance. Its area (WGS84; an edge is the straight line in lon/lat, measured
as geodesics between points cutting it into pieces of at most 0.01 degree, as frontline measures:
bench/reference/frontline_ref.py, ring_area_perimeter) is computed here with pyproj's Geod, an
independent implementation of Karney's algorithm. Run with Debian's interpreter, which has python3-pyproj:

    /usr/bin/python3 tests/data/golden/expected_areas.py            # print every expected value
    /usr/bin/python3 tests/data/golden/expected_areas.py --check    # also check rounding margins
    /usr/bin/python3 tests/data/golden/expected_areas.py --oblasts  # also the real boundary file

make_fixtures.py imports the shape definitions from this file and writes the GeoJSON fixtures,
so fixtures and expectations cannot drift apart.

Rounding: the CLI prints km2 rounded to 3 decimals in JSON and 1 decimal in text tables (diff
GeoJSON properties: 4 decimals, ratios 4, share_of_ukraine 6). --check verifies that no expected
value lies within 1e-6 of a rounding boundary, so the comparison does not depend on the last
bits of either implementation.
"""
import math
import sys

sys.dont_write_bytecode = True


def rect(x0, y0, x1, y1):
    """Closed counter-clockwise ring of a lon/lat rectangle."""
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]


# ---- the DeepState-style series (map "deepstate") ----
# Times (Unix seconds, UTC): deliberately not at midnight, as DeepState's are not.
T1 = 1735711200  # 2025-01-01T06:00:00Z
T2 = 1736965800  # 2025-01-15T18:30:00Z
T3 = 1738411200  # 2025-02-01T12:00:00Z
T4 = 1740042900  # 2025-02-20T09:15:00Z  same content as T3 (plus a point): skipped as identical
T5 = 1740865500  # 2025-03-01T21:45:00Z
T_EXTRA = 1741392000  # 2025-03-08T00:00:00Z  a good file only used together with a bad one

P = rect(36.0, 47.0, 36.5, 47.5)     # occupied_before_2022 (key territories.ordlo), all versions
O1 = rect(37.0, 47.0, 37.5, 47.5)    # occupied, v1
O1B = rect(37.0, 47.8, 37.2, 48.0)   # occupied by fill colour alone (label names no status), all
C1 = rect(37.6, 47.0, 37.8, 47.5)    # contested, v1 and v2 (source)
L = rect(38.0, 47.0, 38.2, 47.2)     # liberated, v1..v4; the same ring is contested in v5
# A bow-tie (self-intersecting, invalid): frontline repairs it into two triangles that touch at
# (38.1, 47.7), where the diagonals cross. Liberated, all versions.
K = [(38.0, 47.6), (38.2, 47.8), (38.2, 47.6), (38.0, 47.8), (38.0, 47.6)]
K_LEFT = [(38.0, 47.6), (38.1, 47.7), (38.0, 47.8), (38.0, 47.6)]
K_RIGHT = [(38.1, 47.7), (38.2, 47.8), (38.2, 47.6), (38.1, 47.7)]
FOREIGN = rect(29.0, 47.0, 29.5, 47.5)   # Transnistria: excluded
UNCLASSIFIED = rect(35.0, 46.0, 35.2, 46.2)  # a label and colour no rule knows: excluded
POINT = (37.3, 47.3)
LINE = [(36.8, 47.0), (36.8, 47.5)]
DEGENERATE = [(37.0, 46.5), (37.1, 46.5), (37.0, 46.5), (37.0, 46.5)]  # < 3 distinct points

O2 = rect(37.0, 47.0, 37.7, 47.5)    # occupied, v2: overlaps C1 on 37.6..37.7
C2_CUT = rect(37.7, 47.0, 37.8, 47.5)  # C1 after the precedence cut by O2
O3 = rect(37.0, 47.0, 37.6, 47.5)    # occupied, v3
O3B = rect(37.0, 47.6, 37.3, 47.7)   # occupied, v3; liberated in v5 (same ring)
C3 = rect(37.65, 47.0, 37.8, 47.5)   # contested, v3
O5 = rect(37.0, 47.0, 37.8, 47.5)    # occupied, v5
C5 = L                               # contested, v5 (was liberated)
L5B = O3B                            # liberated, v5 (was occupied)

LABEL_OCCUPIED = "Окуповано /// Occupied /// geoJSON.status.occupied"
LABEL_CONTESTED = "Невідомий статус /// Unknown status /// geoJSON.status.unknown"
LABEL_LIBERATED = "Звільнено /// Liberated /// geoJSON.status.dismissed_at {{at:05.01}}"
LABEL_ORDLO = "ОРДЛО /// CADR and CALR /// geoJSON.territories.ordlo"
LABEL_FOREIGN = "Придністров'я /// Transnistria /// geoJSON.territories.transnistria"
LABEL_BY_FILL = "Позиції /// Positions"
LABEL_UNCLASSIFIED = "Щось інше /// Something else"
FILL = {"occupied": "#a52714", "contested": "#bcaaa4", "liberated": "#0f9d58",
        "occupied_before_2022": "#880e4f", "foreign": "#ff5252", "unclassified": "#123456"}

# Each snapshot: list of (kind, label, fill, geometry). kind: polygon | point | line.
def _poly(label, fill, ring):
    return ("polygon", label, fill, [ring])


V1 = [
    _poly(LABEL_ORDLO, FILL["occupied_before_2022"], P),
    _poly(LABEL_OCCUPIED, FILL["occupied"], O1),
    _poly(LABEL_BY_FILL, FILL["occupied"], O1B),
    _poly(LABEL_CONTESTED, FILL["contested"], C1),
    _poly(LABEL_LIBERATED, FILL["liberated"], L),
    _poly(LABEL_LIBERATED, FILL["liberated"], K),
    _poly(LABEL_FOREIGN, FILL["foreign"], FOREIGN),
    _poly(LABEL_UNCLASSIFIED, FILL["unclassified"], UNCLASSIFIED),
    ("point", "Напрямок атаки /// Direction of attack", "", POINT),
    ("line", "Лінія /// Line", "", LINE),
]
V2 = [
    _poly(LABEL_ORDLO, FILL["occupied_before_2022"], P),
    _poly(LABEL_OCCUPIED, FILL["occupied"], O2),
    _poly(LABEL_BY_FILL, FILL["occupied"], O1B),
    _poly(LABEL_CONTESTED, FILL["contested"], C1),
    _poly(LABEL_LIBERATED, FILL["liberated"], L),
    _poly(LABEL_LIBERATED, FILL["liberated"], K),
    _poly(LABEL_OCCUPIED, FILL["occupied"], DEGENERATE),
]
V3 = [
    _poly(LABEL_ORDLO, FILL["occupied_before_2022"], P),
    _poly(LABEL_OCCUPIED, FILL["occupied"], O3),
    _poly(LABEL_OCCUPIED, FILL["occupied"], O3B),
    _poly(LABEL_BY_FILL, FILL["occupied"], O1B),
    _poly(LABEL_CONTESTED, FILL["contested"], C3),
    _poly(LABEL_LIBERATED, FILL["liberated"], L),
    _poly(LABEL_LIBERATED, FILL["liberated"], K),
]
V4 = V3 + [("point", "Напрямок атаки /// Direction of attack", "", POINT)]
V5 = [
    _poly(LABEL_ORDLO, FILL["occupied_before_2022"], P),
    _poly(LABEL_OCCUPIED, FILL["occupied"], O5),
    _poly(LABEL_BY_FILL, FILL["occupied"], O1B),
    _poly(LABEL_CONTESTED, FILL["contested"], C5),
    _poly(LABEL_LIBERATED, FILL["liberated"], L5B),
    _poly(LABEL_LIBERATED, FILL["liberated"], K),
]
EXTRA = V5  # content of the good file imported together with a bad one
DEEPSTATE = {T1: V1, T2: V2, T3: V3, T4: V4, T5: V5}

# ---- the border (map "border"): ground drawn on Russia's land, Kursk oblast style ----
T_BORDER = 1725148800  # 2024-09-01T00:00:00Z
BORDER_LIB = rect(34.5, 51.0, 35.5, 51.5)   # liberated, across the border: two thirds in Russia
BORDER_GREY = rect(35.5, 51.0, 35.8, 51.3)  # contested, east of it, wholly in Russia but for water
BORDER_OCC = rect(35.0, 50.5, 35.2, 50.7)   # occupied, wholly in Ukraine (Sumy oblast)
BORDER = [
    _poly(LABEL_LIBERATED, FILL["liberated"], BORDER_LIB),
    _poly(LABEL_CONTESTED, FILL["contested"], BORDER_GREY),
    _poly(LABEL_OCCUPIED, FILL["occupied"], BORDER_OCC),
]

# ---- a gazetteer (places/): two oblasts, three hromadas, two settlement boundaries, a point ----
OBLAST_A = rect(36.0, 47.0, 37.5, 48.0)   # "Донецька область"
OBLAST_B = rect(37.5, 47.0, 39.0, 48.0)   # "Запорізька область"
HROMADAS = [  # (name, raion, oblast, ring)
    ("Покровська", "Покровський район", "Донецька область", rect(36.0, 47.0, 37.5, 47.5)),
    ("Лиманська", "Краматорський район", "Донецька область", rect(36.0, 47.5, 37.5, 48.0)),
    ("Бахмутська", "Бахмутський район", "Запорізька область", rect(37.5, 47.0, 39.0, 48.0)),
]
PLACE_PK = rect(37.1, 47.1, 37.3, 47.3)    # "Покровськ" (old name Красноармійськ): inside O1..O5
PLACE_LY = rect(37.55, 47.1, 37.75, 47.3)  # "Лиман": across C1, O2, C3, O5
SIVERSK_POINT = (36.2, 47.65)              # "Сіверськ", population 11,000: a disc
SIVERSK_POPULATION = 11000
USER_CENTRE = rect(37.15, 47.15, 37.25, 47.25)  # a user's "Pokrovsk centre", inside PLACE_PK


def settlement_radius_m(population):
    """frontline's radius of a settlement known by its point (places.hpp)."""
    km2 = population / 2000.0
    return min(max(math.sqrt(km2 / math.pi) * 1000.0, 500.0), 8000.0)


def disc(point, radius_m):
    """The 48-gon frontline draws (src/places/gazetteer.cpp), on the 1e-7 degree grid."""
    lon, lat = round(point[0] * 1e7), round(point[1] * 1e7)
    dlon = radius_m / (111320.0 * math.cos(math.radians(lat * 1e-7))) * 1e7
    dlat = radius_m / 110574.0 * 1e7
    ring = []
    for i in range(49):
        a = 2 * math.pi * (i % 48) / 48
        ring.append((round(lon + dlon * math.cos(a)) * 1e-7, round(lat + dlat * math.sin(a)) * 1e-7))
    return ring


# ---- the plain series (map "daily", --status occupied_total --time-from-name) ----
DAILY_A = rect(30.0, 50.0, 30.5, 50.5)
DAILY_HOLE = rect(30.1, 50.1, 30.2, 50.2)[::-1]  # holes clockwise
DAILY_A2 = rect(30.0, 50.0, 30.6, 50.5)
DAILY_B = rect(31.0, 50.0, 31.2, 50.2)
DAILY_B2 = rect(31.0, 50.0, 31.1, 50.2)
DAILY = {  # file date -> MultiPolygon (list of polygons, each a list of rings)
    "20250101": [[DAILY_A, DAILY_HOLE], [DAILY_B]],
    "20250201": [[DAILY_A2, DAILY_HOLE], [DAILY_B]],
    "20250301": [[DAILY_A2, DAILY_HOLE], [DAILY_B2]],
}

# ---- a reference boundary: two overlapping squares, their union counted once ----
REF_A = rect(36.0, 46.0, 38.0, 48.0)
REF_B = rect(37.0, 47.0, 39.0, 49.0)
REF_UNION = [(36.0, 46.0), (38.0, 46.0), (38.0, 47.0), (39.0, 47.0), (39.0, 49.0), (37.0, 49.0),
             (37.0, 48.0), (36.0, 48.0), (36.0, 46.0)]


# ---- invalid geometry (import --status occupied --time 2025-01-01 --map m FILE) ----
# A hole is never area: the shell 37..37.6 x 47..47.4 with a hole wholly outside it measures as
# the shell alone (GEOS's MakeValid used to make the hole a second shell: shell + hole).
HOLE_SHELL = rect(37.0, 47.0, 37.6, 47.4)
# The grey-zone triangle DeepState drew in the Arabian Sea in 2023 (make_fixtures.py, far-away).
FAR_TRIANGLE = [(65.6434836, 15.1950186), (64.7082832, 13.5127829), (63.1135756, 15.2627736),
                (65.6434836, 15.1950186)]
HOLE_OUTSIDE = rect(38.0, 47.0, 38.1, 47.1)[::-1]


def tangle():
    """A ring of 400 points drawn at random in 37..38 x 47..48, 4 decimals: it crosses itself
    thousands of times (more than frontline's 10,000 per file). Deterministic."""
    import random
    rnd = random.Random(400)
    ring = [(round(37 + rnd.random(), 4), round(47 + rnd.random(), 4)) for _ in range(400)]
    return ring + [ring[0]]


def comb(teeth, lying):
    """A comb of `teeth` upright strips over 37..38 x 47..48 (or lying: x and y swapped); two of
    them, one lying, are valid polygons whose outlines cross 4 x teeth_a x teeth_b times."""
    pts = []
    w = 1.0 / (2 * teeth)
    for i in range(teeth):
        a = i * 2 * w
        pts += [(a, 0.0), (a, 1.0), (a + w, 1.0), (a + w, 0.02)]
    pts += [(1.0, 0.02), (1.0, -0.02), (0.0, -0.02)]
    if lying:
        pts = [(y, x) for x, y in pts][::-1]
    ring = [(round(37 + x, 7), round(47 + y, 7)) for x, y in pts]
    return ring + [ring[0]]


def self_crossings(ring):
    """Pairs of non-neighbouring edges of a closed ring that meet anywhere but at a shared vertex,
    counted by trying every pair on the 1e-7 degree grid with exact integer arithmetic (what
    frontline counts, by another method: geo/edge_load.cpp sweeps)."""
    g = [(round(x * 1e7), round(y * 1e7)) for x, y in ring]
    edges = list(zip(g[:-1], g[1:]))
    n = len(edges)

    def orient(p, q, r):
        v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
        return (v > 0) - (v < 0)

    def inside(p, s):
        (a, b) = s
        return (min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])
                and p != a and p != b)

    count = 0
    for i in range(n):
        for j in range(i + 2, n):
            if i == 0 and j == n - 1:
                continue
            e, f = edges[i], edges[j]
            d1, d2 = orient(f[0], f[1], e[0]), orient(f[0], f[1], e[1])
            d3, d4 = orient(e[0], e[1], f[0]), orient(e[0], e[1], f[1])
            if ((d1 * d2 < 0 and d3 * d4 < 0) or (d1 == 0 and inside(e[0], f)) or (d2 == 0 and inside(e[1], f))
                    or (d3 == 0 and inside(f[0], e)) or (d4 == 0 and inside(f[1], e))):
                count += 1
    return count


# ---------------------------------------------------------------------------------------------
# Stores written before schema 5 measured every edge as one geodesic; expected(geodesic_edges=True)
# gives what such a store holds until an import re-measures it.
_GEODESIC_EDGES = False


def km2(ring):
    """Area of a ring in km2 (orientation ignored), edges straight in lon/lat."""
    closed = list(ring) + [ring[0]] if ring[0] != ring[-1] else list(ring)
    if _GEODESIC_EDGES:
        from pyproj import Geod
        a, _ = Geod(ellps="WGS84").polygon_area_perimeter([p[0] for p in closed[:-1]], [p[1] for p in closed[:-1]])
        return abs(a) / 1e6
    return _ref().ring_area_perimeter(closed)[0] / 1e6


def _ref():
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "..", "bench", "reference"))
    import frontline_ref
    return frontline_ref


def expected(geodesic_edges=False):
    """Every value the golden cases expect, by name, in km2 (unrounded)."""
    global _GEODESIC_EDGES
    _GEODESIC_EDGES = geodesic_edges
    try:
        return _expected()
    finally:
        _GEODESIC_EDGES = False


def _expected():
    a = {}
    K_AREA = km2(K_LEFT) + km2(K_RIGHT)
    layers = {
        "v1": {"occupied_before_2022": km2(P), "occupied": km2(O1) + km2(O1B), "contested": km2(C1),
               "liberated": km2(L) + K_AREA},
        "v2": {"occupied_before_2022": km2(P), "occupied": km2(O2) + km2(O1B), "contested": km2(C2_CUT),
               "liberated": km2(L) + K_AREA},
        "v3": {"occupied_before_2022": km2(P), "occupied": km2(O3) + km2(O3B) + km2(O1B),
               "contested": km2(C3), "liberated": km2(L) + K_AREA},
        "v5": {"occupied_before_2022": km2(P), "occupied": km2(O5) + km2(O1B), "contested": km2(C5),
               "liberated": km2(L5B) + K_AREA},
    }
    for v, ls in layers.items():
        for s, x in ls.items():
            a[f"{v}.{s}"] = x
        a[f"{v}.occupied_total"] = ls["occupied"] + ls["occupied_before_2022"]
    a["change.v2"] = a["v2.occupied_total"] - a["v1.occupied_total"]
    a["change.v3"] = a["v3.occupied_total"] - a["v2.occupied_total"]
    a["change.v5"] = a["v5.occupied_total"] - a["v3.occupied_total"]
    # Largest precedence overlap: contested in v2, measured as area before minus after the cut.
    a["max_overlap.contested"] = km2(C1) - km2(C2_CUT)

    # Gains, v1 -> v2 (week 2025-W03, day 2025-01-15): O1 grew into O2.
    a["gain.v1v2.net"] = km2(O2) - km2(O1)
    a["gain.v1v2.gained"] = km2(rect(37.5, 47.0, 37.7, 47.5))
    a["gain.v1v2.lost"] = 0.0
    a["gain.v1v2.contested"] = km2(C2_CUT) - km2(C1)
    # v2 -> v3 (week 2025-W05, month 2025-02): O2 shrank to O3, O3B appeared.
    a["gain.v2v3.net"] = km2(O3) + km2(O3B) - km2(O2)
    a["gain.v2v3.gained"] = km2(O3B)
    a["gain.v2v3.lost"] = km2(rect(37.6, 47.0, 37.7, 47.5))
    a["gain.v2v3.contested"] = km2(C3) - km2(C2_CUT)
    # v3 -> v5 (month 2025-03): O3 and O3B became O5.
    a["gain.v3v5.net"] = km2(O5) - km2(O3) - km2(O3B)
    a["gain.v3v5.gained"] = km2(rect(37.6, 47.0, 37.8, 47.5))
    a["gain.v3v5.lost"] = km2(O3B)
    a["gain.v3v5.contested"] = km2(C5) - km2(C3)
    a["ratio.w05_w03"] = a["gain.v2v3.net"] / a["gain.v1v2.net"]

    # Diff v2 -> v3: pieces in frontline's order (by status before, then status after).
    a["diff.v2v3.pieces"] = [
        ("lost", "occupied", "contested", km2(rect(37.65, 47.0, 37.7, 47.5)), (37.65, 47.0, 37.7, 47.5)),
        ("lost", "occupied", None, km2(rect(37.6, 47.0, 37.65, 47.5)), (37.6, 47.0, 37.65, 47.5)),
        ("gained", None, "occupied", km2(O3B), (37.0, 47.6, 37.3, 47.7)),
    ]
    # Diff v3 -> v5.
    a["diff.v3v5.pieces"] = [
        ("lost", "occupied", "liberated", km2(O3B), (37.0, 47.6, 37.3, 47.7)),
        ("gained", "contested", "occupied", km2(C3), (37.65, 47.0, 37.8, 47.5)),
        ("reclassified", "liberated", "contested", km2(L), (38.0, 47.0, 38.2, 47.2)),
        ("gained", None, "occupied", km2(rect(37.6, 47.0, 37.65, 47.5)), (37.6, 47.0, 37.65, 47.5)),
    ]
    for d in ("v2v3", "v3v5"):
        pieces = a[f"diff.{d}.pieces"]
        a[f"diff.{d}.gained"] = sum(p[3] for p in pieces if p[0] == "gained")
        a[f"diff.{d}.lost"] = sum(p[3] for p in pieces if p[0] == "lost")
        a[f"diff.{d}.reclassified"] = sum(p[3] for p in pieces if p[0] == "reclassified")
        a[f"diff.{d}.net"] = a[f"diff.{d}.gained"] - a[f"diff.{d}.lost"]

    # The plain series.
    a["daily.d1"] = km2(DAILY_A) - km2(DAILY_HOLE) + km2(DAILY_B)
    a["daily.d2"] = km2(DAILY_A2) - km2(DAILY_HOLE) + km2(DAILY_B)
    a["daily.d3"] = km2(DAILY_A2) - km2(DAILY_HOLE) + km2(DAILY_B2)
    a["daily.jan.net"] = km2(DAILY_A2) - km2(DAILY_A)
    a["daily.jan.gained"] = km2(rect(30.5, 50.0, 30.6, 50.5))
    a["daily.feb.net"] = km2(DAILY_B2) - km2(DAILY_B)
    a["daily.feb.lost"] = km2(rect(31.1, 50.0, 31.2, 50.2))
    a["daily.ratio.jan_feb"] = a["daily.jan.net"] / a["daily.feb.net"]

    # Invalid geometry: the hole outside its shell subtracts nothing; what the old repair gave.
    a["hole.shell"] = km2(HOLE_SHELL)
    a["hole.shell_plus_hole"] = km2(HOLE_SHELL) + km2(HOLE_OUTSIDE)
    a["far.triangle"] = km2(FAR_TRIANGLE)

    # The reference boundary and shares.
    a["ref.union"] = km2(REF_UNION)
    a["share.v1"] = a["v1.occupied_total"] / a["ref.union"]
    a["share.v5"] = a["v5.occupied_total"] / a["ref.union"]
    a["share.daily.d2"] = a["daily.d2"] / a["ref.union"]

    # The gazetteer: oblasts, hromadas, places, and what the versions hold inside them.
    a["oblast.A"], a["oblast.B"] = km2(OBLAST_A), km2(OBLAST_B)
    for name, _, _, ring in HROMADAS:
        a["hromada." + name] = km2(ring)
    a["raion.Покровський район"] = km2(HROMADAS[0][3])
    a["place.PK"], a["place.LY"] = km2(PLACE_PK), km2(PLACE_LY)
    a["place.user_centre"] = km2(USER_CENTRE)
    a["siversk.radius_m"] = settlement_radius_m(SIVERSK_POPULATION)
    a["place.Siversk"] = km2(disc(SIVERSK_POINT, a["siversk.radius_m"]))
    a["regions.v1.A"] = km2(P) + km2(O1) + km2(O1B)
    a["regions.v5.A"] = km2(P) + km2(rect(37.0, 47.0, 37.5, 47.5)) + km2(O1B)
    a["regions.v5.B"] = km2(rect(37.5, 47.0, 37.8, 47.5))
    a["hromadas.v1.Покровська"] = km2(P) + km2(O1)
    a["hromadas.v1.Лиманська"] = km2(O1B)
    # regions --history: what changes version after version in each hromada.
    a["hromadas.v2.Бахмутська"] = km2(rect(37.5, 47.0, 37.7, 47.5))
    a["hromadas.v3.Бахмутська"] = km2(rect(37.5, 47.0, 37.6, 47.5))
    a["hromadas.v3.Лиманська"] = km2(O1B) + km2(O3B)
    a["hromadas.v5.Бахмутська"] = km2(rect(37.5, 47.0, 37.8, 47.5))
    for k in [k for k in a if k.startswith("hromadas.v")]:
        name = k.split(".")[-1]
        a[k + ".share"] = a[k] / a["hromada." + name]
    # Lyman: its share of each status, by version (its parts are rectangles too).
    ly = a["place.LY"]
    a["ly.v1.contested"] = km2(rect(37.6, 47.1, 37.75, 47.3))
    a["ly.v2.occupied"] = km2(rect(37.55, 47.1, 37.7, 47.3))
    a["ly.v2.contested"] = km2(rect(37.7, 47.1, 37.75, 47.3))
    a["ly.v3.occupied"] = km2(rect(37.55, 47.1, 37.6, 47.3))
    a["ly.v3.contested"] = km2(rect(37.65, 47.1, 37.75, 47.3))
    for k in [k for k in a if k.startswith("ly.v")]:
        a[k + ".share"] = a[k] / ly

    # The border: each rectangle's part on the neighbours' land, with shapely and pyproj.
    for name, ring in (("lib", BORDER_LIB), ("grey", BORDER_GREY), ("occ", BORDER_OCC)):
        a[f"border.{name}"] = km2(ring)
        a[f"border.{name}.outside"] = _outside_km2(ring)
    return a


def _outside_km2(ring):
    from shapely.geometry import Polygon
    ref = _ref()
    return ref.area_km2(Polygon(ring).intersection(ref.neighbours_land()))


def oblasts(path):
    """The reference area of data/ukraine-oblasts.geojson.gz, independently: every polygon put on
    frontline's 1e-7 degree grid (repeated points dropped), invalid ones made valid (counted),
    all unioned with shapely and measured with pyproj. Needs python3-shapely."""
    import gzip
    import json
    from shapely.geometry import Polygon
    from shapely.ops import unary_union
    from shapely.validation import make_valid

    def on_grid(ring):
        out = []
        for x, y in ring:
            c = (round(x * 1e7) / 1e7, round(y * 1e7) / 1e7)
            if not out or out[-1] != c:
                out.append(c)
        return out

    with gzip.open(path, "rt", encoding="utf-8") as f:
        fc = json.load(f)
    parts, invalid = [], 0
    for feat in fc["features"]:
        g = feat["geometry"]
        for p in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]):
            q = Polygon(on_grid(p[0]), [on_grid(h) for h in p[1:]])
            if not q.is_valid:
                invalid += 1
                q = make_valid(q)
            parts.append(q)
    union = unary_union(parts)
    return {"features": len(fc["features"]), "invalid_polygons": invalid, "area_km2": _ref().area_km2(union)}


def vertices():
    """Vertex counts (closed rings: rectangles 5, triangles 4) per stored version."""
    rect_v, tri_v = 5, 4
    k = 2 * tri_v
    return {
        "v1": rect_v * 5 + k,           # P, O1, O1B, C1, L, K (2 triangles)
        "v2": rect_v * 5 + k,           # P, O2, O1B, C2_CUT, L, K
        "v3": rect_v * 6 + k,           # P, O3, O3B, O1B, C3, L, K
        "v5": rect_v * 5 + k,           # P, O5, O1B, C5, L5B, K
        "daily": rect_v * 3,            # outer, hole, second polygon
    }


def _margin(x, decimals):
    """Distance of x from the nearest rounding boundary (a ...5) at that many decimals."""
    scaled = abs(x) * 10 ** decimals
    return abs(scaled - int(scaled) - 0.5) / 10 ** decimals


# Decimals each kind of value is printed with, and how close to a boundary is too close.
def _printed(name):
    if name.startswith("share."):
        return (6,), 1e-10
    if name.startswith("ratio.") or name.startswith("daily.ratio."):
        return (2, 4), 1e-9
    return (1, 3), 1e-6


def main():
    check = "--check" in sys.argv
    bad = 0
    for name, value in expected().items():
        if isinstance(value, list):
            for p in value:
                print(f"{name}: {p[0]} {p[1]} -> {p[2]}: {p[3]:.6f} (round4 {round(p[3], 4)}) bbox {p[4]}")
                if check and _margin(p[3], 4) < 1e-6:
                    print(f"  NEAR A ROUNDING BOUNDARY: {name}")
                    bad += 1
            continue
        print(f"{name}: {value:.9f}  json {round(value, 3)!r}  text {round(value, 1):.1f}")
        if check:
            decimals, too_close = _printed(name)
            for d in decimals:
                if value != 0 and _margin(value, d) < too_close:
                    print(f"  NEAR A ROUNDING BOUNDARY at {d} decimals: {name}")
                    bad += 1
    print("vertices:", vertices())
    print("tangle self-crossings:", self_crossings(tangle()))
    if "--oblasts" in sys.argv:
        import os
        here = os.path.dirname(os.path.abspath(__file__))
        o = oblasts(os.path.join(here, "..", "..", "..", "data", "ukraine-oblasts.geojson.gz"))
        print(f"oblasts: {o['features']} features, {o['invalid_polygons']} invalid on the grid, "
              f"union {o['area_km2']:.6f} km2 (json {round(o['area_km2'], 3)!r}, text {o['area_km2']:.1f})")
        e = expected()
        print(f"oblasts share v1: {e['v1.occupied_total'] / o['area_km2']:.9f}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
