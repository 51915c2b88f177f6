#!/usr/bin/python3
"""Replays the fuzzers' seed corpus and regression inputs through the frontline CLI.

    /usr/bin/python3 tests/golden/fuzz_corpus_replay.py --frontline BIN --fuzz-dir fuzz \
        --data tests/data/golden [--work DIR]

The fuzz targets need clang and are built separately (fuzz/README.md); this test runs the same
inputs through the ordinary binary on every build:

  fuzz_snapshot_reader  each file imported as a snapshot (<unix seconds>.geojson) into a fresh
                        store, with DeepState labels and as a plain occupied_total series:
                        exit 0 (imported) or 2 (bad input).
  fuzz_evidence         each file as an evidence file to import (what follows a 0x1e byte as the
                        export_sources.json beside a Bellingcat events file), and as claims to judge
  fuzz_time             each file's text (up to its first NUL or newline) as `area --at` and as
                        `gains --from/--to` on a fixture store: exit 0, 2 (bad time) or 3 (no
                        version at that time).
  fuzz_archive          each file imported as an archive (archive.tar: the compression is
                        recognised by its magic bytes) into a fresh store: exit 0 (imported) or 2
                        (bad input: damaged, cut short, over a cap, or bad snapshots inside).
  fuzz_codec            each file written into a copy of a fixture store as every value of one
                        BLOB column (ring coordinates, layer ring lists, ...: every BLOB column
                        the schema has, in turn), followed by commands that decode them
                        (`status`, `diff`, `gains`): exit 0, 5 (the store reports itself
                        damaged) or 70 (a library refused the decoded geometry: an error
                        message, not a crash; 5 would be the better answer).

Anything else (a signal, an abort, exit 70) fails the test. Inputs come from
fuzz/corpus/<target>/ and fuzz/regressions/<target>/. Standard library only.
"""
import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True

TIMEOUT = 60
DAMAGED_OK = {0, 5, 70}  # on a damaged store: fine, "store damaged", or a library's refusal


def describe(rc):
    if rc is None:
        return "timeout"
    if rc < 0:
        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"signal {-rc}"
    return f"exit {rc}"


class Replay:
    def __init__(self, frontline, tmp):
        self.frontline = frontline
        self.tmp = tmp
        self.runs = 0
        self.failures = []

    def run(self, what, argv, allowed):
        self.runs += 1
        try:
            p = subprocess.run([self.frontline] + argv, capture_output=True, timeout=TIMEOUT)
            rc, err = p.returncode, p.stderr.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            rc, err = None, ""
        if rc not in allowed:
            self.failures.append(f"{what}: `frontline {' '.join(argv)}`: {describe(rc)}, expected exit "
                                 f"{' or '.join(map(str, sorted(allowed)))}\n    {err.strip()[:500]}")
        return rc


