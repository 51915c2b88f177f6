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
import bisect
import contextlib
import datetime as dt
import gzip
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree free of __pycache__
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench", "reference"))
try:
    import frontline_ref as ref
except ImportError as exc:  # pragma: no cover - environment problem, say it clearly
    sys.stderr.write("cannot import the reference (%s): run this script with /usr/bin/python3, "
                     "which has python3-shapely and python3-pyproj\n" % exc)
    sys.exit(2)

STATUSES = ref.STATUSES
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


class Report:
    """Collects check rows and prints them as a fixed-width table."""

    def __init__(self, title, columns):
        self.title, self.columns, self.rows = title, columns, []
        self.passed = self.failed = 0
        self.notes = []  # lines printed under the table

    def add(self, ok, *cells):
        self.rows.append([("ok" if ok else "FAIL")] + [fmt(c) for c in cells])
        if ok:
            self.passed += 1
        else:
            self.failed += 1

    def finish(self, exit_code=None):
        cols = ["result"] + list(self.columns)
        width = [max(len(str(x)) for x in col) for col in zip(cols, *self.rows)] if self.rows else []
        print("## " + self.title)
        if self.rows:
            print("  ".join(c.ljust(w) for c, w in zip(cols, width)))
            print("  ".join("-" * w for w in width))
            for r in self.rows:
                print("  ".join(c.ljust(w) for c, w in zip(r, width)))
        for line in self.notes:
            print(line)
        if self.failed:
            print("\nMISMATCH: %d check(s) failed (rows marked FAIL above)" % self.failed)
        print("%d passed, %d failed" % (self.passed, self.failed))
        if exit_code is None:
            exit_code = 1 if self.failed else 0
        sys.exit(exit_code)


def fmt(x):
    if isinstance(x, float):
        return "%.3f" % x
    return "" if x is None else str(x)


def within(ref_value, got, rel, floor):
    """(ok, tolerance) for |got - ref| <= max(rel * |ref|, floor)."""
    tol = max(rel * abs(ref_value), floor)
    return got is not None and abs(got - ref_value) <= tol, tol


def require_inputs(report, binary=None, store=None, archive=None):
    """Fail clearly (one failed check, exit 2) if a required input is missing."""
    problems = []
    if binary is not None and not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        problems.append("frontline binary not found or not executable: %s "
                        "(build it first: cmake --preset release && cmake --build --preset release)" % binary)
    if store is not None and not os.path.exists(store):
        problems.append("store not found: %s (import the archive into it first)" % store)
    if archive is not None and not os.path.exists(archive):
        problems.append("archive not found: %s" % archive)
    for p in problems:
        print("ERROR: " + p)
        report.add(False, "inputs", p)
    if problems:
        report.finish(exit_code=2)


def run_json(cmd, timeout=300):
    """Run a command; return (parsed JSON stdout, None) or (None, error text)."""
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, str(exc)
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, "exit %d: %s" % (proc.returncode, err[-1] if err else "")
    try:
        return json.loads(proc.stdout), None
    except ValueError as exc:
        return None, "bad JSON: %s" % exc


def day(vid):
    return dt.datetime.fromtimestamp(int(vid), dt.timezone.utc).strftime("%Y-%m-%d")


def ts(date):
    return None if date is None else int(dt.datetime.strptime(date, "%Y-%m-%d")
                                         .replace(tzinfo=dt.timezone.utc).timestamp())


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


# ---- the raw history: monthly gains, diff, point status ----------------------------------------
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


def read_feature_collection(path):
    with open(path, "rb") as fh:
        doc = json.loads(fh.read())
    return doc.get("features") or []


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
NEAR_BOUNDARY_DEG = 1e-5  # points this close to a boundary are skipped (the 1e-7 grid moves edges)


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


