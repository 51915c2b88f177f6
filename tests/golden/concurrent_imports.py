#!/usr/bin/python3
"""Several `frontline import` processes writing one store at once.

    /usr/bin/python3 tests/golden/concurrent_imports.py --frontline BIN --data tests/data/golden \
        [--work DIR] [--runs 10] [--keep]

1. Races on a new store: two, then four importers start together on a store that does not exist
   yet, each with its own (overlapping) set of snapshots, ten times each. Every importer must
   exit 0 (they take the store in turn), the store must exist, hold exactly the union of the
   versions the importers reported (every version any of them was given), pass PRAGMA
   integrity_check, and no temporary file may be left beside it.
2. The same on an existing store (seeded with one snapshot).
3. A writer that holds the store (a BEGIN IMMEDIATE transaction kept open here) makes an import
   with --wait 0.5 exit 4 with "another import is writing", and the store is byte-identical.

Standard library only. Exit status 0 on success, 1 on a failed check.
"""
import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True


class Failure(Exception):
    pass


def snapshots(data):
    d = os.path.join(data, "deepstate")
    files = sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".geojson"))
    extra = os.path.join(data, "extra")
    files += sorted(os.path.join(extra, f) for f in os.listdir(extra) if f.endswith(".geojson"))
    return files


def times_of(files):
    return {int(os.path.basename(f).split(".")[0]) for f in files}


def stored_times(store):
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        ic = conn.execute("PRAGMA integrity_check").fetchall()
        if ic != [("ok",)]:
            raise Failure(f"integrity_check: {ic[:3]}")
        return {t for (t,) in conn.execute(
            "SELECT v.time FROM version v JOIN map m ON m.id = v.map_id WHERE m.name = 'deepstate'")}
    finally:
        conn.close()


def race(frontline, store, subsets):
    procs = [subprocess.Popen([frontline, "import", "--store", store, "--json", *files],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for files in subsets]
    reported = set()
    for p, files in zip(procs, subsets):
        out, err = p.communicate(timeout=120)
        if p.returncode != 0:
            raise Failure(f"an importer exited {p.returncode}: {err.decode().strip()}")
        r = json.loads(out)
        if r["versions_added"] + r["already_stored"] + r["duplicate_inputs"] != len(files):
            raise Failure(f"an importer accounted for {r} but was given {len(files)} files")
        reported |= times_of(files)
    return reported


def check(store, expected, label):
    if not os.path.exists(store):
        raise Failure(f"{label}: the store does not exist")
    got = stored_times(store)
    if got != expected:
        raise Failure(f"{label}: the store holds {sorted(got)}, the importers reported {sorted(expected)}")
    folder = os.path.dirname(store)
    left = [f for f in os.listdir(folder) if ".import-" in f or f.endswith("-journal")]
    if left:
        raise Failure(f"{label}: files left beside the store: {left}")


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", default=None)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    files = snapshots(args.data)
    two = [files[0:3], files[2:6]]
    four = [files[0:2], files[1:4], files[3:6], [files[0], files[5]]]
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="concurrent_imports.", dir=args.work)
    ok = False
    try:
        for subsets in (two, four):
            for run in range(args.runs):
                for seeded in (False, True):
                    folder = os.path.join(tmp, f"{len(subsets)}-{run}-{'seeded' if seeded else 'new'}")
                    os.makedirs(folder)
                    store = os.path.join(folder, "store.sqlite")
                    expected = set()
                    if seeded:
                        rc = subprocess.run([args.frontline, "import", "--store", store, files[4]],
                                            capture_output=True).returncode
                        if rc != 0:
                            raise Failure(f"seeding {store} failed (exit {rc})")
                        expected = times_of([files[4]])
                    expected |= race(args.frontline, store, subsets)
                    check(store, expected, f"{len(subsets)} importers, run {run + 1}, "
                                           f"{'existing' if seeded else 'new'} store")
            print(f"{len(subsets)} importers at once, {args.runs} runs on a new and on an existing store: "
                  f"every reported version stored, nothing left behind", flush=True)

        # A writer holds the store: an import that may wait only half a second gives up with exit 4.
        store = os.path.join(tmp, "held.sqlite")
        rc = subprocess.run([args.frontline, "import", "--store", store, files[0]], capture_output=True).returncode
        if rc != 0:
            raise Failure("seeding the held store failed")
        before = digest(store)
        holder = sqlite3.connect(store, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            p = subprocess.run([args.frontline, "import", "--store", store, "--wait", "0.5", files[1]],
                               capture_output=True, timeout=60)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        err = p.stderr.decode()
        if p.returncode != 4 or "another import is writing" not in err:
            raise Failure(f"an import into a held store exited {p.returncode} ({err.strip()}); expected 4, "
                          "'another import is writing'")
        if digest(store) != before:
            raise Failure("the held store changed")
        print("an import that cannot get the store in time exits 4 and changes nothing", flush=True)
        ok = True
    except Failure as e:
        print(f"FAIL: {e}")
    finally:
        if ok and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"stores kept in {tmp}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
