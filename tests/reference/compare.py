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
"""
import argparse
import datetime as dt
import json
import os
import subprocess
import sys

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
ERAS = (("before 2022-10", None, "2022-10-01"),
        ("2022-10..2023-12", "2022-10-01", "2024-01-01"),
        ("2024+", "2024-01-01", None))


class Report:
    """Collects check rows and prints them as a fixed-width table."""

    def __init__(self, title, columns):
        self.title, self.columns, self.rows = title, columns, []
        self.passed = self.failed = 0

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
        for name, rv, gv in pairs:
            ok, tol = within(rv, gv, 0.001, 0.5 if abs(rv) < 500 else 0.0)
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
    args = ap.parse_args(argv)
    args.fn(args)


if __name__ == "__main__":
    main()
