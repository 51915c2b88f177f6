#!/usr/bin/python3
"""Independent reference implementation of frontline's measures, in plain Python.

Used (a) by tests/reference/compare.py to check the C++ engine's numbers and
(b) by bench/run.sh as the "reference pipeline" the C++ engine must beat.

Run it with Debian's interpreter, which has the two libraries it needs:
    /usr/bin/python3 bench/reference/frontline_ref.py SUBCOMMAND ...
(python3-shapely 1.8 and python3-pyproj 3.4; nothing else beyond the standard library).

Subcommands (each prints JSON on stdout):
  history-areas ARCHIVE [--ids ID,...] [--every N]   per-version areas of the history archive
  history-gains ARCHIVE --from YYYY-MM --to YYYY-MM
                                                      monthly occupied_total gains (+ contested change)
  history-diff  ARCHIVE T1 T2 [T1 T2 ...]             gained / lost / reclassified between versions
  history-status ARCHIVE --at T ... --point LON,LAT ...  the status of points as of times
  series-gains  ARCHIVE --from YYYY-MM --to YYYY-MM   monthly gains of the daily occupied_total series
  ukraine-area  GEOJSON                               geodesic area of the union of the oblasts
  job HISTORY_ARCHIVE DAILY_ARCHIVE                   the whole benchmark job (see cmd_job)

ARCHIVE is a .tar.zst (streamed through `zstd -dc --long=31`, never unpacked to disk),
a directory of .geojson files, or a single .geojson file.

Semantics (the project's documented rules):
  * history version id = file name (Unix seconds, UTC); daily version time = YYYYMMDD 00:00 UTC.
  * a history polygon's status comes from its normalised `name`, falling back to `fill`
    (see classify()); foreign and unclassified polygons are excluded but counted.
  * per status: make_valid each polygon, keep polygonal parts, unary_union; then statuses are
    made disjoint by precedence occupied_before_2022 > occupied > contested > liberated.
  * occupied_total = occupied U occupied_before_2022.
  * area = on WGS84 (pyproj.Geod), |outer| - |holes| per polygon, in km2; an edge is the straight
    line in lon/lat, measured as geodesics between points cutting it into pieces <= 0.01 degree.
  * as-of T = latest version with time <= T; month M spans [1st of M, 1st of M+1) 00:00 UTC.
  * gains of a period: net = occupied_total area at end - at start; gained = area of
    (end - start), lost = area of (start - end), as sets of occupied_total.
  * diff of two versions: the overlay of their resolved layers; each piece of ground whose status
    changed (None = no status) is gained (into occupied_total), lost (out of it) or
    reclassified (any other change, e.g. contested -> liberated, occupied -> occupied_before_2022).
  * status of a point: the resolved layer that covers it (None outside all).
"""
import argparse
import calendar
import datetime as dt
import gzip
import json
import math
import os
import re
import subprocess
import sys
import tarfile
import time

from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import clip_by_rect, unary_union
from shapely.validation import make_valid

STATUSES = ("occupied", "occupied_before_2022", "contested", "liberated")
PRECEDENCE = ("occupied_before_2022", "occupied", "contested", "liberated")
GEOD = Geod(ellps="WGS84")

# ---- Classification ----------------------------------------------------------------------------
FILL = {
    "#a52714": "occupied",
    "#0f9d58": "liberated", "#0288d1": "liberated", "#01579b": "liberated", "#0097a7": "liberated",
    "#bcaaa4": "contested", "#bdbdbd": "contested", "#757575": "contested",
    "#880e4f": "occupied_before_2022", "#000000": "occupied_before_2022",
    "#ff5252": "foreign", "#ce93d8": "foreign",
}
EN_FOREIGN = ("transnistria", "abkhazia", "tskhinval", "karelia", "ichkeria", "prussia", "kuril",
              "petsamo", "salla", "pechorsky", "latvia", "estonia", "wagner")
