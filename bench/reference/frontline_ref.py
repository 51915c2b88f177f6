#!/usr/bin/python3
"""Independent reference implementation of frontline's measures, in plain Python.

Used (a) by tests/reference/compare.py to check the C++ engine's numbers and
(b) by bench/run.sh as the "reference pipeline" the C++ engine must beat.

Run it with Debian's interpreter, which has the two libraries it needs:
    /usr/bin/python3 bench/reference/frontline_ref.py SUBCOMMAND ...
(python3-shapely 1.8 and python3-pyproj 3.4; nothing else beyond the standard library).

Subcommands (each prints JSON on stdout):
  history-areas ARCHIVE [--ids ID,...] [--every N]   per-version areas of the history archive
  history-gains ARCHIVE --from YYYY-MM --to YYYY-MM   monthly occupied_total gains (+ contested change)
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
  * area = geodesic on WGS84 (pyproj.Geod), |area| per oriented polygon, in km2.
  * as-of T = latest version with time <= T; month M spans [1st of M, 1st of M+1) 00:00 UTC.
"""
import argparse
import calendar
import datetime as dt
import gzip
import json
import os
import re
import subprocess
import sys
import tarfile
import time

from pyproj import Geod
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient
from shapely.ops import unary_union
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


def area_km2(g):
    """Geodesic WGS84 area in km2: sum over polygons of |area| of the CCW-oriented polygon."""
    total = 0.0
    for p in polygonal_parts(g):
        a, _ = GEOD.geometry_area_perimeter(orient(p, 1))
        total += abs(a)
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
            polys[status] += ps
    geoms = resolve_statuses({s: union_valid(p) for s, p in polys.items()})
    return {"geoms": geoms, "points": points, "foreign": foreign, "unclassified": sorted(unclassified)}


def history_row(vid, a):
    areas = {s: area_km2(a["geoms"][s]) for s in STATUSES}
    return {"version_id": vid, "areas_km2": areas,
            "occupied_total_km2": areas["occupied"] + areas["occupied_before_2022"],
            "foreign_polygons": a["foreign"], "unclassified": a["unclassified"]}


def occupied_total_geom(geoms):
    return unary_union([geoms["occupied"], geoms["occupied_before_2022"]])


def analyse_daily(doc):
    """occupied_total geometry of one daily snapshot: union of all its (validated) polygons."""
    return union_valid(all_polygons(doc))


def all_polygons(doc):
    """Every polygon of every feature of a FeatureCollection, whatever its properties."""
    return [p for f in doc.get("features") or [] for p in polygons_from_geojson(f.get("geometry"))]


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
    """Monthly rows. ot / contested: version_id -> geometry (needed for as-of versions only)."""
    rows = []
    for period, s, e in periods:
        vs, ve = as_of(versions, s), as_of(versions, e)
        row = {"period": period, "start": iso(s), "end": iso(e), "start_version": vs,
               "end_version": ve, "net_km2": None, "gained_km2": None, "lost_km2": None,
               "contested_change_km2": None}
        if vs is not None and ve is not None:
            a, b = ot[vs], ot[ve]
            row["net_km2"] = area_km2(b) - area_km2(a)
            row["gained_km2"] = area_km2(difference(b, a)) if vs != ve else 0.0
            row["lost_km2"] = area_km2(difference(a, b)) if vs != ve else 0.0
            if contested is not None:
                row["contested_change_km2"] = area_km2(contested[ve]) - area_km2(contested[vs])
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
                row = history_row(vid, a)
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
    p = sub.add_parser("ukraine-area", help="geodesic area of the union of Ukraine's oblasts")
    p.add_argument("geojson")
    p.set_defaults(fn=cmd_ukraine_area)
    p = sub.add_parser("job", help="the whole benchmark job (single process)")
    p.add_argument("history")
    p.add_argument("daily")
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
