"""Evidence: UAControlMap's geolocations checked against the daily series (compare.py evidence).
The records of a window are imported into a copy of the store and frontline's `evidence check`
(each record's map_status, finding, map_changed_after_days and distance_inside_km, and the counts
per finding) is compared with the reference's own judgement of the raw CSV against the raw daily
archive: shapely for the cover, pyproj for the geodesic distance (the nearest point found in the
point's UTM zone), with the importer's merges re-derived from its documented rules.
"""
import bisect
import gzip
import json
import math
import os
import shutil
import subprocess
import tempfile
import time

from reference_common import (NEAR_BOUNDARY_DEG, Report, fmt, number, oblasts_on_grid, ref, require_inputs,
                              run_json, ts, within)


# `frontline evidence check` judges each record against the version as of the end of its day:
# map_status occupied_total (covered by the day's polygons), held_by_ukraine (in the oblasts) or
# outside_ukraine; the finding from the side seen and that status. The issue quotes 532 of the
# 5,090 UAControlMap records of September-December 2025 as strikes deep in Russia.
EVIDENCE_WINDOW = ("2025-09-01", "2025-12-31")
EVIDENCE_ISSUE_OUTSIDE = (532, 5090)
EVIDENCE_MAX_KM = 100.0  # distance_inside_km is searched this far (null beyond)
EVIDENCE_SIDES = {"ru": "russian", "rus": "russian", "russia": "russian", "russian": "russian",
                  "ua": "ukrainian", "ukr": "ukrainian", "ukraine": "ukrainian", "ukrainian": "ukrainian"}
FINDINGS = ("consistent", "ahead_of_map", "outside_ukraine", "unverifiable")
# The importer's merges (EvidenceImportOptions): a shared source URL, the same side, within 100 m
# and 2 days; or the same side within 30 m on the same day.
MERGE_SOURCE_M, MERGE_SOURCE_DAYS, MERGE_PLACE_M = 100.0, 2, 30.0


def read_owl(path):
    """Every row of UAControlMap's CSV: dicts with line (of the row's end), date, side (as
    frontline names it), lon and lat (on frontline's 1e-7 degree grid) and urls."""
    import csv
    out = []
    with open(path, newline="", encoding="utf-8") as fh:
        rd = csv.DictReader(fh)
        for row in rd:
            urls = (row.get("source_urls") or "").split()
            out.append({"line": rd.line_num, "date": row["date"].strip(),
                        "side_raw": row["side"], "side": EVIDENCE_SIDES.get(row["side"].strip().lower(), "unknown"),
                        "lon": round(float(row["lon"]), 7), "lat": round(float(row["lat"]), 7),
                        "urls": urls, "text": (row.get("description") or "").split("\n")[0]})
    return out