@contextlib.contextmanager
def store_with_places(args, rep, dirs):
    """A copy of the shared real store (which stays read only) with a gazetteer built from dirs."""
    with tempfile.TemporaryDirectory(prefix="frontline-places-") as tmp:
        store = os.path.join(tmp, "store.db")
        shutil.copy(args.store, store)
        proc = subprocess.run([args.frontline, "places", "import", "--store", store] + dirs,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            rep.add(False, "-", "places import", None, None, None, proc.stderr.strip()[:300])
            rep.finish()
        yield store


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


# ---- evidence: UAControlMap's geolocations checked against the daily series -------------------
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


def oblasts_on_grid(repo_data):
    """{ADMIN_1 (Ukrainian name): the unit's ground} for the 27 units of the boundary file, as
    frontline reads them: on the 1e-7 degree grid (where neighbouring oblasts share their border
    exactly), each made valid and unioned."""
    def r(c):
        return [round(c[0], 7), round(c[1], 7)]
    with gzip.open(os.path.join(repo_data, "ukraine-oblasts.geojson.gz"), "rb") as fh:
        oblasts = json.loads(fh.read())["features"]
    out = {}
    for f in oblasts:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        out[f["properties"]["ADMIN_1"]] = ref.union_valid(ref.polygons_from_geojson(
            {"type": "MultiPolygon", "coordinates": [[[r(c) for c in ring] for ring in p] for p in polys]}))
    return out


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


def number(x):
    """x as a float; a huge value when it is missing or not a number (matches nothing)."""
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else 1e9


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


# ---- scenario: what a territorial proposal would hand over -------------------------------------
# `frontline scenario --map deepstate --at T (--cede REGION... | --freeze | --buffer KM) --json`
# against the reference, on the raw history: the version as of T (latest with time <= T); occ =
# occupied U occupied_before_2022 and grey = contested - occ (the reference's resolved layers);
# ukraine = the union of the oblasts (on the 1e-7 degree grid, as frontline reads them); held =
# ukraine - occ - grey. Transfers, each the geodesic area of a piece (omitted when empty):
#   cede:   R = the union of the oblasts named; ukraine -> russia = R n held, grey zone -> russia = R n grey
#   freeze: grey zone -> ukraine = grey
#   buffer: the zone = the line of contact's paths (`frontline line`, its russian edge, the line
#           the scenario starts from) buffered by KM with round caps and joins, each stretch of at
#           most BUFFER_STRETCH_KM in its own azimuthal equidistant projection (WGS84) centred on
#           the stretch; ukraine, grey zone, russia -> dmz = zone n held, zone n grey, zone n occ
# Settlements: those of the store's gazetteer whose point lies in ground that changes hands.
SCENARIO_AT = "2025-08-01"
# (label, the verb's arguments, settlements checked)
SCENARIOS = (
    ("cede Donetsk + Luhansk", ("--cede", "Donetsk oblast", "Luhansk oblast"), True),
    ("freeze", ("--freeze",), True),
    ("buffer 15 km", ("--buffer", "15"), False),
)
# Transfers within 0.5 % (the buffer's 2 %: frontline buffers in a sinusoidal projection of the
# sphere about the line's mean meridian, which stretches distances away from that meridian; the
# same buffer done that way in shapely gives a zone 0.27 % larger than the reference's on
# 2025-08-01, while the reference's own zone moves by 0.005 % between stretches of 30 km and one
# projection per path); a piece below 0.1 km2 may be missing on either side. Settlements within
# 1 % + 2, the population within 1 %.
SCENARIO_REL, SCENARIO_BUFFER_REL, SCENARIO_FLOOR_KM2 = 0.005, 0.02, 0.1
SETTLEMENTS_REL, SETTLEMENTS_ABS, POPULATION_REL = 0.01, 2, 0.01
BUFFER_STRETCH_KM = 100.0
# The gazetteer's English names of the boundary file's units (ADMIN_1).
OBLAST_UK = {
    "Kyiv oblast": "Київська область", "Kherson oblast": "Херсонська область",
    "Lviv oblast": "Львівська область", "Chernivtsi oblast": "Чернівецька область",
    "Poltava oblast": "Полтавська область", "Mykolaiv oblast": "Миколаївська область",
    "Crimea": "Автономна Республіка Крим", "Khmelnytskyi oblast": "Хмельницька область",
    "Ternopil oblast": "Тернопільська область", "Zhytomyr oblast": "Житомирська область",
    "Ivano-Frankivsk oblast": "Івано-Франківська область", "Chernihiv oblast": "Чернігівська область",
    "Volyn oblast": "Волинська область", "Donetsk oblast": "Донецька область",
    "Odesa oblast": "Одеська область", "Vinnytsia oblast": "Вінницька область",
    "Dnipropetrovsk oblast": "Дніпропетровська область", "Sumy oblast": "Сумська область",
    "Zakarpattia oblast": "Закарпатська область", "Rivne oblast": "Рівненська область",
    "Kharkiv oblast": "Харківська область", "Kirovohrad oblast": "Кіровоградська область",
    "Cherkasy oblast": "Черкаська область", "Zaporizhzhia oblast": "Запорізька область",
    "Luhansk oblast": "Луганська область", "Kyiv city": "Місто Київ", "Sevastopol city": "Місто Севастополь",
}
PLACE_KIND_SETTLEMENT = 3  # PlaceKind::settlement in the store's place table (include/frontline/place.hpp)


def gazetteer_settlements(store, frontline=None):
    """(settlements, where from) of a store's gazetteer: dicts with name, oblast, population (None
    when unknown), lon, lat. From `places list --kind settlement --json` when a binary is given and
    its rows carry lon, lat and population; else read from the store's place table with sqlite3
    (read only; points on the 1e-7 degree grid). (None, why) when the store has no gazetteer."""
    if frontline:
        got, err = run_json([frontline, "places", "list", "--store", store, "--kind", "settlement", "--json"])
        if not err and isinstance(got, list) and got and all(k in got[0] for k in ("lon", "lat", "population")):
            return ([{"name": p["name"], "oblast": p.get("oblast"), "population": p["population"],
                      "lon": float(p["lon"]), "lat": float(p["lat"])} for p in got],
                    "`places list --kind settlement --json`")
    import pathlib
    import sqlite3
    try:
        con = sqlite3.connect(pathlib.Path(store).absolute().as_uri() + "?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT name, oblast, population, lon, lat FROM place WHERE kind = ?",
                               (PLACE_KIND_SETTLEMENT,)).fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return None, "no gazetteer in %s (%s)" % (store, exc)
    if not rows:
        return None, "no settlements in the gazetteer of %s" % store
    return ([{"name": n, "oblast": o, "population": p, "lon": x * 1e-7, "lat": y * 1e-7}
             for n, o, p, x, y in rows], "the store's place table (sqlite3, read only)")


def line_paths(frontline, store, at, tmp):
    """(paths as lists of [lon, lat], version_time, None) of `frontline line --map deepstate --at T
    -o F` (the russian edge, as the scenario's), or (None, None, error)."""
    out = os.path.join(tmp, "line-%s.geojson" % at)
    got, err = run_json([frontline, "line", "--store", store, "--map", "deepstate", "--at", at, "-o", out, "--json"])
    if err:
        return None, None, "frontline line: " + err
    paths = []
    for f in read_feature_collection(out):
        g = f.get("geometry") or {}
        if g.get("type") == "LineString":
            paths.append(g["coordinates"])
        elif g.get("type") == "MultiLineString":
            paths += g["coordinates"]
    return paths, got.get("version_time"), None


def buffer_paths_geodesic(paths, km):
    """The ground within `km` of the paths: each path cut into stretches of at most
    BUFFER_STRETCH_KM (geodesic, consecutive stretches sharing a vertex), each stretch buffered
    (round caps and joins, 16 segments a quarter circle) in the azimuthal equidistant projection
    of WGS84 centred on the middle of its box, which keeps distances exact to about 1e-5 that
    close to the centre; back to lon/lat, unioned."""
    from pyproj import Transformer
    from shapely.geometry import LineString
    from shapely.ops import transform, unary_union
    pieces = []
    for coords in paths:
        pts = [(float(c[0]), float(c[1])) for c in coords]
        if len(pts) < 2:
            continue
        lons, lats = [p[0] for p in pts], [p[1] for p in pts]
        seg_km = [d / 1000.0 for d in ref.GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])[2]]
        stretches, cur, length = [], [pts[0]], 0.0
        for b, d in zip(pts[1:], seg_km):
            if len(cur) > 1 and length + d > BUFFER_STRETCH_KM:
                stretches.append(cur)
                cur, length = [cur[-1]], 0.0
            cur.append(b)
            length += d
        stretches.append(cur)
        for s in stretches:
            xs, ys = [p[0] for p in s], [p[1] for p in s]
            lon0, lat0 = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
            aeqd = Transformer.from_crs(
                "EPSG:4326", "+proj=aeqd +lat_0=%.9f +lon_0=%.9f +ellps=WGS84 +units=m" % (lat0, lon0),
                always_xy=True)
            zone = transform(aeqd.transform, LineString(s)).buffer(km * 1000.0, 16)
            back = transform(lambda x, y, t=aeqd: t.transform(x, y, direction="INVERSE"), zone)
            pieces.append(back if back.is_valid else ref.make_valid(back))
    return unary_union(pieces) if pieces else ref.MultiPolygon()


