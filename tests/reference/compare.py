#!/usr/bin/python3
"""Check the frontline C++ CLI against the independent Python reference (bench/reference).

Run with Debian's interpreter (it has python3-shapely and python3-pyproj):

  /usr/bin/python3 tests/reference/compare.py areas   --frontline BIN --store STORE \
        --archive HISTORY.tar.zst --sample K
  /usr/bin/python3 tests/reference/compare.py gains   --frontline BIN --store STORE \
        --archive DAILY.tar.zst --from 2024-08 --to 2026-07
  /usr/bin/python3 tests/reference/compare.py ukraine --boundaries OBLASTS.geojson \
        [--frontline BIN --store STORE]
  /usr/bin/python3 tests/reference/compare.py deepstate_months --frontline BIN --store STORE
  /usr/bin/python3 tests/reference/compare.py history_gains --frontline BIN --store STORE \
        --archive HISTORY.tar.zst [--from 2022-05 --to 2025-07]
  /usr/bin/python3 tests/reference/compare.py diff    --frontline BIN --store STORE --archive HISTORY.tar.zst
  /usr/bin/python3 tests/reference/compare.py status  --frontline BIN --store STORE --archive HISTORY.tar.zst \
        [--seed S --random 48 --per-status 6 --near 12 --verbose]
  /usr/bin/python3 tests/reference/compare.py evidence --frontline BIN --store STORE --archive DAILY.tar.zst \
        --evidence owlmaps/owl_geolocations_2024_2026.csv --repo-data data \
        [--from 2025-09-01 --to 2025-12-31 --verbose | --reference-only]
  /usr/bin/python3 tests/reference/compare.py scenario --frontline BIN --store STORE --archive HISTORY.tar.zst \
        --repo-data data [--shared-data ../shared/data --at 2025-08-01 | --reference-only]
  /usr/bin/python3 tests/reference/compare.py isw_layer --frontline BIN --store STORE --archive HISTORY.tar.zst \
        --layer isw/isw_russian_claimed_territory_daily.geojson [--dates D,D,... | --reference-only]

areas, gains, ukraine and deepstate_months are checked in this file; the other subcommands in
sibling modules of this folder: history_gains, diff, status, regions, timeline, line, unit_history
and advance in reference_history.py, evidence in reference_evidence.py, scenario in
reference_scenario.py, isw_layer in reference_isw.py; the helpers they share are in
reference_common.py.

Every check is one row of a table (printed in full, failures marked FAIL); the last line is
always `N passed, M failed`. Exit status: 0 if nothing failed, 1 on any mismatch, 2 when the
inputs (binary, store, archive) are missing, which is reported as one failed check.

Tolerances:
  areas   each status area and occupied_total: 0.1 % relative, or 0.5 km2 for areas < 500 km2.
  gains   net: max(0.5 %, 2 km2); gained and lost: max(1 %, 2 km2); plus the reference's own
          sanity check net(2025-11) / net(2025-09) in [1.7, 2.1].
  ukraine reference area of the union of the oblasts vs the published 603,628 km2: 1 %;
          if a binary and store are given, the denominator implied by `area --json`
          (occupied_total_km2 / share_of_ukraine) vs the reference area: 0.5 %.
  deepstate_months
          net monthly gains of the raw history in Kyiv months (`gains --tz Europe/Kyiv`) vs
          DeepState's published monthly figures (PUBLISHED_MONTHS): max(1 %, 5 km2) each; and the
          Kyiv months closer to them on average than UTC months (docs/model.md says why).
  history_gains
          every UTC month of the raw history: net, gained, lost and contested change vs the
          reference's own overlay, 0.01 km2 + 1e-5 of the reference figure each; on frontline's
          figures |gained - lost - net| <= 0.01 km2 (both measure an edge as the straight line
          in lon/lat that overlays cut, see docs/model.md).
  diff    each of DIFF_PAIRS: gained, lost, reclassified totals, and per (change,
          status_before, status_after) group of the `-o` GeoJSON its area and the area of the
          symmetric difference of its ground with the reference's piece: 0.01 km2 + 1e-5 of the
          reference area each; every feature's change named as its two statuses say; net (the
          change of the occupied_total area, not gained - lost) likewise.
  evidence
          UAControlMap's records of --from..--to (default 2025-09-01..2025-12-31) imported into a
          copy of the store (`evidence import --allow-unsourced`), `evidence check --map
          deepstate-daily --all --json` vs the reference's own judgement (each record against the
          daily version as of the end of its day; covered by its polygons: occupied_total, else in
          the oblasts (on the 1e-7 grid): held_by_ukraine, else outside_ukraine). Records within
          1e-5 degree of the occupied boundary or of Ukraine's outline at their version are skipped.
          Counts per finding over the matched records: exactly. Per record (matched by date, side
          and lon/lat within 1e-6 degree; reference records the importer merged away are counted,
          and each must have a partner by the merge rules): observed_at, map_status and finding
          exactly; for ahead_of_map map_changed_after_days exactly (unless the point lies within
          1e-5 degree of a later version's boundary up to the change) and distance_inside_km (the
          geodesic distance to the nearest point of the occupied boundary, that point found in the
          UTM zone, null beyond 100 km) within max(1 %, 0.05 km), null against a value within 1 km
          of the limit allowed. Info rows: the records outside Ukraine (the issue quotes 532 of
          5,090). Only mismatching fields get a row (all with --verbose).
  scenario
          `scenario --map deepstate --at 2025-08-01` with --cede "Donetsk oblast" "Luhansk oblast",
          --freeze and --buffer 15 against the reference's overlay of the as-of version (see
          SCENARIOS): version_time exactly; each transfer (from, to) within 0.5 % (buffer: 2 %;
          frontline buffers on a sinusoidal projection, the reference per 100 km stretch in an
          azimuthal equidistant one) or 0.1 km2, a piece one side lacks counting as 0; for cede and
          freeze the settlements of the gazetteer on the ground that changes hands within 1 % + 2,
          population_total within 1 %; on frontline's own figures population_total and
          settlements_without_population as its listed settlements give them.
  isw_layer
          `claims layer --map deepstate ISW_FILE --from D --to D --json` for the 8 ISW_DATES:
          version_time (as of the end of the date) exactly; claimed_km2 (union of the date's
          polygons, made valid) and not_shown_km2 (claimed - occupied_total) within max(0.5 %, 1 km2).
  status  seeded points at STATUS_TIMES (uniform in the front's box, inside each status, 10 to
          100 m from a boundary), those within 1e-5 degree of a boundary skipped: the status and
          the as-of version exactly. Only mismatching points get a row (all with --verbose).
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True  # before the sibling modules are imported: no __pycache__ in the source tree
from reference_common import STATUSES, Report, day, fmt, ref, require_inputs, run_json, ts, within
from reference_evidence import EVIDENCE_WINDOW, cmd_evidence
from reference_history import (cmd_advance, cmd_diff, cmd_history_gains, cmd_line, cmd_regions,
                               cmd_status, cmd_timeline, cmd_unit_history)
from reference_isw import cmd_isw_layer
from reference_scenario import SCENARIO_AT, cmd_scenario

# DeepState's monthly figures (net growth of occupied territory, km2, calendar months in Kyiv
# time), as quoted by the press from its Telegram posts; the months the bundled raw history
# covers. Sources: docs/model.md, "How frontline's monthly figures relate to DeepState's".
PUBLISHED_MONTHS = {
    "2024-08": 363, "2024-11": 730, "2025-01": 325, "2025-03": 133,
    "2025-04": 175, "2025-05": 449, "2025-06": 556, "2025-07": 564,
}
PUBLISHED_UKRAINE_KM2 = 603628.0
# DeepState's label eras (docs/model.md), by the versions where the labels changed form:
# Ukrainian text up to 1652288706 (2022-05-11), "uk /// en" from 1652400931 (2022-05-13T00:15Z)
# up to 1711141551 (2024-03-22), "geoJSON.<key>" from 1711228520 (2024-03-23T21:15Z).
ERAS = (("Ukrainian text", None, "2022-05-13"),
        ("uk /// en", "2022-05-13", "2024-03-23"),
        ("geoJSON keys", "2024-03-23", None))


KURSK_DATES = ("2024-09-01", "2025-01-15")
# Ukraine's own claim for the salient in August 2024 was about 1,290 km² (its commander-in-chief,
# 27 August 2024); DeepState drew less, with a grey zone around it. A floor, not a target.
KURSK_FLOOR_KM2 = 500.0


def sample_versions(versions, k):
    """K ids spread evenly over the history (first and last included), topped up so that every
    naming era has at least 2 (an era's picks are spread evenly inside it)."""
    ids = [v for v, _ in versions]
    n = len(ids)
    k = max(2, min(k, n))
    picked = {ids[round(i * (n - 1) / (k - 1))] for i in range(k)}
    for _, lo, hi in ERAS:
        lo_t, hi_t = ts(lo), ts(hi)
        era = [v for v, t in versions if (lo_t is None or t >= lo_t) and (hi_t is None or t < hi_t)]
        if not era:
            continue
        need = min(2, len(era)) - sum(v in picked for v in era)
        if need <= 0:
            continue
        rest = [v for v in era if v not in picked]
        idx = {round((j + 1) * (len(rest) - 1) / (need + 1)) for j in range(need)}
        idx |= set(i for i in range(len(rest)) if i not in idx) if len(idx) < need else set()
        picked.update(rest[i] for i in sorted(idx)[:need])
    # The Kursk salient, drawn as "liberated" and grey zone on Russia's land: its largest extent
    # (late August 2024) and its shrinking (mid-January 2025).
    for date in KURSK_DATES:
        v = ref.as_of(versions, ts(date))
        if v is not None:
            picked.add(v)
    return sorted(picked)


def cmd_areas(args):
    rep = Report("status areas: frontline vs reference (history archive)",
                 ["version_id", "date", "quantity", "reference_km2", "frontline_km2", "diff_km2", "tol_km2"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    versions = ref.list_versions(args.archive)
    ids = sample_versions(versions, args.sample)
    print("sampled %d of %d versions: %s" % (len(ids), len(versions), ", ".join(map(str, ids))))
    wanted = set(ids)
    refs = {vid: ref.history_row(vid, ref.analyse_history(doc))
            for vid, _, doc in ref.iter_docs(args.archive, wanted)}
    for vid in ids:
        r = refs[vid]
        got, err = run_json([args.frontline, "area", "--store", args.store, "--map", "deepstate",
                             "--at", str(vid), "--json"])
        if err:
            rep.add(False, vid, day(vid), "frontline area", None, None, None, err)
            continue
        g_areas = got.get("areas_km2") or {}
        pairs = [(s, r["areas_km2"][s], g_areas.get(s)) for s in STATUSES]
        pairs.append(("occupied_total", r["occupied_total_km2"], got.get("occupied_total_km2")))
        g_out = got.get("outside_ukraine_km2") or {}
        # a status the version does not carry has nothing outside Ukraine either
        if vid == ref.as_of(versions, ts(KURSK_DATES[0])):
            held = r["outside_ukraine_km2"]["liberated"] + r["outside_ukraine_km2"]["contested"]
            rep.add(held >= KURSK_FLOOR_KM2, vid, day(vid), "Kursk salient (ref, liberated + contested)",
                    KURSK_FLOOR_KM2, held, None, None)
        pairs += [("outside_ukraine." + s, r["outside_ukraine_km2"][s],
                   g_out.get(s, 0.0 if s in STATUSES and s not in g_areas else None))
                  for s in STATUSES + ("occupied_total",)]
        for name, rv, gv in pairs:
            # Parts on the neighbours' land are cut at OSM's border by both implementations, at
            # points a few mm apart: they agree to 0.001 km² (measured), checked to 0.005.
            ok, tol = (within(rv, gv, 0.0, 0.005) if name.startswith("outside_ukraine.")
                       else within(rv, gv, 0.001, 0.5 if abs(rv) < 500 else 0.0))
            rep.add(ok, vid, day(vid), name, rv, gv, None if gv is None else gv - rv, tol)
    rep.finish()


def cmd_gains(args):
    rep = Report("monthly gains of occupied_total: frontline vs reference (daily series %s..%s)"
                 % (args.frm, args.to),
                 ["period", "quantity", "reference_km2", "frontline_km2", "diff_km2", "tol_km2"])
    require_inputs(rep, args.frontline, args.store, args.archive)
    ref_rows = {r["period"]: r for r in ref.cmd_series_gains(
        argparse.Namespace(archive=args.archive, frm=args.frm, to=args.to))}
    # Reference self-check: the autumn-2025 acceleration the series is known for.
    n9, n11 = (ref_rows.get(p, {}).get("net_km2") for p in ("2025-09", "2025-11"))
    if n9 and n11 is not None:
        ratio = n11 / n9
        rep.add(1.7 <= ratio <= 2.1, "2025-11/2025-09", "reference net ratio", ratio, None, None,
                "[1.7, 2.1]")
    got, err = run_json([args.frontline, "gains", "--store", args.store, "--map", "deepstate-daily",
                         "--by", "month", "--from", args.frm, "--to", args.to, "--json"])
    if err:
        rep.add(False, "-", "frontline gains", None, None, None, err)
        rep.finish()
    got_rows = {r.get("period"): r for r in (got if isinstance(got, list) else [])}
    for period, r in sorted(ref_rows.items()):
        g = got_rows.get(period)
        if g is None:
            rep.add(False, period, "row missing in frontline output", None, None, None, None)
            continue
        for key, rel in (("net_km2", 0.005), ("gained_km2", 0.01), ("lost_km2", 0.01)):
            rv, gv = r[key], g.get(key)
            if rv is None:
                rep.add(gv is None, period, key, None, gv, None, "no version as of a bound")
                continue
            ok, tol = within(rv, gv, rel, 2.0)
            rep.add(ok, period, key, rv, gv, None if gv is None else gv - rv, tol)
    for period in sorted(set(got_rows) - set(ref_rows)):
        rep.add(False, period, "unexpected extra row in frontline output", None, None, None, None)
    rep.finish()


def cmd_ukraine(args):
    rep = Report("area of Ukraine (union of the oblasts)",
                 ["quantity", "reference_km2", "compared_with_km2", "diff_km2", "tol_km2"])
    if not os.path.exists(args.boundaries):
        require_inputs(rep, archive=args.boundaries)
    area = ref.ukraine_area(args.boundaries)
    print("reference area of Ukraine: %.1f km2 (published: %.0f km2)" % (area, PUBLISHED_UKRAINE_KM2))
    ok, tol = within(PUBLISHED_UKRAINE_KM2, area, 0.01, 0.0)
    rep.add(ok, "reference vs published", area, PUBLISHED_UKRAINE_KM2, area - PUBLISHED_UKRAINE_KM2, tol)
    have_bin = args.frontline and os.path.isfile(args.frontline) and os.access(args.frontline, os.X_OK)
    have_store = args.store and os.path.exists(args.store)
    if not (have_bin and have_store):
        print("note: frontline binary or store not available (%s, %s): cross-check of the "
              "share_of_ukraine denominator skipped" % (args.frontline, args.store))
        rep.finish()
    got, err = run_json([args.frontline, "area", "--store", args.store, "--map", args.map,
                         "--at", args.at, "--json"])
    if err:
        rep.add(False, "frontline area --json", None, None, None, err)
        rep.finish()
    share, ot = got.get("share_of_ukraine"), got.get("occupied_total_km2")
    if not share or ot is None:
        rep.add(False, "share_of_ukraine missing or zero", None, share, None, None)
        rep.finish()
    if share > 1.0:  # given in percent
        share /= 100.0
    denom = ot / share
    ok, tol = within(area, denom, 0.005, 0.0)
    rep.add(ok, "frontline denominator", area, denom, denom - area, tol)
    rep.finish()


def cmd_deepstate_months(args):
    rep = Report("monthly net gains of the raw history vs DeepState's published figures",
                 ["period", "months", "published_km2", "frontline_km2", "diff_km2", "tol_km2"])
    require_inputs(rep, args.frontline, args.store)
    first, last = min(PUBLISHED_MONTHS), max(PUBLISHED_MONTHS)
    mean_abs = {}
    for tz in ("Europe/Kyiv", "UTC"):
        got, err = run_json([args.frontline, "gains", "--store", args.store, "--map", "deepstate", "--by",
                             "month", "--tz", tz, "--from", first, "--to", last, "--json"])
        if err:
            rep.add(False, "-", tz, None, None, None, err)
            rep.finish()
        rows = {r.get("period"): r.get("net_km2") for r in got}
        diffs = []
        for period, published in sorted(PUBLISHED_MONTHS.items()):
            net = rows.get(period)
            if net is not None:
                diffs.append(abs(net - published))
            if tz == "Europe/Kyiv":
                ok, tol = within(published, net, 0.01, 5.0)
                rep.add(ok, period, tz, float(published), net, None if net is None else net - published, tol)
        mean_abs[tz] = sum(diffs) / len(diffs) if len(diffs) == len(PUBLISHED_MONTHS) else None
    kyiv, utc = mean_abs["Europe/Kyiv"], mean_abs["UTC"]
    ok = kyiv is not None and utc is not None and kyiv < utc
    rep.add(ok, "mean |diff|", "Kyiv vs UTC", None, None, None, "%s < %s" % (fmt(kyiv), fmt(utc)))
    rep.finish()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("areas", help="per-status areas of sampled history versions")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="history archive (.tar.zst, directory or file)")
    p.add_argument("--sample", type=int, default=12, help="number of versions (at least 2 per era)")
    p.set_defaults(fn=cmd_areas)
    p = sub.add_parser("gains", help="monthly gains of the daily occupied_total series")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="daily archive (.tar.zst, directory or file)")
    p.add_argument("--from", dest="frm", default="2024-08")
    p.add_argument("--to", default="2026-07")
    p.set_defaults(fn=cmd_gains)
    p = sub.add_parser("regions", help="share occupied per oblast (daily series) vs shapely")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="daily archive (.tar.zst)")
    p.add_argument("--repo-data", required=True, help="the repository's data/ folder (oblasts, places)")
    p.add_argument("--at", default="2026-01-01")
    p.set_defaults(fn=cmd_regions)
    p = sub.add_parser("line", help="the line of contact keeps 1 km from the border and the coast")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--repo-data", required=True, help="the repository's data/ folder")
    p.set_defaults(fn=cmd_line)
    p = sub.add_parser("unit_history", help="every hromada at every version vs regions --at and shapely")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="daily archive (.tar.zst)")
    p.add_argument("--shared-data", required=True, help="../shared/data (the hromadas' boundaries)")
    p.set_defaults(fn=cmd_unit_history)
    p = sub.add_parser("advance", help="advance vectors: distance to the old line and sign")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="history archive (.tar.zst, directory or file)")
    p.add_argument("--seed", type=int, default=20251101)
    p.set_defaults(fn=cmd_advance)
    p = sub.add_parser("timeline", help="place timelines vs reported liberations and captures")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--repo-data", required=True, help="the repository's data/ folder")
    p.set_defaults(fn=cmd_timeline)
    p = sub.add_parser("evidence", help="evidence check of UAControlMap's records vs the reference")
    p.add_argument("--frontline", help="required unless --reference-only")
    p.add_argument("--store", help="the real store (copied; the evidence is imported into the copy)")
    p.add_argument("--archive", required=True, help="daily archive (.tar.zst)")
    p.add_argument("--evidence", required=True, help="owlmaps/owl_geolocations_2024_2026.csv")
    p.add_argument("--repo-data", required=True, help="the repository's data/ folder (oblasts, neighbours)")
    p.add_argument("--from", dest="frm", default=EVIDENCE_WINDOW[0])
    p.add_argument("--to", default=EVIDENCE_WINDOW[1])
    p.add_argument("--reference-only", action="store_true",
                   help="only the reference: its counts per finding and sample records")
    p.add_argument("--verbose", action="store_true", help="a row for every field, not only mismatches")
    p.set_defaults(fn=cmd_evidence)
    p = sub.add_parser("scenario", help="territorial scenarios (cede, freeze, buffer) vs the reference")
    p.add_argument("--frontline", help="required unless --reference-only (which uses it, if given, for the line)")
    p.add_argument("--store", help="the real store (copied; the gazetteer is imported into the copy)")
    p.add_argument("--archive", required=True, help="history archive (.tar.zst, directory or file)")
    p.add_argument("--repo-data", required=True, help="the repository's data/ folder (oblasts, places)")
    p.add_argument("--shared-data", help="../shared/data (the hromadas' boundaries, for the gazetteer)")
    p.add_argument("--at", default=SCENARIO_AT)
    p.add_argument("--reference-only", action="store_true",
                   help="only the reference's figures (settlements from --store's gazetteer if it has one; "
                        "the buffer needs --frontline and --store for the line)")
    p.set_defaults(fn=cmd_scenario)
    p = sub.add_parser("isw_layer", help="ISW's Russian-claimed layer per date vs the reference")
    p.add_argument("--frontline", help="required unless --reference-only")
    p.add_argument("--store", help="required unless --reference-only")
    p.add_argument("--archive", required=True, help="history archive (.tar.zst, directory or file)")
    p.add_argument("--layer", required=True, help="isw/isw_russian_claimed_territory_daily.geojson")
    p.add_argument("--dates", help="comma-separated YYYY-MM-DD (default: ISW_DATES)")
    p.add_argument("--reference-only", action="store_true", help="only the reference's figures")
    p.set_defaults(fn=cmd_isw_layer)
    p = sub.add_parser("ukraine", help="area of Ukraine vs the published figure")
    p.add_argument("--boundaries", required=True)
    p.add_argument("--frontline")
    p.add_argument("--store")
    p.add_argument("--map", default="deepstate")
    p.add_argument("--at", default="2025-06-01")
    p.set_defaults(fn=cmd_ukraine)
    p = sub.add_parser("deepstate_months", help="Kyiv-month net gains vs DeepState's published figures")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.set_defaults(fn=cmd_deepstate_months)
    p = sub.add_parser("history_gains", help="monthly net, gained, lost of the raw history (UTC months)")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="history archive (.tar.zst, directory or file)")
    p.add_argument("--from", dest="frm", default="2022-05")
    p.add_argument("--to", default="2025-07")
    p.set_defaults(fn=cmd_history_gains)
    p = sub.add_parser("diff", help="diff totals and GeoJSON groups of DIFF_PAIRS")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="history archive (.tar.zst, directory or file)")
    p.set_defaults(fn=cmd_diff)
    p = sub.add_parser("status", help="status of seeded points at STATUS_TIMES")
    p.add_argument("--frontline", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--archive", required=True, help="history archive (.tar.zst, directory or file)")
    p.add_argument("--seed", type=int, default=20250801)
    p.add_argument("--random", type=int, default=48, help="uniform points in the box per time")
    p.add_argument("--per-status", type=int, default=6, help="points inside each status per time")
    p.add_argument("--near", type=int, default=12, help="points 10 to 100 m from a boundary per time")
    p.add_argument("--verbose", action="store_true", help="a row for every point, not only failures")
    p.set_defaults(fn=cmd_status)
    args = ap.parse_args(argv)
    args.fn(args)


if __name__ == "__main__":
    main()