def merge_url(url):
    """A URL as compared for merging (generously: any query and a trailing slash dropped)."""
    url = url.strip()
    rest = url.partition("://")[2]
    host, _, path = rest.partition("/")
    host = host.lower()
    for prefix in ("www.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    if host == "twitter.com":
        host = "x.com"
    # A URL written before a closing bracket or a full stop ends before it (".../123)").
    return "%s/%s" % (host, path.split("?")[0].rstrip(".,;)").rstrip("/"))


def merge_partners(rows, wanted):
    """For each row index in `wanted`: whether another row of the file (any date) could have been
    merged with it by the importer's rules."""
    by_url, by_day = {}, {}
    for i, r in enumerate(rows):
        for u in r["urls"]:
            by_url.setdefault((merge_url(u), r["side"]), []).append(i)
        by_day.setdefault((r["date"], r["side"]), []).append(i)
    out = {}
    for i in wanted:
        r = rows[i]
        d0 = ts(r["date"])

        def metres(j):
            return ref.GEOD.inv(r["lon"], r["lat"], rows[j]["lon"], rows[j]["lat"])[2]
        found = any(j != i and metres(j) <= MERGE_PLACE_M for j in by_day.get((r["date"], r["side"]), []))
        for u in r["urls"]:
            if found:
                break
            found = any(j != i and abs(ts(rows[j]["date"]) - d0) <= MERGE_SOURCE_DAYS * 86400
                        and metres(j) <= MERGE_SOURCE_M for j in by_url.get((merge_url(u), r["side"]), []))
        out[i] = found
    return out


class DailyVersion:
    """One version of the daily series: its occupied ground, prepared, and its boundary."""

    def __init__(self, vid, t, doc):
        from shapely.prepared import prep
        self.vid, self.t = vid, t
        self.occ = ref.analyse_daily(doc)
        self.boundary = self.occ.boundary
        self.p_occ, self.p_boundary = prep(self.occ), prep(self.boundary)


def near_line(line, p_line, pt, lon, lat, deg):
    """True if the (prepared) line passes within `deg` degrees of the point (planar)."""
    from shapely.geometry import box
    b = box(lon - deg, lat - deg, lon + deg, lat + deg)
    return p_line.intersects(b) and line.intersection(b).distance(pt) < deg


def search_box(lon, lat, km):
    """A lon/lat box holding every point within `km` of the point (and a little more)."""
    from shapely.geometry import box
    dlat = km / 110.0
    dlon = km / (111.0 * math.cos(math.radians(min(abs(lat) + dlat, 89.0))))
    return box(lon - dlon, lat - dlat, lon + dlon, lat + dlat)


_UTM = {}


def utm_of(lon, lat):
    """The pyproj transformer to the point's UTM zone (WGS84), one per zone."""
    from pyproj import Transformer
    zone = (int(math.floor((lon + 180.0) / 6.0)) % 60) + 1, lat >= 0
    if zone not in _UTM:
        _UTM[zone] = Transformer.from_crs("EPSG:4326", "EPSG:%d" % ((32600 if zone[1] else 32700) + zone[0]),
                                          always_xy=True)
    return _UTM[zone]


def geodesic_to(geom, lon, lat, limit_km):
    """Geodesic km from the point to the nearest point of geom, searched within limit_km: the
    nearest point found by shapely in the point's UTM zone (36N or 37N on the front), then the
    distance to it from pyproj.Geod. None when nothing lies within limit_km."""
    from shapely.geometry import Point
    from shapely.ops import nearest_points, transform
    near = geom.intersection(search_box(lon, lat, limit_km + 5.0))
    if near.is_empty:
        return None
    utm = utm_of(lon, lat)
    x, y = utm.transform(lon, lat)
    p = nearest_points(transform(utm.transform, near), Point(x, y))[0]
    lon2, lat2 = utm.transform(p.x, p.y, direction="INVERSE")
    km = ref.GEOD.inv(lon, lat, lon2, lat2)[2] / 1000.0
    return km if km <= limit_km else None


def ukraine_on_grid(repo_data):
    """Ukraine as frontline reads its oblasts: on the 1e-7 degree grid (where neighbouring oblasts
    share their border exactly), their union."""
    from shapely.ops import unary_union
    return unary_union(list(oblasts_on_grid(repo_data).values()))


def neighbour_of(lon, lat, neighbours):
    """The neighbour (name) whose land (prepared), in the bundled file, covers the point; None if
    none does."""
    from shapely.geometry import Point
    pt = Point(lon, lat)
    for name, g in neighbours:
        if g.covers(pt):
            return name
    return None


def evidence_reference(args, records):
    """Judge every record as `frontline evidence check` does, independently (shapely + pyproj).
    Adds to each record: version, map_status, finding, distance_inside_km, map_changed_after_days,
    skip (within 1e-5 degree of a boundary at its version: not compared), changed_unsure (within
    1e-5 degree of the boundary at a later version up to the change: that field not compared)
    and, for ukrainian records inside occupied ground, held_km (the distance to the nearest ground
    in Ukraine that is not occupied, beside distance_inside_km to the occupied boundary)."""
    from shapely.geometry import Point
    from shapely.prepared import prep
    versions = ref.list_versions(args.archive)
    times = [t for _, t in versions]
    first = min((ts(r["date"]) + 86399 for r in records), default=None)
    start = bisect.bisect_right(times, first) - 1 if first is not None else len(times)
    wanted = {vid for vid, _ in versions[max(start, 0):]}
    loaded = {vid: DailyVersion(vid, t, doc) for vid, t, doc in ref.iter_docs(args.archive, wanted)}
    series = [loaded[vid] for vid, _ in versions if vid in loaded]
    stimes = [v.t for v in series]
    country = ukraine_on_grid(args.repo_data)
    p_country, outline = prep(country), country.boundary
    p_outline = prep(outline)
    for r in records:
        pt = Point(r["lon"], r["lat"])
        i = bisect.bisect_right(stimes, ts(r["date"]) + 86399) - 1
        r.update(version=None, map_status="", finding="unverifiable", distance_inside_km=None,
                 map_changed_after_days=None, skip=False, changed_unsure=False, held_km=None)
        if i < 0:
            continue  # no version as of its time: unverifiable
        v = series[i]
        r["version"] = v.vid
        r["in_ukraine"] = p_country.covers(pt)
        r["skip"] = near_line(v.boundary, v.p_boundary, pt, r["lon"], r["lat"], NEAR_BOUNDARY_DEG)
        if v.p_occ.covers(pt):
            r["map_status"] = "occupied_total"
        else:
            r["skip"] = r["skip"] or near_line(outline, p_outline, pt, r["lon"], r["lat"], NEAR_BOUNDARY_DEG)
            r["map_status"] = "held_by_ukraine" if r["in_ukraine"] else "outside_ukraine"
        if r["side"] == "unknown":
            continue
        if r["map_status"] == "outside_ukraine":
            r["finding"] = "outside_ukraine"
            continue
        agrees = {"russian": "occupied_total", "ukrainian": "held_by_ukraine"}[r["side"]]
        if r["map_status"] == agrees:
            r["finding"] = "consistent"
            continue
        r["finding"] = "ahead_of_map"
        r["distance_inside_km"] = geodesic_to(v.boundary, r["lon"], r["lat"], EVIDENCE_MAX_KM)
        if r["side"] == "ukrainian":  # the nearest ground in Ukraine the map does not show occupied
            b = search_box(r["lon"], r["lat"], EVIDENCE_MAX_KM + 5.0)
            held = country.intersection(b).difference(v.occ.intersection(b))
            r["held_km"] = geodesic_to(held, r["lon"], r["lat"], EVIDENCE_MAX_KM)
        for w in series[i + 1:]:
            r["changed_unsure"] = r["changed_unsure"] or near_line(w.boundary, w.p_boundary, pt, r["lon"],
                                                                   r["lat"], NEAR_BOUNDARY_DEG)
            occ = w.p_occ.covers(pt)
            status = "occupied_total" if occ else ("held_by_ukraine" if r["in_ukraine"] else "outside_ukraine")
            if status == agrees:
                r["map_changed_after_days"] = (w.t - ts(r["date"])) / 86400.0
                break
    return records


def evidence_outside_rows(rep, records, repo_data):
    """Info rows: the window's records outside Ukraine, per side and where they lie."""
    from shapely.geometry import shape
    from shapely.prepared import prep
    with gzip.open(os.path.join(repo_data, "neighbours-land.geojson.gz"), "rb") as fh:
        neighbours = [(f["properties"].get("name"), prep(shape(f["geometry"])))
                      for f in json.loads(fh.read())["features"]]
    outside = [r for r in records if r["finding"] == "outside_ukraine"]
    where = {}
    for r in outside:
        name = neighbour_of(r["lon"], r["lat"], neighbours) or "elsewhere (sea, or beyond 20-42.5E 43.2-54.5N)"
        where[name] = where.get(name, 0) + 1
    total = len(records)
    rep.add(True, "info", "outside_ukraine of the window's records (issue: %d of %d)" % EVIDENCE_ISSUE_OUTSIDE,
            "%d of %d" % (len(outside), total), "", "")
    for side in ("russian", "ukrainian"):
        rep.add(True, "info", "  outside_ukraine, side %s" % side, sum(r["side"] == side for r in outside), "", "")
    for name, n in sorted(where.items(), key=lambda kv: -kv[1]):
        rep.add(True, "info", "  outside_ukraine on %s" % name, n, "", "")
    outline = ukraine_on_grid(repo_data).boundary
    far = [geodesic_to(outline, r["lon"], r["lat"], 50.0) is None for r in outside]
    rep.add(True, "info", "  outside_ukraine more than 50 km from Ukraine's outline", sum(far), "", "")


def evidence_row(r):
    return "%s %.7f,%.7f %s" % (r["date"], r["lon"], r["lat"], r["side"])


def cmd_evidence(args):
    """UAControlMap's geolocations of a window checked against the daily series: the findings
    per record and their counts, frontline's `evidence check` vs the reference's own."""
    t0 = time.time()
    frm, to = args.frm, args.to
    rep = Report("evidence check of UAControlMap's records %s..%s against deepstate-daily: frontline vs reference"
                 % (frm, to), ["record", "quantity", "reference", "frontline", "tol"])
    require_inputs(rep, None if args.reference_only else args.frontline or "(none: give --frontline)",
                   None if args.reference_only else args.store or "(none: give --store)", args.archive)
    for path in (args.evidence, os.path.join(args.repo_data, "ukraine-oblasts.geojson.gz")):
        if not os.path.exists(path):
            require_inputs(rep, archive=path)
    rows = read_owl(args.evidence)
    window = [i for i, r in enumerate(rows) if frm <= r["date"] <= to]
    records = evidence_reference(args, [rows[i] for i in window])
    ref_counts = {f: sum(r["finding"] == f for r in records) for f in FINDINGS}
    skipped = sum(r["skip"] for r in records)
    print("reference: %d records in %s..%s judged in %.1f s" % (len(records), frm, to, time.time() - t0))
    if args.reference_only:
        rep.add(True, "info", "records in the window", len(records), "", "")
        for f in FINDINGS:
            rep.add(True, "info", "finding " + f, ref_counts[f], "", "")
        for s in ("occupied_total", "held_by_ukraine", "outside_ukraine", ""):
            rep.add(True, "info", "map_status " + (s or "(no version)"), sum(r["map_status"] == s for r in records),
                    "", "")
        rep.add(True, "info", "within %g deg of a boundary (not compared)" % NEAR_BOUNDARY_DEG, skipped, "", "")
        ahead = [r for r in records if r["finding"] == "ahead_of_map"]
        for side in ("russian", "ukrainian"):
            a = [r for r in ahead if r["side"] == side]
            later = [r["map_changed_after_days"] for r in a if r["map_changed_after_days"] is not None]
            rep.add(True, "info", "ahead_of_map %s: map agreed later / median days" % side,
                    "%d of %d / %s" % (len(later), len(a), sorted(later)[len(later) // 2] if later else "-"), "", "")
        differ = [r for r in ahead if r["side"] == "ukrainian" and
                  not within(r["distance_inside_km"] or 0.0, r["held_km"] or 0.0, 0.01, 0.05)[0]]
        rep.add(True, "info", "ukrainian ahead_of_map whose nearest occupied boundary is not Ukrainian-held",
                len(differ), "", "")
        evidence_outside_rows(rep, records, args.repo_data)
        rep.notes.append("sample records (line of the CSV, date, lon,lat, side: version, map_status, finding, "
                         "distance_inside_km, map_changed_after_days):")
        for f in FINDINGS:
            picks = [r for r in records if r["finding"] == f]
            for r in picks[:: max(1, len(picks) // 3)][:3]:
                rep.notes.append("  line %d %s: %s %s %s %s %s   %s" % (
                    r["line"], evidence_row(r), r["version"], r["map_status"] or "-", r["finding"],
                    fmt(r["distance_inside_km"]), fmt(r["map_changed_after_days"]), r["text"][:60]))
        for r in differ[:3]:
            rep.notes.append("  ukrainian at %s: %.3f km to the occupied boundary, %s km to Ukrainian-held ground"
                             % (evidence_row(r), r["distance_inside_km"] or float("nan"), fmt(r["held_km"])))
        rep.notes.append("reference took %.1f s" % (time.time() - t0))
        rep.finish()
    with tempfile.TemporaryDirectory(prefix="frontline-evidence-") as tmp:
        store = os.path.join(tmp, "store.db")
        shutil.copy(args.store, store)
        proc = subprocess.run([args.frontline, "evidence", "import", "--store", store, args.evidence,
                               "--allow-unsourced"], capture_output=True, text=True)
        if proc.returncode != 0:
            rep.add(False, "-", "frontline evidence import", None, proc.stderr.strip()[-300:], None)
            rep.finish()
        got, err = run_json([args.frontline, "evidence", "check", "--store", store, "--map", "deepstate-daily",
                             "--all", "--json", "--from", frm, "--to", to], timeout=900)
    if err or not isinstance(got, list):
        rep.add(False, "-", "frontline evidence check", None, err or "not a JSON array", None)
        rep.finish()
    # Match each of frontline's records to a reference record (ids differ): the same date and
    # side, lon and lat within 1e-6 degree; the nearest unmatched one.
    buckets = {}
    for r in records:
        buckets.setdefault((r["date"], r["side"]), []).append(r)
    pairs, extra = [], []
    for g in got:
        date = str(g.get("observed_at") or "")[:10]
        best = None
        for r in buckets.get((date, g.get("side")), []):
            if r.get("matched"):
                continue
            d = max(abs(r["lon"] - number(g.get("lon"))), abs(r["lat"] - number(g.get("lat"))))
            if d <= 1e-6 and (best is None or d < best[0]):
                best = (d, r)
        if best is None:
            extra.append(g)
            continue
        best[1]["matched"] = True
        pairs.append((best[1], g))
    for g in extra[:20]:
        rep.add(False, "%s %s,%s %s" % (g.get("observed_at"), g.get("lon"), g.get("lat"), g.get("side")),
                "record without a reference record in the window", None, g.get("id"), None)
    if len(extra) > 20:
        rep.add(False, "-", "and %d more records without a reference record" % (len(extra) - 20), None, None, None)
    # Records the importer merged into another: each must have a partner by the importer's rules.
    unmatched = [i for i, r in zip(window, records) if not r.get("matched")]
    partner = merge_partners(rows, unmatched)
    lonely = [rows[i] for i in unmatched if not partner[i]]
    rep.add(True, "info", "records in the window: reference / frontline", len(records), len(got), "")
    rep.add(True, "info", "reference records merged by the importer (not in the output)", len(unmatched), "", "")
    for r in lonely:
        rep.add(False, "line %d %s" % (r["line"], evidence_row(r)), "missing, with no record to merge into", "", None,
                None)
    # Counts per finding, over the matched records not near a boundary.
    compared = [(r, g) for r, g in pairs if not r["skip"]]
    rep.add(True, "info", "matched records within %g deg of a boundary (not compared)" % NEAR_BOUNDARY_DEG,
            sum(r["skip"] for r, _ in pairs), "", "")
    for f in FINDINGS:
        rv = sum(r["finding"] == f for r, _ in compared)
        gv = sum(g.get("finding") == f for _, g in compared)
        rep.add(rv == gv, "all", "finding " + f, rv, gv, "equal")
    rep.add(True, "info", "finding counts of all the window's records (reference)",
            ", ".join("%s %d" % (f, ref_counts[f]) for f in FINDINGS), "", "")
    # Per record: map_status, finding exactly; for ahead_of_map the days to the change exactly and
    # the distance inside within max(1 %, 0.05 km).
    worst, unsure, mismatched = 0.0, 0, 0
    for r, g in compared:
        where = "line %d %s" % (r["line"], evidence_row(r))
        checks = [("observed_at", r["date"] + "T00:00:00Z", g.get("observed_at"), None, "equal"),
                  ("map_status", r["map_status"], g.get("map_status"), None, "equal"),
                  ("finding", r["finding"], g.get("finding"), None, "equal")]
        if r["finding"] == "ahead_of_map":
            rc, gc = r["map_changed_after_days"], g.get("map_changed_after_days")
            if r["changed_unsure"]:
                unsure += 1
            else:
                checks.append(("map_changed_after_days", rc, gc,
                               (rc is None and gc is None) or (None not in (rc, gc) and abs(rc - gc) < 1e-3),
                               "equal"))
            rd, gd = r["distance_inside_km"], g.get("distance_inside_km")
            if rd is not None and gd is not None:
                ok, tol = within(rd, gd, 0.01, 0.05)
                worst = max(worst, abs(gd - rd))
            else:  # null beyond the search limit: either side may be just at it
                tol = max(0.01 * EVIDENCE_MAX_KM, 0.05)
                if rd is None:
                    ok = gd is None or gd >= EVIDENCE_MAX_KM - tol
                else:
                    ok = rd >= EVIDENCE_MAX_KM - tol
            checks.append(("distance_inside_km", rd, gd, ok, tol))
        for name, rv, gv, ok, tol in checks:
            ok = (rv == gv) if ok is None else ok
            mismatched += not ok
            if not ok or args.verbose:
                rep.add(ok, where, name, "null" if rv is None else rv, "null" if gv is None else gv, tol)
            else:
                rep.passed += 1
    rep.notes.append("records compared: %d of %d matched (%d in the window, %d merged by the importer); "
                     "ahead_of_map whose change day is not compared (within %g deg of a later boundary): %d; "
                     "largest |distance_inside_km difference|: %.4f km; field mismatches: %d"
                     % (len(compared), len(pairs), len(records), len(unmatched), NEAR_BOUNDARY_DEG, unsure, worst,
                        mismatched))
    evidence_outside_rows(rep, records, args.repo_data)
    rep.finish()