def scenario_transfers(spec, occ, grey, held, oblasts, paths):
    """The reference's transfers of a scenario: [{from, to, area_km2, geometry}], in frontline's
    order (per target, from ukraine, grey zone, russia), pieces without area left out."""
    from shapely.ops import unary_union
    kind = spec[0]
    if kind == "--cede":
        targets = [("russia", unary_union([oblasts[OBLAST_UK[name]] for name in spec[1:]]))]
    elif kind == "--freeze":
        targets = [("ukraine", grey)]
    elif kind == "--buffer":
        targets = [("dmz", buffer_paths_geodesic(paths, float(spec[1])))]
    else:
        raise ValueError("scenario %r" % (spec,))
    out = []
    for to, ground in targets:
        for frm, source in (("ukraine", held), ("grey zone", grey), ("russia", occ)):
            if frm == to or ground.is_empty or source.is_empty:
                continue
            parts = ref.polygonal_parts(ground.intersection(source))
            area = ref.area_km2(ref.MultiPolygon(parts)) if parts else 0.0
            if area > 0:
                out.append({"from": frm, "to": to, "area_km2": area, "geometry": ref.MultiPolygon(parts),
                            "target": ground})
    return out


def settlements_in(transfers, settlements):
    """The settlements whose point is covered by the ground of a transfer: [(settlement, from, to)]
    (the first transfer that covers it)."""
    from shapely.geometry import Point
    from shapely.prepared import prep
    tests = [(prep(t["geometry"]), t["geometry"].bounds, t["from"], t["to"]) for t in transfers]
    out = []
    for s in settlements:
        pt = Point(s["lon"], s["lat"])
        for g, (x0, y0, x1, y1), frm, to in tests:
            if x0 <= s["lon"] <= x1 and y0 <= s["lat"] <= y1 and g.covers(pt):
                out.append((s, frm, to))
                break
    return out