EN_LIBERATED = ("liberated", "taken back", "recaptured", "pushed back")
EN_CONTESTED = ("unknown", "contested", "contensed", "contenesed", "in doubt", "under question",
                "gray area", "grey area")
UK_OCCUPIED = ("окупов", "захоплено", "зайняті ворогом")
UK_LIBERATED = ("звільнено", "відкинуто", "орки відсутні", "під контролем зсу")
UK_CONTESTED = ("під питанням", "невідом", "сіра зона", "немає інфо")
_WS = re.compile(r"\s+")


def normalise_name(name):
    """Replace NBSP and newlines by spaces, collapse whitespace runs, trim."""
    if not name:
        return ""
    name = name.replace("\u00a0", " ").replace("\r", " ").replace("\n", " ")
    return _WS.sub(" ", name).strip()


def by_fill(fill):
    return FILL.get((fill or "").strip().lower(), "unclassified")


def classify(name, fill):
    """Status of a history polygon from properties.name / properties.fill (rules 1-4)."""
    n = normalise_name(name)
    if "geoJSON." in n:                                   # rule 1: 2024+ keys
        key = n.split("geoJSON.", 1)[1].split(" ", 1)[0]
        if key == "status.occupied":
            return "occupied"
        if key == "status.unknown":
            return "contested"
        if key.startswith("status.dismissed"):
            return "liberated"
        if key in ("territories.ordlo", "territories.crimea", "territories.tuzla"):
            return "occupied_before_2022"
        if key == "zmiinyi_island":
            return by_fill(fill)
        if key.startswith("territories."):
            return "foreign"
        return by_fill(fill)
    if "///" in n:                                        # rule 2: "uk /// en" pairs
        e = n.split("///", 1)[1].lower()
        if any(w in e for w in ("cadr", "crimea", "tuzla")):
            return "occupied_before_2022"
        if "snake island" in e:
            return by_fill(fill)
        if any(w in e for w in EN_FOREIGN):
            return "foreign"
        if "occupied" in e or "under occupation" in e:
            return "occupied"
        if any(w in e for w in EN_LIBERATED):
            return "liberated"
        if any(w in e for w in EN_CONTESTED):
            return "contested"
    u = n.lower()                                         # rule 3: Ukrainian free text
    if "ордло" in u or "крим" in u or "тузла" in u:
        return "occupied_before_2022"
    if "придністров" in u:
        return "foreign"
    if "зміїний" in u:
        return by_fill(fill)
    if any(w in u for w in UK_OCCUPIED):
        return "occupied"
    if any(w in u for w in UK_LIBERATED):
        return "liberated"
    if any(w in u for w in UK_CONTESTED):
        return "contested"
    return by_fill(fill)                                  # rule 4


# ---- Geometry ----------------------------------------------------------------------------------
def _ring(coords):
    pts = [(c[0], c[1]) for c in coords]                  # drop Z
    return pts if len(set(pts)) >= 3 else None


def polygons_from_geojson(geom):
    """Shapely 2-D Polygons of a GeoJSON Polygon / MultiPolygon / GeometryCollection."""
    if not geom:
        return []
    t = geom.get("type")
    if t == "Polygon":
        rings = geom.get("coordinates") or []
        if not rings:
            return []
        shell = _ring(rings[0])
        if shell is None:
            return []
        holes = [h for h in (_ring(r) for r in rings[1:]) if h is not None]
        return [Polygon(shell, holes)]
    if t == "MultiPolygon":
        out = []
        for rings in geom.get("coordinates") or []:
            out += polygons_from_geojson({"type": "Polygon", "coordinates": rings})
        return out
    if t == "GeometryCollection":
        out = []
        for g in geom.get("geometries") or []:
            out += polygons_from_geojson(g)
        return out
    return []


def polygonal_parts(g):
    """List of the Polygons inside any shapely geometry (lines and points dropped)."""
    if g is None or g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type in ("MultiPolygon", "GeometryCollection"):
        out = []
        for part in g.geoms:
            out += polygonal_parts(part)
        return out
    return []