def inputs(fuzz_dir, target):
    out = []
    for sub in ("corpus", "regressions"):
        d = os.path.join(fuzz_dir, sub, target)
        if os.path.isdir(d):
            out += [os.path.join(d, f) for f in sorted(os.listdir(d)) if not f.startswith(".")
                    and os.path.isfile(os.path.join(d, f))]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--fuzz-dir", required=True)
    ap.add_argument("--data", required=True, help="tests/data/golden")
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="fuzz_corpus_replay.", dir=args.work)
    r = Replay(args.frontline, tmp)

    # A fixture store for the time and codec inputs.
    base = os.path.join(tmp, "base.sqlite")
    if r.run("setup", ["import", "--store", base, os.path.join(args.data, "deepstate")], {0}) != 0:
        print("\n".join(r.failures))
        return 1

    counts = {}
    files = inputs(args.fuzz_dir, "fuzz_snapshot_reader")
    counts["fuzz_snapshot_reader"] = len(files)
    for i, path in enumerate(files):
        d = os.path.join(tmp, f"snap{i}")
        os.makedirs(d)
        snap = os.path.join(d, "1735689600.geojson")
        shutil.copyfile(path, snap)
        name = os.path.relpath(path, args.fuzz_dir)
        r.run(name, ["import", "--store", os.path.join(d, "a.sqlite"), snap], {0, 2})
        r.run(name + " (plain)", ["import", "--store", os.path.join(d, "b.sqlite"), "--status", "occupied_total",
                                  snap], {0, 2})

    files = inputs(args.fuzz_dir, "fuzz_archive")
    counts["fuzz_archive"] = len(files)
    for i, path in enumerate(files):
        d = os.path.join(tmp, f"archive{i}")
        os.makedirs(d)
        archive = os.path.join(d, "archive.tar")
        shutil.copyfile(path, archive)
        r.run(os.path.relpath(path, args.fuzz_dir), ["import", "--store", os.path.join(d, "a.sqlite"), archive],
              {0, 2})

    files = inputs(args.fuzz_dir, "fuzz_time")
    counts["fuzz_time"] = len(files)
    for path in files:
        with open(path, "rb") as f:
            text = f.read().split(b"\0")[0].split(b"\n")[0].decode("utf-8", "replace")
        name = os.path.relpath(path, args.fuzz_dir)
        r.run(name, ["area", "--store", base, f"--at={text}", "--json"], {0, 2, 3})
        r.run(name + " (month)", ["gains", "--store", base, f"--from={text}", f"--to={text}", "--json"], {0, 2, 3})

    files = inputs(args.fuzz_dir, "fuzz_evidence")
    counts["fuzz_evidence"] = len(files)
    for i, path in enumerate(files):
        d = os.path.join(tmp, f"evidence{i}")
        os.makedirs(d)
        with open(path, "rb") as f:
            body, sep, sibling = f.read().partition(b"\x1e")
        # A Bellingcat events file takes its sources from export_sources.json beside it.
        target = os.path.join(d, "export_events.json" if sep else "evidence")
        with open(target, "wb") as f:
            f.write(body)
        if sep:
            with open(os.path.join(d, "export_sources.json"), "wb") as f:
                f.write(sibling)
        r.run(os.path.relpath(path, args.fuzz_dir),
              ["evidence", "import", "--store", os.path.join(d, "a.sqlite"), "--allow-unsourced", "--now",
               "2026-01-01", target], {0, 2})
        # And as claims to judge (the fixture store has no gazetteer: a named place is not found).
        r.run(os.path.relpath(path, args.fuzz_dir) + " (claims)",
              ["claims", "check", "--store", base, "--now", "2026-01-01", target], {0, 2, 3})

    files = inputs(args.fuzz_dir, "fuzz_codec")
    counts["fuzz_codec"] = len(files)
    # Every BLOB column of the store's schema (ring coordinates, ring lists of layers, ...),
    # found at run time so that the test follows the schema.
    conn = sqlite3.connect(base)
    blob_columns = []
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        for col in conn.execute(f"PRAGMA table_info({table})"):
            if col[2].upper() == "BLOB":
                blob_columns.append((table, col[1]))
    conn.close()
    if not blob_columns:
        r.failures.append("the fixture store has no BLOB column to damage")
    for i, path in enumerate(files):
        with open(path, "rb") as f:
            blob = f.read()
        name = os.path.relpath(path, args.fuzz_dir)
        for table, column in blob_columns:
            store = os.path.join(tmp, f"codec{i}-{table}-{column}.sqlite")
            src = sqlite3.connect(base)
            dst = sqlite3.connect(store)
            src.backup(dst)
            src.close()
            dst.execute(f"UPDATE {table} SET {column} = ?", (blob,))
            dst.commit()
            dst.close()
            what = f"{name} as every {table}.{column}"
            r.run(what, ["status", "--store", store, "--at", "2025-01-10", "--lon", "37.25", "--lat", "47.25"],
                  DAMAGED_OK)
            r.run(what, ["diff", "--store", store, "2025-01-10", "2025-03-05", "--json"], DAMAGED_OK)
            r.run(what, ["gains", "--store", store, "--by", "month", "--from", "2025-02", "--to", "2025-03"],
                  DAMAGED_OK)

    print(f"replayed {', '.join(f'{v} {k}' for k, v in counts.items())} inputs in {r.runs} runs")
    if r.failures:
        print(f"FAIL: {len(r.failures)} runs crashed or ended with an unexpected exit status "
              f"(work dir kept: {tmp})")
        for f in r.failures:
            print("  " + f)
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