def cmd_scenario(args):
    """Territorial scenarios as of SCENARIO_AT on the raw history: the transfers, the settlements
    and the people on them, frontline's `scenario` vs the reference."""
    t0 = time.time()
    rep = Report("scenarios as of %s, map deepstate: frontline vs reference (shapely + pyproj)" % args.at,
                 ["scenario", "quantity", "reference", "frontline", "diff", "tol"])
    live = not args.reference_only
    require_inputs(rep, args.frontline or "(none: give --frontline)" if live else None,
                   args.store or "(none: give --store)" if live else None, args.archive)
    for path in (os.path.join(args.repo_data, "ukraine-oblasts.geojson.gz"),):
        if not os.path.exists(path):
            require_inputs(rep, archive=path)
    versions = ref.list_versions(args.archive)
    v = ref.as_of(versions, ref.parse_time(args.at))
    if v is None:
        rep.add(False, "-", "no version as of %s in the archive" % args.at, None, None, None, None)
        rep.finish()
    layers = ref.history_layers(args.archive, {v})[v]
    oblasts = oblasts_on_grid(args.repo_data)
    from shapely.ops import unary_union
    ukraine = unary_union(list(oblasts.values()))
    occ = ref.occupied_total_geom(layers)
    grey = ref.difference(layers["contested"], occ)
    held = ref.difference(ref.difference(ukraine, occ), grey)
    print("reference: version %s (%s) as of %s; occupied %.1f km2, grey zone %.1f km2, held %.1f km2 (%.1f s)"
          % (v, ref.iso(v), args.at, ref.area_km2(occ), ref.area_km2(grey), ref.area_km2(held), time.time() - t0))
    rep.notes.append("reference version %s (%s); occupied ground outside Ukraine's oblasts %.3f km2, grey zone "
                     "outside them %.3f km2" % (v, ref.iso(v), ref.area_km2(ref.difference(occ, ukraine)),
                                                ref.area_km2(ref.difference(grey, ukraine))))
    dirs = [os.path.join(args.repo_data, "places"), args.repo_data]
    if args.shared_data and os.path.isdir(os.path.join(args.shared_data, "boundaries")):
        dirs.append(os.path.join(args.shared_data, "boundaries"))
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="frontline-scenario-"))
        store = stack.enter_context(store_with_places(args, rep, dirs)) if live else args.store
        have_bin = bool(args.frontline) and os.path.isfile(args.frontline) and os.access(args.frontline, os.X_OK)
        settlements, whence = (gazetteer_settlements(store, args.frontline if have_bin else None) if store
                               else (None, "no store given"))
        rep.notes.append("settlements: %s" % ("%d from %s" % (len(settlements), whence) if settlements else whence))
        for label, spec, check_places in SCENARIOS:
            t1 = time.time()
            paths = None
            if spec[0] == "--buffer":
                if not (have_bin and store):
                    rep.notes.append("%s: skipped (the line of contact comes from `frontline line`: give --frontline "
                                     "and --store)" % label)
                    continue
                paths, line_version, err = line_paths(args.frontline, store, args.at, tmp)
                if err:
                    rep.add(False, label, "frontline line", None, None, None, err)
                    continue
                rep.add(line_version == ref.iso(v), label, "version of the line", ref.iso(v), line_version, None,
                        "equal")
            transfers = scenario_transfers(spec, occ, grey, held, oblasts, paths)
            if paths is not None:
                zone = transfers[0]["target"] if transfers else ref.MultiPolygon()
                rep.notes.append("%s: %d paths, %d vertices; the zone %.1f km2, of which %.1f km2 outside Ukraine's "
                                 "oblasts" % (label, len(paths), sum(len(p) for p in paths), ref.area_km2(zone),
                                              ref.area_km2(ref.difference(zone, ukraine))))
            hit = settlements_in(transfers, settlements) if settlements else None
            population = sum(s["population"] or 0 for s, _, _ in hit) if hit is not None else None
            without = sum(s["population"] is None for s, _, _ in hit) if hit is not None else None
            print("reference: %s in %.1f s" % (label, time.time() - t1))
            if not live:
                for t in transfers:
                    rep.add(True, label, "%s -> %s, km2" % (t["from"], t["to"]), t["area_km2"], "", "", "")
                if hit is not None:
                    rep.add(True, label, "settlements", len(hit), "", "", "")
                    rep.add(True, label, "population_total", population, "", "", "")
                    rep.add(True, label, "settlements_without_population", without, "", "", "")
                    top = sorted(hit, key=lambda h: -(h[0]["population"] or -1))[:5]
                    rep.notes.append("%s: largest settlements: %s" % (label, ", ".join(
                        "%s (%s, %s, %s -> %s)" % (s["name"], s["oblast"], s["population"], f, t) for s, f, t in top)))
                continue
            got, err = run_json([args.frontline, "scenario", "--store", store, "--map", "deepstate", "--at", args.at]
                                + list(spec) + ["--json"], timeout=600)
            if err:
                rep.add(False, label, "frontline scenario", None, None, None, err)
                continue
            rep.add(got.get("version_time") == ref.iso(v), label, "version_time", ref.iso(v), got.get("version_time"),
                    None, "equal")
            rel = SCENARIO_BUFFER_REL if spec[0] == "--buffer" else SCENARIO_REL
            ref_t = {(t["from"], t["to"]): t["area_km2"] for t in transfers}
            got_t = {}
            for t in got.get("transfers") or []:
                key = (t.get("from"), t.get("to"))
                got_t[key] = got_t.get(key, 0.0) + number(t.get("area_km2"))
            for key in [k for k in ref_t] + sorted(set(got_t) - set(ref_t)):
                rv, gv = ref_t.get(key, 0.0), got_t.get(key, 0.0)
                ok, tol = within(rv, gv, rel, SCENARIO_FLOOR_KM2)
                rep.add(ok, label, "%s -> %s, km2" % key, rv, gv, gv - rv, tol)
            listed = got.get("settlements") or []
            gp = got.get("population_total")
            if hit is None:
                rep.add(False, label, "reference settlements", None, len(listed), None, whence)
            elif check_places:
                tol = SETTLEMENTS_REL * len(hit) + SETTLEMENTS_ABS
                rep.add(abs(len(listed) - len(hit)) <= tol, label, "settlements", len(hit), len(listed),
                        len(listed) - len(hit), tol)
                ok, tol = within(population, gp, POPULATION_REL, 0.0)
                rep.add(ok, label, "population_total", population, gp, None if gp is None else gp - population, tol)
            else:
                rep.add(True, label, "settlements (info)", len(hit), len(listed), len(listed) - len(hit), "")
                rep.add(True, label, "population_total (info)", population, gp, None, "")
            # frontline's own figures add up: the total is the listed settlements' populations.
            own = sum(s.get("population") or 0 for s in listed)
            rep.add(own == gp, label, "population_total = sum of the listed settlements'", own, gp, None, "equal")
            rep.add(sum(s.get("population") is None for s in listed) == got.get("settlements_without_population"),
                    label, "settlements_without_population = listed without a figure",
                    sum(s.get("population") is None for s in listed), got.get("settlements_without_population"),
                    None, "equal")
    rep.notes.append("reference took %.1f s" % (time.time() - t0))
    rep.finish()


# ---- ISW's daily "Russian claimed" layer against the raw history --------------------------------
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