def union_valid(polys):
    """make_valid each polygon, keep polygonal parts, unary_union them."""
    parts = []
    for p in polys:
        parts += polygonal_parts(p if p.is_valid else make_valid(p))
    if not parts:
        return MultiPolygon()
    return unary_union(parts)


# An edge is the straight line in lon/lat (RFC 7946), measured as geodesics between points that
# cut it into equal pieces of at most 0.01 degree; the number of pieces is decided on the 1e-7
# degree grid, in integers, so that this and frontline find the same points.
MAX_EDGE_GRID = 100_000


def edge_pieces(a, b):
    """Pieces of the edge between grid points a and b: the smallest n with n * MAX_EDGE_GRID
    >= its grid length."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    sq = dx * dx + dy * dy
    s = math.isqrt(sq)
    reach = s if s * s == sq else s + 1
    return max(1, -(-reach // MAX_EDGE_GRID))


def lonlat_ring(coords):
    """The ring's vertices (lon, lat in degrees) with the inner points of its long edges."""
    g = [(round(c[0] * 1e7), round(c[1] * 1e7)) for c in coords]
    out = []
    for a, b in zip(g, g[1:]):
        out.append((a[0] * 1e-7, a[1] * 1e-7))
        n = edge_pieces(a, b)
        for k in range(1, n):
            t = k / n
            out.append(((a[0] + (b[0] - a[0]) * t) * 1e-7, (a[1] + (b[1] - a[1]) * t) * 1e-7))
    out.append((g[-1][0] * 1e-7, g[-1][1] * 1e-7))
    return out


def ring_area_perimeter(coords):
    """|area| in m2 and perimeter in m of a closed ring, edges as straight lines in lon/lat."""
    pts = lonlat_ring(coords)[:-1]
    a, p = GEOD.polygon_area_perimeter([x for x, _ in pts], [y for _, y in pts])
    return abs(a), p


def area_km2(g):
    """WGS84 area in km2: per polygon |outer| minus |holes|, edges as straight lines in lon/lat."""
    total = 0.0
    for p in polygonal_parts(g):
        total += ring_area_perimeter(p.exterior.coords)[0]
        for h in p.interiors:
            total -= ring_area_perimeter(h.coords)[0]
    return total / 1e6


def difference(a, b):
    if a.is_empty or b.is_empty:
        return a
    return a.difference(b)


def resolve_statuses(raw):
    """Make per-status unions disjoint by precedence. raw: status -> geometry."""
    out, higher = {}, MultiPolygon()
    for s in PRECEDENCE:
        g = raw.get(s, MultiPolygon())
        out[s] = difference(g, higher)
        if not g.is_empty:
            higher = g if higher.is_empty else unary_union([higher, g])
    return out


# The theatre of the war (src/geo/theatre.hpp): Ukraine's extent grown by 3 degrees. A classified
# polygon whose box lies wholly outside it (DeepState's grey-zone triangle in the Arabian Sea,
# 2023) is a drawing error, not ground, and is left out.
THEATRE = (19.1, 41.3, 43.3, 55.4)  # lon, lat, lon, lat


def in_theatre(p):
    x0, y0, x1, y1 = p.exterior.bounds
    return x0 <= THEATRE[2] and x1 >= THEATRE[0] and y0 <= THEATRE[3] and y1 >= THEATRE[1]


def analyse_history(doc):
    """Classified, unioned and resolved geometry of one history snapshot (a parsed GeoJSON)."""
    polys = {s: [] for s in STATUSES}
    points = foreign = 0
    unclassified = set()
    for f in doc.get("features") or []:
        geom = f.get("geometry") or {}
        if geom.get("type") in ("Point", "MultiPoint"):
            points += 1
            continue
        ps = polygons_from_geojson(geom)
        if not ps:
            continue
        props = f.get("properties") or {}
        status = classify(props.get("name"), props.get("fill"))
        if status == "foreign":
            foreign += 1
        elif status == "unclassified":
            unclassified.add("%s [%s]" % (normalise_name(props.get("name")), props.get("fill")))
        else:
            polys[status] += [p for p in ps if in_theatre(p)]
    geoms = resolve_statuses({s: union_valid(p) for s, p in polys.items()})
    return {"geoms": geoms, "points": points, "foreign": foreign, "unclassified": sorted(unclassified)}


