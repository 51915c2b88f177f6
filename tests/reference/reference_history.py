"""The raw history, the regions, the places and the line (compare.py history_gains, diff,
status, regions, timeline, line, unit_history, advance). frontline's monthly gains, diffs and
point status on DeepState's full raw history against the reference's own overlay of the as-of
versions (bench/reference/frontline_ref.py, shapely + pyproj); the occupied share per oblast
against shapely's intersection and DeepState's published shares; every hromada at every version
of the daily series against `regions --at` and shapely; place timelines against the dates news
reports gave for the events; the line of contact's distance from Ukraine's outline with pyproj;
and the advance vectors against shapely's distance to the old line in an azimuthal equidistant
projection.
"""
import argparse
import bisect
import datetime as dt
import gzip
import json
import math
import os
import random
import tempfile

from reference_common import (NEAR_BOUNDARY_DEG, STATUSES, Report, read_feature_collection, ref,
                              require_inputs, run_json, store_with_places)


# Tolerance of every area compared on the raw history (net, gained, lost, contested change, diff
# totals and groups): 0.01 km2 + 1e-5 of the reference figure. Both sides round coordinates
# differently (frontline to a 1e-7 degree grid, also after every overlay; the reference not at
# all), which moves areas by about 0.001 km2; a polygon or a status out of place moves them by
# far more.
ABS_KM2, REL = 0.01, 1e-5


def tol_of(ref_value):
    return ABS_KM2 + REL * abs(ref_value)


class Maxima:
    """Largest |frontline - reference| per quantity, with where it was (printed at the end)."""

    def __init__(self):
        self.worst = {}

    def see(self, quantity, ref_value, got, where):
        if got is None or ref_value is None:
            return
        d = abs(got - ref_value)
        if quantity not in self.worst or d > self.worst[quantity][0]:
            self.worst[quantity] = (d, ref_value, where)

    def lines(self):
        out = ["largest differences (frontline - reference):"]
        for q, (d, r, where) in sorted(self.worst.items()):
            pct = "%.5f %% of %.3f km2" % (100.0 * d / abs(r), r) if r else "absolute"
            out.append("  %-34s %.4f km2 (%s) at %s" % (q, d, pct, where))
        return out


