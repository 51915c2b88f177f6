"""Shared by tests/reference/compare.py and its check modules (reference_history.py,
reference_evidence.py, reference_scenario.py, reference_isw.py); it checks nothing itself. It
imports the independent Python reference (bench/reference/frontline_ref.py, shapely + pyproj) as
`ref`, and holds the report table (Report: one row per check, `N passed, M failed`, the exit
status), the tolerance test (within), the check of the inputs, the run of a frontline command for
its JSON, the date helpers, and the inputs more than one check builds the same way: a copy of the
store with a gazetteer, and the oblasts on frontline's 1e-7 degree grid.
"""
import contextlib
import datetime as dt
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "bench", "reference"))
try:
    import frontline_ref as ref
except ImportError as exc:  # pragma: no cover - environment problem, say it clearly
    sys.stderr.write("cannot import the reference (%s): run this script with /usr/bin/python3, "
                     "which has python3-shapely and python3-pyproj\n" % exc)
    sys.exit(2)

STATUSES = ref.STATUSES
NEAR_BOUNDARY_DEG = 1e-5  # points this close to a boundary are skipped (the 1e-7 grid moves edges)


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


def read_feature_collection(path):
    with open(path, "rb") as fh:
        doc = json.loads(fh.read())
    return doc.get("features") or []


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


def number(x):
    """x as a float; a huge value when it is missing or not a number (matches nothing)."""
    return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else 1e9