# ---- Borders: the part of each status on a neighbour's land ----------------------------------
NEIGHBOURS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                          "neighbours-land.geojson.gz")
IN_UKRAINE_ONLY = ("contested", "liberated")  # figures of these count only the part in Ukraine
_NEIGHBOURS = []


def neighbours_land():
    """The union of the bundled neighbours' land (OSM), read once."""
    if not _NEIGHBOURS:
        with gzip.open(NEIGHBOURS, "rb") as fh:
            doc = json.loads(fh.read())
        parts = [p for f in doc["features"] for p in polygons_from_geojson(f["geometry"])]
        _NEIGHBOURS.append(unary_union(parts))
    return _NEIGHBOURS[0]


def outside_km2(g):
    """Area of the part of g on a neighbour's land.

    Done as a careful analyst would: the land is first cut to g's bounding box (a cheap
    rectangle clip), so the overlay handles the stretch of border near g instead of every
    coastline of the neighbours.
    """
    if g.is_empty:
        return 0.0
    land = neighbours_land()
    if os.environ.get("FRONTLINE_REF_SPLIT") != "naive":
        land = clip_by_rect(land, *g.bounds)
        if land.is_empty:
            return 0.0
    return area_km2(g.intersection(land))


def history_row(vid, a, split=True):
    drawn = {s: area_km2(a["geoms"][s]) for s in STATUSES}
    outside = {s: outside_km2(a["geoms"][s]) if split else 0.0 for s in STATUSES}
    outside["occupied_total"] = outside["occupied"] + outside["occupied_before_2022"]
    areas = {s: drawn[s] - outside[s] if s in IN_UKRAINE_ONLY else drawn[s] for s in STATUSES}
    return {"version_id": vid, "areas_km2": areas, "areas_as_drawn_km2": drawn,
            "outside_ukraine_km2": outside,
            "occupied_total_km2": drawn["occupied"] + drawn["occupied_before_2022"],
            "foreign_polygons": a["foreign"], "unclassified": a["unclassified"]}


def occupied_total_geom(geoms):
    return unary_union([geoms["occupied"], geoms["occupied_before_2022"]])


def analyse_daily(doc):
    """occupied_total geometry of one daily snapshot: union of all its (validated) polygons."""
    return union_valid(all_polygons(doc))


def all_polygons(doc):
    """Every polygon of every feature of a FeatureCollection, whatever its properties, in the
    theatre."""
    return [p for f in doc.get("features") or [] for p in polygons_from_geojson(f.get("geometry"))
            if in_theatre(p)]


# ---- Input: archives, directories, single files ------------------------------------------------
_DAILY = re.compile(r"deepstatemap_data_(\d{8})\.geojson$")
_HIST = re.compile(r"(?:^|/)(\d+)\.geojson$")


def version_of(name):
    """(version_id, unix_time) for a member name, or None if it is not a snapshot."""
    m = _DAILY.search(name)
    if m:
        d = dt.datetime.strptime(m.group(1), "%Y%m%d").replace(tzinfo=dt.timezone.utc)
        return m.group(1), int(d.timestamp())
    m = _HIST.search(name)
    if m:
        return int(m.group(1)), int(m.group(1))
    return None


def _tar_stream(path):
    proc = subprocess.Popen(["zstd", "-dc", "--long=31", path], stdout=subprocess.PIPE)
    try:
        with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
            for m in tar:
                yield m, tar
    finally:
        proc.stdout.close()
        proc.wait()


def list_versions(source):
    """Sorted [(version_id, time)] of a source, without parsing any GeoJSON."""
    if os.path.isdir(source):
        names = os.listdir(source)
    elif source.endswith(".geojson"):
        names = [os.path.basename(source)]
    else:
        names = [m.name for m, _ in _tar_stream(source) if m.isfile()]
    return sorted({v for v in map(version_of, names) if v}, key=lambda v: v[1])