def cmd_history_gains(args):
    rep = Report("monthly gains of the raw history (UTC months %s..%s): frontline vs reference"
                 % (args.frm, args.to),
                 ["period", "quantity", "reference_km2", "frontline_km2", "diff_km2", "tol_km2"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    got, err = run_json([args.frontline, "gains", "--store", args.store, "--map", "deepstate",
                         "--by", "month", "--from", args.frm, "--to", args.to, "--json"])
    if err:
        rep.add(False, "-", "frontline gains", None, None, None, err)
        rep.finish()
    ref_rows = {r["period"]: r for r in ref.cmd_history_gains(
        argparse.Namespace(archive=args.archive, frm=args.frm, to=args.to))}
    got_rows = {r.get("period"): r for r in (got if isinstance(got, list) else [])}
    worst = Maxima()
    for period, r in sorted(ref_rows.items()):
        g = got_rows.get(period)
        if g is None:
            rep.add(False, period, "row missing in frontline output", None, None, None, None)
            continue
        ok = (g.get("start"), g.get("end")) == (r["start"], r["end"])
        rep.add(ok, period, "start, end", "%s %s" % (r["start"], r["end"]),
                "%s %s" % (g.get("start"), g.get("end")), None, "equal")
        for key in ("net_km2", "gained_km2", "lost_km2", "contested_change_km2"):
            rv, gv = r[key], g.get(key)
            if rv is None:
                rep.add(gv is None, period, key, None, gv, None, "no version as of a bound")
                continue
            tol = tol_of(rv)
            rep.add(gv is not None and abs(gv - rv) <= tol, period, key, rv, gv,
                    None if gv is None else gv - rv, tol)
            worst.see(key, rv, gv, period)
        # gained - lost = net, on frontline's own figures: an edge is measured as the straight
        # line the overlay cuts, so the pieces add up to the whole.
        if None not in (g.get("gained_km2"), g.get("lost_km2"), g.get("net_km2")):
            res = g["gained_km2"] - g["lost_km2"] - g["net_km2"]
            rep.add(abs(res) <= ABS_KM2, period, "gained - lost - net", r["identity_residual_km2"], res,
                    res - r["identity_residual_km2"], "<= %.2f" % ABS_KM2)
            worst.see("|gained - lost - net| (frontline)", 0.0, abs(res), period)
    for period in sorted(set(got_rows) - set(ref_rows)):
        rep.add(False, period, "unexpected extra row in frontline output", None, None, None, None)
    rep.notes += worst.lines()
    rep.finish()


# Pairs of times for `diff` (UTC; version ids where a pair must be two consecutive versions).
# DeepState's labels changed form between 1652288706 and 1652400931 (2022-05-13: Ukrainian text
# to "uk /// en") and between 1711141551 and 1711228520 (2024-03-23: to "geoJSON.<key>").
DIFF_PAIRS = (
    ("1652288706", "1652400931", "consecutive, labels uk -> uk /// en"),
    ("1711141551", "1711228520", "consecutive, labels uk /// en -> geoJSON keys"),
    ("1662802147", "1662817875", "consecutive, Kharkiv counteroffensive (2022-09-10)"),
    ("1668123288", "1668157857", "consecutive, Kherson (2022-11-11)"),
    ("1688760298", "1688814995", "consecutive, occupied <-> occupied_before_2022 (2023-07-08)"),
    ("1693773609", "1693860306", "consecutive, 2023-09-04"),
    ("1730495471", "1730581801", "consecutive, every status changes (2024-11-02)"),
    ("1751487746", "1751572730", "consecutive, 2025-07-03"),
    ("2023-06-01", "2023-07-01", "a month"),
    ("2025-06-01", "2025-07-01", "a month"),
    ("2024-08-05", "2024-08-20", "two weeks, Kursk (liberated ground outside Ukraine)"),
    ("2022-04-15", "2023-04-15", "a year, across the 2022-05 label change"),
    ("2023-08-01", "2024-08-01", "a year, across the 2024-03 label change"),
    ("2025-07-01", "2024-07-01", "a year backwards"),
    ("1648989208", "1754251105", "first to last version"),
    ("1730581801", "1730581801", "a version with itself"),
)


def group_key(change, before, after):
    return "%s %s -> %s" % (change, before or "none", after or "none")


def cmd_diff(args):
    rep = Report("diff of pairs of versions of the raw history: frontline vs reference",
                 ["pair", "quantity", "reference_km2", "frontline_km2", "diff_km2", "tol_km2"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    versions = ref.list_versions(args.archive)
    pairs = [(a, b, why, ref.as_of(versions, ref.parse_time(a)), ref.as_of(versions, ref.parse_time(b)))
             for a, b, why in DIFF_PAIRS]
    layers = ref.history_layers(args.archive, {v for p in pairs for v in p[3:] if v is not None})
    worst = Maxima()
    with tempfile.TemporaryDirectory(prefix="frontline-diff-") as tmp:
        for n, (t1, t2, why, v1, v2) in enumerate(pairs):
            label = "%s %s" % (t1, t2)
            print("pair %d: %s .. %s (%s): versions %s .. %s" % (n + 1, t1, t2, why, v1, v2))
            out = os.path.join(tmp, "diff%d.geojson" % n)
            got, err = run_json([args.frontline, "diff", "--store", args.store, "--map", "deepstate",
                                 t1, t2, "-o", out, "--json"])
            if err:
                rep.add(False, label, "frontline diff", None, None, None, err)
                continue
            ok = (got.get("from_version_time"), got.get("to_version_time")) == (ref.iso(v1), ref.iso(v2))
            rep.add(ok, label, "versions", "%s %s" % (ref.iso(v1), ref.iso(v2)),
                    "%s %s" % (got.get("from_version_time"), got.get("to_version_time")), None, "equal")
            pieces = ref.diff_pieces(layers[v1], layers[v2])
            totals = ref.diff_totals(pieces, layers[v1], layers[v2])
            for key in ("gained_km2", "lost_km2", "reclassified_km2", "net_km2"):
                rv, gv = totals[key], got.get(key)
                tol = tol_of(rv)
                rep.add(gv is not None and abs(gv - rv) <= tol, label, key, rv, gv,
                        None if gv is None else gv - rv, tol)
                worst.see("total " + key, rv, gv, label)
            # The GeoJSON: per (change, status_before, status_after), the area its features
            # give and the ground they cover against the reference's piece.
            ref_groups = {group_key(p["change"], p["status_before"], p["status_after"]): p
                          for p in pieces}
            got_area, got_geom, bad = {}, {}, []
            for f in read_feature_collection(out):
                pr = f.get("properties") or {}
                key = group_key(pr.get("change"), pr.get("status_before"), pr.get("status_after"))
                if pr.get("change") != ref.change_kind(pr.get("status_before"), pr.get("status_after")):
                    bad.append(key)
                got_area[key] = got_area.get(key, 0.0) + float(pr.get("area_km2") or 0.0)
                got_geom.setdefault(key, []).extend(ref.polygons_from_geojson(f.get("geometry")))
            rep.add(not bad, label, "change named as its statuses say", None, None, None,
                    ", ".join(bad) or "all features")
            for key in sorted(set(ref_groups) | set(got_area)):
                rp = ref_groups.get(key)
                rv = rp["area_km2"] if rp else 0.0
                gv = got_area.get(key, 0.0)
                tol = tol_of(rv)
                rep.add(abs(gv - rv) <= tol, label, key, rv, gv, gv - rv, tol)
                worst.see("group area", rv, gv, "%s: %s" % (label, key))
                # Where the ground is: the area of the symmetric difference of the two pieces.
                g = ref.union_valid(got_geom.get(key, []))
                r = rp["geometry"] if rp else ref.MultiPolygon()
                sym = ref.area_km2(g.symmetric_difference(r)) if not (g.is_empty and r.is_empty) else 0.0
                rep.add(sym <= tol, label, key + ": symmetric difference", 0.0, sym, sym, tol)
                worst.see("group symmetric difference", 0.0, sym, "%s: %s" % (label, key))
    rep.notes += worst.lines()
    rep.finish()


# Times for `status`: one or more in each label era, around the big changes.
STATUS_TIMES = ("2022-04-20", "2022-09-12T12:00", "2023-07-08T12:00", "2024-03-24",
                "2024-08-20", "2025-07-31")
FRONT_BOX = (31.0, 46.0, 40.0, 51.0)  # lon, lat, lon, lat: the front and its rear


def sample_points(rng, layers, random_points, per_status, near):
    """Seeded points: random_points uniform in FRONT_BOX, then per_status points inside each
    status's layer (a part picked by its planar area, a point uniform in its box, kept if inside
    and away from every boundary), then `near` points 1e-4 to 1e-3 degree (10 to 100 m) from a
    boundary (a point picked along the outer ring of a random part of a random status, moved in
    a random direction), all rounded to 7 decimals (frontline's grid)."""
    pts = []
    lo_lon, lo_lat, hi_lon, hi_lat = FRONT_BOX
    for _ in range(random_points):
        pts.append((round(rng.uniform(lo_lon, hi_lon), 7), round(rng.uniform(lo_lat, hi_lat), 7), "box"))
    for s in STATUSES:
        parts = ref.polygonal_parts(layers.get(s, ref.MultiPolygon()))
        if not parts:
            continue
        weights = [p.area for p in parts]
        found, tries = 0, 0
        while found < per_status and tries < 200 * per_status:
            tries += 1
            part = rng.choices(parts, weights)[0]
            x0, y0, x1, y1 = part.bounds
            lon, lat = round(rng.uniform(x0, x1), 7), round(rng.uniform(y0, y1), 7)
            status, dist = ref.point_status(layers, lon, lat)
            if status == s and dist >= NEAR_BOUNDARY_DEG:
                pts.append((lon, lat, "in " + s))
                found += 1
    present = [s for s in STATUSES if not layers.get(s, ref.MultiPolygon()).is_empty]
    for _ in range(near if present else 0):
        s = rng.choice(present)
        part = rng.choice(ref.polygonal_parts(layers[s]))
        on = part.exterior.interpolate(rng.random(), normalized=True)
        r, a = rng.uniform(1e-4, 1e-3), rng.uniform(0.0, 2.0 * math.pi)
        pts.append((round(on.x + r * math.cos(a), 7), round(on.y + r * math.sin(a), 7),
                    "near " + s))
    return pts


def cmd_status(args):
    rep = Report("status of points on the raw history: frontline vs reference (shapely)",
                 ["at", "point", "drawn", "reference", "frontline", "version"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    versions = ref.list_versions(args.archive)
    times = [(t, ref.as_of(versions, ref.parse_time(t))) for t in STATUS_TIMES]
    layers = ref.history_layers(args.archive, {v for _, v in times if v is not None})
    rng = random.Random(args.seed)
    counts, skipped, mismatches = {}, 0, 0
    for t, v in times:
        for lon, lat, drawn in sample_points(rng, layers[v], args.random, args.per_status, args.near):
            status, dist = ref.point_status(layers[v], lon, lat)
            if dist < NEAR_BOUNDARY_DEG:
                skipped += 1
                continue
            got, err = run_json([args.frontline, "status", "--store", args.store, "--map", "deepstate",
                                 "--at", t, "--lon", "%.7f" % lon, "--lat", "%.7f" % lat, "--json"])
            where = "%.7f,%.7f" % (lon, lat)
            if err:
                rep.add(False, t, where, drawn, status, err, None)
                mismatches += 1
                continue
            ok = got.get("status") == status and got.get("version_time") == ref.iso(v)
            mismatches += not ok
            counts[status or "none"] = counts.get(status or "none", 0) + 1
            if not ok or args.verbose:
                rep.add(ok, t, where, drawn, status or "none", got.get("status") or "none",
                        got.get("version_time"))
            else:
                rep.passed += 1
    rep.notes.append("points compared: %d (%s); skipped within %g deg of a boundary: %d; mismatches: %d"
                     % (sum(counts.values()), ", ".join("%s %d" % kv for kv in sorted(counts.items())),
                        NEAR_BOUNDARY_DEG, skipped, mismatches))
    rep.finish()


# DeepState's own figures for 1 January 2026 (its map's oblast statistics, as reported in the
# press): Donetsk oblast about 78 % occupied, Luhansk over 99 %. A check of the order, not a target.
PUBLISHED_SHARES_2026 = {"Donetsk oblast": (0.76, 0.80), "Luhansk oblast": (0.99, 1.0)}


def cmd_regions(args):
    """Share occupied per oblast on the daily series as of a date: frontline regions vs shapely."""
    rep = Report("occupied share per oblast, map deepstate-daily as of %s" % args.at,
                 ["oblast", "quantity", "reference", "frontline", "diff", "tol"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    with store_with_places(args, rep, [args.repo_data]) as store:
        got, err = run_json([args.frontline, "regions", "--store", store, "--map", "deepstate-daily", "--level",
                             "oblast", "--at", args.at, "--json"])
    if err:
        rep.add(False, "-", "frontline regions", None, None, None, err)
        rep.finish()
    day_name = "deepstatemap_data_%s.geojson" % args.at.replace("-", "")
    occ = None
    for m, tar in ref._tar_stream(args.archive):
        if m.isfile() and m.name.endswith(day_name):
            occ = ref.analyse_daily(json.loads(tar.extractfile(m).read()))
            break
    if occ is None:
        rep.add(False, "-", "reference: %s not in the archive" % day_name, None, None, None, None)
        rep.finish()
    with gzip.open(os.path.join(args.repo_data, "ukraine-oblasts.geojson.gz"), "rb") as fh:
        oblasts = json.loads(fh.read())["features"]
    by_uk = {r["name"]: r for r in got}
    for f in oblasts:
        name_uk = f["properties"]["ADMIN_1"]
        g = ref.union_valid(ref.polygons_from_geojson(f["geometry"]))
        area = ref.area_km2(g)
        inside = ref.area_km2(occ.intersection(g)) if occ.intersects(g) else 0.0
        r = by_uk.get(name_uk)
        if r is None:
            rep.add(False, name_uk, "row", None, None, None, None)
            continue
        for q, rv, gv, tol in (("area_km2", area, r["area_km2"], max(1e-6 * area, 0.01)),
                               ("occupied_total_km2", inside, r["occupied_total_km2"], 0.05),
                               ("share_occupied", inside / area, r["share_occupied"], 2e-6)):
            rep.add(abs(rv - gv) <= tol, r["name_en"], q, rv, gv, gv - rv, tol)
        if r["name_en"] in PUBLISHED_SHARES_2026 and args.at == "2026-01-01":
            lo, hi = PUBLISHED_SHARES_2026[r["name_en"]]
            rep.add(lo <= r["share_occupied"] <= hi, r["name_en"], "published share %.2f..%.2f" % (lo, hi),
                    None, r["share_occupied"], None, None)
    rep.finish()


# Liberations and captures as reported at the time (the event; DeepState's map follows within days):
# (place, label the map must reach, the event's date, days of lag allowed after it, days before).
PUBLISHED_EVENTS = (
    ("Izium", "held by Ukraine", "2022-09-10", 5, 1),      # Kharkiv counteroffensive, 10 September 2022
    ("Lyman", "held by Ukraine", "2022-10-01", 5, 1),      # Russia's withdrawal announced 1 October 2022
    ("Kherson", "held by Ukraine", "2022-11-11", 5, 1),    # Ukrainian troops entered on 11 November 2022
    ("Vuhledar", "mostly held by Russia", "2024-10-01", 7, 3),  # Ukraine's withdrawal, 1-2 October 2024
)


def cmd_timeline(args):
    """Place timelines on the history against the dates the events were reported."""
    rep = Report("place timelines vs reported liberations and captures",
                 ["place", "label", "reported", "frontline_first", "days_after", "allowed"])
    require_inputs(rep, args.frontline, args.store)
    with store_with_places(args, rep, [os.path.join(args.repo_data, "places"), args.repo_data]) as store:
        for name, label, date, after, before in PUBLISHED_EVENTS:
            got, err = run_json([args.frontline, "place", name, "--store", store, "--map", "deepstate",
                                 "--timeline", "--json"])
            if err:
                rep.add(False, name, label, date, None, None, err)
                continue
            event = dt.datetime.strptime(date, "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
            firsts = [c["version_time"] for c in got["changes"] if c["label"] == label and
                      dt.datetime.fromisoformat(c["version_time"].replace("Z", "+00:00")) >= event - dt.timedelta(days=before)]
            if not firsts:
                rep.add(False, name, label, date, None, None, "never")
                continue
            first = dt.datetime.fromisoformat(firsts[0].replace("Z", "+00:00"))
            days = (first - event).total_seconds() / 86400
            rep.add(-before <= days <= after, name, label, date, firsts[0], round(days, 1), "-%d..+%d" % (before, after))
    rep.finish()


LINE_TIMES = (("deepstate", "2022-06-01"), ("deepstate", "2024-11-01"), ("deepstate", "2025-08-01"),
              ("deepstate-daily", "2026-01-01"))


def cmd_line(args):
    """The line of contact never runs along the border or the coast, nor out at sea: every vertex
    lies inside Ukraine, at least the tolerance (1 km) from its outline, measured in UTM zone 36N
    with pyproj."""
    import tempfile
    from pyproj import Transformer
    from shapely.geometry import LineString, Point, Polygon
    from shapely.ops import transform, unary_union
    from shapely.prepared import prep
    rep = Report("line of contact: distance of every vertex to Ukraine's outline (border and coast)",
                 ["map", "at", "quantity", "value", "limit"])
    require_inputs(rep, args.frontline, args.store)
    with gzip.open(os.path.join(args.repo_data, "ukraine-oblasts.geojson.gz"), "rb") as fh:
        oblasts = json.loads(fh.read())["features"]
    utm = Transformer.from_crs("EPSG:4326", "EPSG:32636", always_xy=True).transform

    def on_grid(geom):
        # As frontline reads them: on the 1e-7 degree grid, where neighbouring oblasts share their
        # border exactly (unrounded, their float coordinates leave slivers along internal borders).
        def r(c):
            return [round(c[0], 7), round(c[1], 7)]
        rings = (lambda poly: [[r(c) for c in ring] for ring in poly])
        if geom["type"] == "Polygon":
            return {"type": "Polygon", "coordinates": rings(geom["coordinates"])}
        return {"type": "MultiPolygon", "coordinates": [rings(p) for p in geom["coordinates"]]}
    country = unary_union([ref.union_valid(ref.polygons_from_geojson(on_grid(f["geometry"]))) for f in oblasts])
    outline = transform(utm, country.boundary)
    # Prepared: an unprepared contains walks the whole outline for every vertex (171 s of 190).
    inside = prep(country)
    for m, at in LINE_TIMES:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "line.geojson")
            got, err = run_json([args.frontline, "line", "--store", args.store, "--map", m, "--at", at, "-o", out,
                                 "--json"])
            if err:
                rep.add(False, m, at, "frontline line", None, err)
                continue
            with open(out) as fh:
                lines = json.load(fh)["features"]
        vertices = [c for f in lines for c in f["geometry"]["coordinates"]]
        nearest = min(outline.distance(Point(utm(*c))) for c in vertices)
        rep.add(nearest >= 990.0, m, at, "nearest vertex to the outline, m", round(nearest, 1), ">= 990")
        outside = sum(not inside.contains(Point(*c)) for c in vertices)
        rep.add(outside == 0, m, at, "vertices outside Ukraine (at sea)", outside, 0)
        rep.add(1000 <= got["length_km"] <= 3000, m, at, "length_km", got["length_km"], "1000..3000")
        # No closed path that encloses nothing: a sliver the union of the occupied layers leaves
        # is no front (its mean width, twice its area over its length, under 1 m).
        slivers = 0
        for f in lines:
            c = f["geometry"]["coordinates"]
            if len(c) >= 4 and c[0] == c[-1]:
                area, perimeter = ref.GEOD.geometry_area_perimeter(Polygon(c))
                if perimeter > 0 and 2 * abs(area) / perimeter < 1.0:
                    slivers += 1
        rep.add(slivers == 0, m, at, "closed paths narrower than 1 m (slivers)", slivers, 0)
        rep.add(got["length_generalised_km"] <= got["length_km"], m, at, "generalised <= as drawn",
                got["length_generalised_km"], got["length_km"])
    rep.finish()


# Dates at which every hromada's figure from the incremental history is compared with the direct
# computation (regions --at) and, at the first, with shapely.
UNIT_HISTORY_DATES = ("2024-09-01", "2025-06-01", "2026-01-01")


def cmd_unit_history(args):
    """Every hromada at every version of the daily series, computed incrementally (regions
    --history), against the direct overlay of the whole layer with each unit (regions --at) at
    three dates, and against shapely (the reference's union of the day's polygons intersected with
    each hromada of the boundary file) at the first."""
    rep = Report("hromada history (incremental) vs regions --at and shapely, map deepstate-daily",
                 ["at", "quantity", "frontline", "reference", "limit"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    boundaries = os.path.join(args.shared_data, "boundaries")
    if not os.path.exists(os.path.join(boundaries, "ukraine-hromadas.geojson")):
        rep.add(False, "-", "hromadas file", None, boundaries, "../shared/data/boundaries")
        rep.finish()
    with store_with_places(args, rep, [boundaries]) as store:
        hist, err = run_json([args.frontline, "regions", "--store", store, "--map", "deepstate-daily", "--level",
                              "hromada", "--history", "--json"], timeout=600)
        if err:
            rep.add(False, "-", "frontline regions --history", None, err, None)
            rep.finish()
        one, err = run_json([args.frontline, "regions", "--store", store, "--map", "deepstate-daily", "--level",
                             "hromada", "--history", "--threads", "1", "--json"], timeout=600)
        if err:
            rep.add(False, "-", "frontline regions --history --threads 1", None, err, None)
        else:
            rep.add(one == hist, "-", "the same rows with 1 thread as with one per core",
                    len(one["changes"]), len(hist["changes"]), None)
        direct = {}
        for at in UNIT_HISTORY_DATES:
            got, err = run_json([args.frontline, "regions", "--store", store, "--map", "deepstate-daily", "--level",
                                 "hromada", "--at", at, "--json"])
            if err:
                rep.add(False, at, "frontline regions --at", None, err, None)
                continue
            direct[at] = got
    by_id = {}
    for r in hist["changes"]:
        by_id.setdefault(r["id"], []).append((r["version_time"], r["occupied_total_km2"]))
    rep.add(hist["units"] >= 1700, "-", "hromadas", hist["units"], ">= 1700", None)

    def as_of(uid, at):
        val = 0.0
        for t, km2 in by_id.get(uid, []):
            if t <= at + "T00:00:00Z":
                val = km2
        return val

    for at, rows in direct.items():
        worst = max(abs(as_of(r["id"], at) - r["occupied_total_km2"]) for r in rows)
        rep.add(worst <= 0.002, at, "largest |history - regions --at| of %d hromadas, km2" % len(rows),
                round(worst, 4), 0, "0.002")
    # shapely, at the first date, for the hromadas the front crosses or that Russia holds.
    at = UNIT_HISTORY_DATES[0]
    day_name = "deepstatemap_data_%s.geojson" % at.replace("-", "")
    occ = None
    for m, tar in ref._tar_stream(args.archive):
        if m.isfile() and m.name.endswith(day_name):
            occ = ref.analyse_daily(json.loads(tar.extractfile(m).read()))
            break
    with open(os.path.join(boundaries, "ukraine-hromadas.geojson")) as fh:
        hromadas = json.load(fh)["features"]
    worst, compared, total_ref, total_got = 0.0, 0, 0.0, 0.0
    # Units are matched by their area (the boundary file's names carry Latin homoglyphs that the
    # gazetteer corrects): within 0.01 km2, and only where one unit is that close.
    rows = sorted(direct.get(at, []), key=lambda r: r["area_km2"])
    areas = [r["area_km2"] for r in rows]
    for f in hromadas:
        g = ref.union_valid(ref.polygons_from_geojson(f["geometry"]))
        if g.is_empty or not occ.intersects(g):
            continue
        area = ref.area_km2(g)
        lo, hi = bisect.bisect_left(areas, area - 0.01), bisect.bisect_right(areas, area + 0.01)
        if hi - lo != 1:
            continue
        r = rows[lo]
        inside = ref.area_km2(occ.intersection(g))
        compared += 1
        total_ref += inside
        total_got += as_of(r["id"], at)
        worst = max(worst, abs(inside - as_of(r["id"], at)))
    rep.add(compared >= 200, at, "hromadas with occupied ground matched to the boundary file", compared, ">= 200",
            None)
    rep.add(worst <= 0.05, at, "largest |history - shapely|, km2", round(worst, 4), 0, "0.05")
    rep.add(abs(total_ref - total_got) <= 0.5, at, "sum over them, km2", round(total_got, 3), round(total_ref, 3),
            "0.5")
    rep.finish()


# Months of the raw history: Kharkiv's counter-offensive (the line moves back, negative), the
# autumn 2024 advance on Vuhledar and Kurakhove, and summer 2025.
ADVANCE_PAIRS = (("2022-09-01", "2022-10-01"), ("2024-10-01", "2024-11-01"), ("2025-07-01", "2025-08-01"))


def cmd_advance(args):
    """How far the line moved: each sampled vector's length against the geodesic distance from its
    new-line end to the old line (shapely, in an azimuthal equidistant projection centred on the
    point, which keeps distances from the centre exact), and its sign against the old version's
    occupied ground read from the archive by the reference. Totals: the mean is the vectors' mean,
    gained and lost are diff's."""
    import tempfile
    from pyproj import Transformer
    from shapely.geometry import LineString, MultiLineString, Point, box
    from shapely.ops import transform
    rep = Report("advance: vectors vs shapely + pyproj (AEQD), signs vs the reference's occupied ground",
                 ["from", "to", "quantity", "frontline", "reference"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    versions = ref.list_versions(args.archive)
    olds = {frm: ref.as_of(versions, ref.parse_time(frm)) for frm, _ in ADVANCE_PAIRS}
    layers = ref.history_layers(args.archive, set(olds.values()))
    rng = random.Random(args.seed)
    for frm, to in ADVANCE_PAIRS:
        with tempfile.TemporaryDirectory() as tmp:
            old_path, vec_path = os.path.join(tmp, "old.geojson"), os.path.join(tmp, "vectors.geojson")
            _, err = run_json([args.frontline, "line", "--store", args.store, "--map", "deepstate", "--at", frm,
                               "-o", old_path, "--json"])
            got, err2 = run_json([args.frontline, "advance", "--store", args.store, "--map", "deepstate",
                                  "--from", frm, "--to", to, "-o", vec_path, "--json"])
            diff, err3 = run_json([args.frontline, "diff", "--store", args.store, "--map", "deepstate", frm, to,
                                   "--json"])
            if err or err2 or err3:
                rep.add(False, frm, to, "frontline", None, err or err2 or err3)
                continue
            with open(old_path) as fh:
                old_line = MultiLineString([f["geometry"]["coordinates"] for f in json.load(fh)["features"]])
            with open(vec_path) as fh:
                vectors = json.load(fh)["features"]
        ground = ref.occupied_total_geom(layers[olds[frm]])
        moved = [v for v in vectors if not v["properties"]["new_line"]]
        mean = sum(v["properties"]["distance_km"] for v in moved) / len(moved)
        rep.add(abs(mean - got["mean_km"]) <= 0.0015, frm, to, "mean_km = mean of the vectors (not new line)",
                got["mean_km"], round(mean, 4))
        new_line = [v for v in vectors if v["properties"]["new_line"]]
        rep.add(all(abs(v["properties"]["distance_km"]) > 10 for v in new_line), frm, to,
                "new-line vectors are all over 10 km (%d of them)" % len(new_line), "", "")
        rep.add(abs(got["gained_km2"] - diff["gained_km2"]) <= 0.002, frm, to, "gained_km2 = diff's",
                got["gained_km2"], diff["gained_km2"])
        rep.add(abs(got["lost_km2"] - diff["lost_km2"]) <= 0.002, frm, to, "lost_km2 = diff's",
                got["lost_km2"], diff["lost_km2"])
        # The 30 longest vectors either way and 270 at random.
        by_len = sorted(vectors, key=lambda v: v["properties"]["distance_km"])
        chosen = by_len[:15] + by_len[-15:] + rng.sample(vectors, min(270, len(vectors)))
        worst, wrong_sign, checked = 0.0, 0, 0
        for v in chosen:
            d = v["properties"]["distance_km"]
            (_, _), (lon, lat) = v["geometry"]["coordinates"]
            r_km = abs(d) + 5
            dlat = r_km / 111.0
            dlon = r_km / (111.0 * math.cos(math.radians(lat)))
            near = old_line.intersection(box(lon - dlon, lat - dlat, lon + dlon, lat + dlat))
            aeqd = Transformer.from_crs("EPSG:4326", "+proj=aeqd +lat_0=%.9f +lon_0=%.9f +ellps=WGS84" % (lat, lon),
                                        always_xy=True).transform
            ref_km = transform(aeqd, near).distance(Point(0, 0)) / 1000
            err_km = abs(abs(d) - ref_km)
            worst = max(worst, err_km - (0.003 * ref_km + 0.015))
            checked += 1
            if abs(d) >= 0.05:
                inside = ground.contains(Point(lon, lat))
                wrong_sign += (d < 0) != inside
        rep.add(worst <= 0, frm, to, "vectors within 0.3 %% + 15 m of the distance (%d checked)" % checked,
                "excess %.4f km" % max(worst, 0), "0")
        rep.add(wrong_sign == 0, frm, to, "vectors of 50 m or more signed by the old ground", wrong_sign, 0)
        rep.add(got["max_km"] >= 0 >= got["min_km"], frm, to, "max >= 0 >= min",
                "%s / %s" % (got["max_km"], got["min_km"]), "")
    rep.finish()
