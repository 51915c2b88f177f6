"""ISW's daily "Russian claimed" layer against the raw history (compare.py isw_layer).
frontline's `claims layer` per date (the as-of version, the claimed km2 and the km2 the map does
not show occupied) against the reference's own reading of the raw GeoJSON and the raw history
archive: the union of the date's polygons made valid, less occupied_total, each area on the WGS84
ellipsoid (shapely + pyproj).
"""
import json
import os
import time

from reference_common import Report, ref, require_inputs, run_json, ts, within


# `frontline claims layer --map deepstate FILE --from D --to D --json` per date: claimed = the
# union of the date's polygons (each made valid), the version as of the end of the date (latest
# with time <= D + 86399 s, UTC), not shown = claimed - (occupied U occupied_before_2022).
# Dates spread over the layer (2022-03-02..2022-11-30 and 2023-05-12..2023-08-24): with
# MultiPolygons (2022-04-15, 2022-10-28, 2022-11-11, 2023-08-20), rings that cross themselves
# (2022-08-03, 2022-09-12, 2022-10-28), a MultiPolygon with a part of too few points (2023-08-20), features
# without geometry (2022-11-11: 5 of 18, 2023-06-15, 2023-08-20), and the Kharkiv and Kherson
# counteroffensives (2022-09-12, 2022-11-11).
ISW_DATES = ("2022-04-15", "2022-06-15", "2022-08-03", "2022-09-12", "2022-10-28", "2022-11-11",
             "2023-06-15", "2023-08-20")
ISW_REL, ISW_FLOOR_KM2 = 0.005, 1.0


def isw_days(path, dates):
    """{date: {features, polygons (shapely), invalid}} of the layer's features on those dates."""
    with open(path, "rb") as fh:
        features = json.loads(fh.read()).get("features") or []
    out = {d: {"features": 0, "polygons": [], "invalid": 0} for d in dates}
    for f in features:
        d = str((f.get("properties") or {}).get("date") or "")[:10]
        if d not in out:
            continue
        out[d]["features"] += 1
        polys = ref.polygons_from_geojson(f.get("geometry"))
        out[d]["polygons"] += polys
        out[d]["invalid"] += sum(not p.is_valid for p in polys)
    return out


def cmd_isw_layer(args):
    """ISW's Russian-claimed layer per date: the ground claimed and the part of it the map does not
    show occupied, frontline's `claims layer` vs the reference."""
    t0 = time.time()
    dates = tuple(args.dates.split(",")) if args.dates else ISW_DATES
    rep = Report("ISW's Russian-claimed layer against map deepstate: frontline vs reference (shapely + pyproj)",
                 ["date", "quantity", "reference", "frontline", "diff", "tol"])
    live = not args.reference_only
    require_inputs(rep, args.frontline or "(none: give --frontline)" if live else None,
                   args.store or "(none: give --store)" if live else None, args.archive)
    if not os.path.exists(args.layer):
        require_inputs(rep, archive=args.layer)
    days = isw_days(args.layer, dates)
    versions = ref.list_versions(args.archive)
    as_of = {d: ref.as_of(versions, ts(d) + 86399) for d in dates}
    layers = ref.history_layers(args.archive, {v for v in as_of.values() if v is not None})
    print("reference: %d dates, %d versions read (%.1f s)" % (len(dates), len(layers), time.time() - t0))
    for d in dates:
        day_ = days[d]
        v = as_of[d]
        claimed = ref.union_valid(day_["polygons"])
        claimed_km2 = ref.area_km2(claimed)
        if v is None:
            not_shown = None
        else:
            occ = ref.occupied_total_geom(layers[v])
            not_shown = ref.area_km2(ref.difference(claimed, occ))
        share = not_shown / claimed_km2 if not_shown is not None and claimed_km2 > 0 else None
        if not live:
            rep.add(True, d, "version", "%s (%s)" % (v, ref.iso(v)) if v else None, "", "", "")
            rep.add(True, d, "features / polygons / invalid", "%d / %d / %d" % (
                day_["features"], len(day_["polygons"]), day_["invalid"]), "", "", "")
            rep.add(True, d, "claimed_km2", claimed_km2, "", "", "")
            rep.add(True, d, "not_shown_km2", not_shown, "", "", "")
            rep.add(True, d, "not_shown_share", share, "", "", "")
            continue
        got, err = run_json([args.frontline, "claims", "layer", "--store", args.store, "--map", "deepstate",
                             args.layer, "--from", d, "--to", d, "--json"], timeout=600)
        if err:
            rep.add(False, d, "frontline claims layer", None, None, None, err)
            continue
        rows = [r for r in (got.get("days") or []) if r.get("date") == d]
        if len(rows) != 1:
            rep.add(False, d, "the date's row in frontline's output", 1, len(rows), None, "equal")
            continue
        g = rows[0]
        rep.add(g.get("version_time") == (ref.iso(v) if v else None), d, "version_time",
                ref.iso(v) if v else None, g.get("version_time"), None, "equal")
        rep.add(True, d, "polygons (info: features, polygons)",
                "%d, %d" % (day_["features"], len(day_["polygons"])), g.get("polygons"), None, "")
        for q, rv in (("claimed_km2", claimed_km2), ("not_shown_km2", not_shown)):
            gv = g.get(q)
            if rv is None:
                rep.add(gv is None, d, q, None, gv, None, "null: no version")
                continue
            ok, tol = within(rv, gv, ISW_REL, ISW_FLOOR_KM2)
            rep.add(ok, d, q, rv, gv, None if gv is None else gv - rv, tol)
    rep.notes.append("reference took %.1f s" % (time.time() - t0))
    rep.finish()