def iter_docs(source, wanted=None):
    """Yield (version_id, time, parsed GeoJSON) for every snapshot (or those in `wanted`)."""
    def keep(v):
        return v and (wanted is None or v[0] in wanted)
    if os.path.isdir(source) or source.endswith(".geojson"):
        files = ([os.path.join(source, n) for n in sorted(os.listdir(source))]
                 if os.path.isdir(source) else [source])
        for path in files:
            v = version_of(os.path.basename(path))
            if keep(v):
                with open(path, "rb") as fh:
                    yield v[0], v[1], json.loads(fh.read())
        return
    for m, tar in _tar_stream(source):
        v = version_of(m.name) if m.isfile() else None
        if keep(v):
            yield v[0], v[1], json.loads(tar.extractfile(m).read())


# ---- Time helpers and gains --------------------------------------------------------------------
def month_start(y, m):
    return int(calendar.timegm((y, m, 1, 0, 0, 0)))


def iso(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def months(frm, to):
    """[(period, start_t, end_t)] for months frm..to inclusive (YYYY-MM strings)."""
    y, m = map(int, frm.split("-"))
    ty, tm = map(int, to.split("-"))
    out = []
    while (y, m) <= (ty, tm):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        out.append(("%04d-%02d" % (y, m), month_start(y, m), month_start(ny, nm)))
        y, m = ny, nm
    return out


def full_span(versions):
    """(from, to) YYYY-MM of the complete months covered by a sorted version list."""
    first, last = versions[0][1], versions[-1][1]
    d = dt.datetime.fromtimestamp(first, dt.timezone.utc)
    y, m = d.year, d.month
    if month_start(y, m) < first:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    d = dt.datetime.fromtimestamp(last, dt.timezone.utc)
    ly, lm = (d.year - 1, 12) if d.month == 1 else (d.year, d.month - 1)
    return "%04d-%02d" % (y, m), "%04d-%02d" % (ly, lm)


def as_of(versions, t):
    """Version id of the latest version with time <= t (None if none)."""
    best = None
    for vid, vt in versions:
        if vt <= t:
            best = vid
        else:
            break
    return best


def gains_rows(versions, periods, ot, contested=None):
    """Monthly rows. ot / contested: version_id -> geometry (needed for as-of versions only).
    identity_residual_km2 = gained - lost - net, within 0.01 km2 when edges are measured as the
    straight lines the overlay cuts."""
    rows = []
    for period, s, e in periods:
        vs, ve = as_of(versions, s), as_of(versions, e)
        row = {"period": period, "start": iso(s), "end": iso(e), "start_version": vs,
               "end_version": ve, "net_km2": None, "gained_km2": None, "lost_km2": None,
               "contested_change_km2": None, "identity_residual_km2": None}
        if vs is not None and ve is not None:
            a, b = ot[vs], ot[ve]
            row["net_km2"] = area_km2(b) - area_km2(a)
            row["gained_km2"] = area_km2(difference(b, a)) if vs != ve else 0.0
            row["lost_km2"] = area_km2(difference(a, b)) if vs != ve else 0.0
            row["identity_residual_km2"] = row["gained_km2"] - row["lost_km2"] - row["net_km2"]
            if contested is not None:
                # the grey zone in Ukraine only (docs/model.md, "Borders")
                cs, ce = contested[vs], contested[ve]
                row["contested_change_km2"] = ((area_km2(ce) - outside_km2(ce))
                                               - (area_km2(cs) - outside_km2(cs)))
        rows.append(row)
    return rows


def boundary_versions(versions, periods):
    return {v for _, s, e in periods for v in (as_of(versions, s), as_of(versions, e)) if v is not None}


# ---- Subcommands -------------------------------------------------------------------------------
def cmd_history_areas(args):
    wanted = None
    if args.ids:
        wanted = {int(x) for x in args.ids.split(",") if x.strip()}
    elif args.every and args.every > 1:
        wanted = {v for v, _ in list_versions(args.archive)[::args.every]}
    rows = [history_row(vid, analyse_history(doc)) for vid, _, doc in iter_docs(args.archive, wanted)]
    missing = (wanted or set()) - {r["version_id"] for r in rows}
    if missing:
        sys.stderr.write("warning: version ids not in %s: %s\n" % (args.archive, sorted(missing)))
    return sorted(rows, key=lambda r: r["version_id"])


def _gains(args, history):
    versions = list_versions(args.archive)
    periods = months(args.frm, args.to)
    need = boundary_versions(versions, periods)
    ot, cont = {}, {}
    for vid, _, doc in iter_docs(args.archive, need):
        if history:
            g = analyse_history(doc)["geoms"]
            ot[vid], cont[vid] = occupied_total_geom(g), g["contested"]
        else:
            ot[vid] = analyse_daily(doc)
    return gains_rows(versions, periods, ot, cont if history else None)


def cmd_series_gains(args):
    """Monthly gains of the daily occupied_total series."""
    return _gains(args, history=False)


def cmd_history_gains(args):
    """Monthly gains of the history's occupied_total, plus the change of contested area."""
    return _gains(args, history=True)


# ---- Diff of two versions and the status of a point ---------------------------------------------
OCCUPIED_TOTAL = ("occupied", "occupied_before_2022")


def parse_time(text):
    """Unix seconds of a written time: a version id (9 or more digits), YYYY-MM-DD (00:00 UTC) or
    YYYY-MM-DDTHH:MM[:SS] with Z or no offset (UTC)."""
    text = text.strip()
    if text.isdigit() and len(text) >= 9:
        return int(text)
    if text.endswith("Z"):
        text = text[:-1]
    for form in ("%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return calendar.timegm(dt.datetime.strptime(text, form).timetuple())
        except ValueError:
            pass
    raise ValueError("not a time: %r" % text)


def history_layers(source, ids):
    """version_id -> the resolved per-status geometries (analyse_history) of those versions."""
    return {vid: analyse_history(doc)["geoms"] for vid, _, doc in iter_docs(source, set(ids))}


def change_kind(before, after):
    """gained: into occupied_total from outside it (no status, contested, liberated); lost: out
    of it; reclassified: any other change of status, including between occupied and
    occupied_before_2022 and from or to no status outside occupied_total."""
    b, a = before in OCCUPIED_TOTAL, after in OCCUPIED_TOTAL
    if a and not b:
        return "gained"
    if b and not a:
        return "lost"
    return "reclassified"


def _union(geoms):
    geoms = [g for g in geoms if not g.is_empty]
    return unary_union(geoms) if geoms else MultiPolygon()


def diff_pieces(before, after):
    """The overlay of two versions' resolved layers (status -> geometry): one piece per pair of
    different statuses (None = no status), the ground that had status_before in the first and
    status_after in the second. Pieces without area are left out. Returns dicts with change,
    status_before, status_after, geometry, area_km2."""
    all_before = _union(before.get(s, MultiPolygon()) for s in STATUSES)
    all_after = _union(after.get(s, MultiPolygon()) for s in STATUSES)
    pieces = []

    def add(sb, sa, g):
        parts = polygonal_parts(g)
        area = area_km2(g) if parts else 0.0
        if area > 0:
            pieces.append({"change": change_kind(sb, sa), "status_before": sb, "status_after": sa,
                           "geometry": MultiPolygon(parts), "area_km2": area})
    for sb in STATUSES:
        gb = before.get(sb, MultiPolygon())
        if gb.is_empty:
            continue
        for sa in STATUSES:
            ga = after.get(sa, MultiPolygon())
            if sa != sb and not ga.is_empty:
                add(sb, sa, gb.intersection(ga))
        add(sb, None, difference(gb, all_after))
    for sa in STATUSES:
        ga = after.get(sa, MultiPolygon())
        if not ga.is_empty:
            add(None, sa, difference(ga, all_before))
    return pieces


def diff_totals(pieces, before=None, after=None):
    """Gained, lost and reclassified km2 of diff_pieces; with the two versions' layers also
    net_km2, the change of the occupied_total area (not gained - lost: see gains_rows)."""
    out = {"gained_km2": 0.0, "lost_km2": 0.0, "reclassified_km2": 0.0}
    for p in pieces:
        out[p["change"] + "_km2"] += p["area_km2"]
    if before is not None and after is not None:
        out["net_km2"] = sum(area_km2(after.get(s, MultiPolygon())) - area_km2(before.get(s, MultiPolygon()))
                             for s in OCCUPIED_TOTAL)
    return out


def point_status(layers, lon, lat):
    """(status or None, distance in degrees to the nearest boundary of any layer) of a point."""
    pt = Point(lon, lat)
    status, dist = None, float("inf")
    for s in STATUSES:
        g = layers.get(s, MultiPolygon())
        if g.is_empty:
            continue
        if status is None and g.covers(pt):
            status = s
        dist = min(dist, g.boundary.distance(pt))
    return status, dist


def cmd_history_diff(args):
    """Gained, lost and reclassified areas between the versions as of each pair of times."""
    versions = list_versions(args.archive)
    if len(args.times) % 2:
        raise SystemExit("history-diff: give pairs of times")
    pairs = [(parse_time(a), parse_time(b)) for a, b in zip(args.times[::2], args.times[1::2])]
    ids = {(as_of(versions, t1), as_of(versions, t2)) for t1, t2 in pairs}
    layers = history_layers(args.archive, {v for pair in ids for v in pair if v is not None})
    rows = []
    for t1, t2 in pairs:
        v1, v2 = as_of(versions, t1), as_of(versions, t2)
        row = {"t1": iso(t1), "t2": iso(t2), "from_version": v1, "to_version": v2}
        if v1 is not None and v2 is not None:
            pieces = diff_pieces(layers[v1], layers[v2])
            row.update(diff_totals(pieces, layers[v1], layers[v2]))
            row["pieces"] = [{k: p[k] for k in ("change", "status_before", "status_after", "area_km2")}
                             for p in pieces]
        rows.append(row)
    return rows


def cmd_history_status(args):
    """The status of each point as of each time, with its distance to the nearest boundary."""
    versions = list_versions(args.archive)
    times = [parse_time(t) for t in args.at]
    layers = history_layers(args.archive, {as_of(versions, t) for t in times} - {None})
    points = [tuple(float(x) for x in p.split(",")) for p in args.point]
    rows = []
    for t in times:
        v = as_of(versions, t)
        for lon, lat in points:
            status, dist = point_status(layers[v], lon, lat) if v is not None else (None, None)
            rows.append({"at": iso(t), "version": v, "lon": lon, "lat": lat, "status": status,
                         "boundary_distance_deg": dist})
    return rows


def ukraine_area(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as fh:
        doc = json.loads(fh.read())
    return area_km2(union_valid(all_polygons(doc)))


def cmd_ukraine_area(args):
    """Area of Ukraine: geodesic area of the union of the oblasts."""
    return {"area_km2": ukraine_area(args.geojson)}


def cmd_job(args):
    """The benchmark job, done the way a careful analyst would in a notebook.

    Single process, no multiprocessing, no caching of repeated snapshots: read both archives,
    measure every status area of EVERY version of both, and the monthly net and gross
    occupied_total gains of both over their full span of complete months. Each archive is
    listed once (names only) so that only the geometries of month-boundary versions are kept
    in memory, then streamed once for the measurements. Takes minutes on the real data.
    """
    t0 = time.time()
    summary = {}
    for label, path, history in (("history", args.history, True), ("daily", args.daily, False)):
        versions = list_versions(path)
        frm, to = full_span(versions)
        periods = months(frm, to)
        need = boundary_versions(versions, periods)
        ot, cont, ot_area = {}, {}, {}
        status_sum = {s: 0.0 for s in STATUSES}
        unclassified, foreign = set(), 0
        for vid, _, doc in iter_docs(path):
            if history:
                a = analyse_history(doc)
                row = history_row(vid, a, split=not args.no_border_split)
                for s in STATUSES:
                    status_sum[s] += row["areas_km2"][s]
                ot_area[vid] = row["occupied_total_km2"]
                foreign += row["foreign_polygons"]
                unclassified.update(row["unclassified"])
                if vid in need:
                    ot[vid], cont[vid] = occupied_total_geom(a["geoms"]), a["geoms"]["contested"]
            else:
                g = analyse_daily(doc)
                ot_area[vid] = area_km2(g)
                if vid in need:
                    ot[vid] = g
        rows = gains_rows(versions, periods, ot, cont if history else None)
        first, last = versions[0][0], versions[-1][0]
        summary[label] = {
            "versions": len(ot_area), "months": len(rows), "from": frm, "to": to,
            "first_version": first, "last_version": last,
            "first_occupied_total_km2": ot_area[first], "last_occupied_total_km2": ot_area[last],
            "sum_net_km2": sum(r["net_km2"] for r in rows),
            "sum_gained_km2": sum(r["gained_km2"] for r in rows),
            "sum_lost_km2": sum(r["lost_km2"] for r in rows),
        }
        if history:
            summary[label]["mean_status_km2"] = {s: v / len(ot_area) for s, v in status_sum.items()}
            summary[label]["foreign_polygons"] = foreign
            summary[label]["distinct_unclassified_labels"] = len(unclassified)
    summary["border_split"] = not args.no_border_split
    summary["elapsed_s"] = round(time.time() - t0, 1)
    return summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("history-areas", help="per-version status areas of the history archive")
    p.add_argument("archive")
    p.add_argument("--ids", help="comma-separated version ids")
    p.add_argument("--every", type=int, default=1, help="take every N-th version")
    p.set_defaults(fn=cmd_history_areas)
    for name, fn in (("series-gains", cmd_series_gains), ("history-gains", cmd_history_gains)):
        p = sub.add_parser(name, help="monthly net/gross occupied_total gains")
        p.add_argument("archive")
        p.add_argument("--from", dest="frm", required=True, help="first month YYYY-MM")
        p.add_argument("--to", required=True, help="last month YYYY-MM (inclusive)")
        p.add_argument("--status", default="occupied_total", choices=["occupied_total"])
        p.set_defaults(fn=fn)
    p = sub.add_parser("history-diff", help="gained, lost, reclassified between pairs of versions")
    p.add_argument("archive")
    p.add_argument("times", nargs="+", metavar="T1 T2", help="pairs of times (version id or ISO, UTC)")
    p.set_defaults(fn=cmd_history_diff)
    p = sub.add_parser("history-status", help="status of points as of times")
    p.add_argument("archive")
    p.add_argument("--at", action="append", required=True, help="a time (repeatable)")
    p.add_argument("--point", action="append", required=True, metavar="LON,LAT", help="repeatable")
    p.set_defaults(fn=cmd_history_status)
    p = sub.add_parser("ukraine-area", help="geodesic area of the union of Ukraine's oblasts")
    p.add_argument("geojson")
    p.set_defaults(fn=cmd_ukraine_area)
    p = sub.add_parser("job", help="the whole benchmark job (single process)")
    p.add_argument("history")
    p.add_argument("daily")
    p.add_argument("--no-border-split", action="store_true",
                   help="do not measure the part of each status on a neighbour's land (the job as it "
                        "was before frontline split versions at the border: a lower bound of the "
                        "reference's work, since frontline still splits)")
    p.set_defaults(fn=cmd_job)
    args = ap.parse_args(argv)
    for attr in ("archive", "history", "daily", "geojson"):
        path = getattr(args, attr, None)
        if path is not None and not os.path.exists(path):
            ap.error("no such file or directory: %s" % path)
    try:
        json.dump(args.fn(args), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into `head`
        os._exit(0)


if __name__ == "__main__":
    main()
