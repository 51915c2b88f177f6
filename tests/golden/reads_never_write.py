#!/usr/bin/python3
"""Reads never write; stores of the first release are read as they are and migrated by an import.

    /usr/bin/python3 tests/golden/reads_never_write.py --frontline BIN --data tests/data/golden \
        --stores tests/data/stores [--work DIR] [--keep]

1. The store written by the schema-3 release (tests/data/stores, WAL mode) answers every read
   verb with the areas it holds (tests/data/golden/expected_areas.py, pyproj, with every edge one
   geodesic as that release measured), and
   afterwards is byte-identical with nothing created beside it (no -wal, -shm, -journal).
2. The same reads on a store of this release in a folder this process may not write (as user
   nobody when run as root; the folder made read-only otherwise) answer, and leave nothing.
3. Another program's SQLite database, a text file and an empty file given as a store: every
   read verb and `import` exit 2 with "is not a frontline store" and leave the file
   byte-identical.
4. An import into the schema-3 store migrates it: schema 6 (PRAGMA user_version), frontline's
   application id, rollback-journal mode (header bytes 18-19 = 1), the old versions' areas
   re-measured with edges straight in lon/lat (expected_areas.py's values), the new version
   added, `frontline check` clean, and no -wal/-shm left.
5. The store written by the schema-4 release (tests/data/stores) answers every read verb and
   `frontline check` as it is; an import of the same files migrates it to schema 6, after which
   it lists both maps exactly as a fresh import does, and `frontline check` is clean.

Standard library only (plus expected_areas.py, which needs Debian's python3-pyproj).
Exit status 0 on success, 1 on a failed check.
"""
import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True


class Failure(Exception):
    pass


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def listing(folder):
    return sorted(os.listdir(folder))


class Runner:
    def __init__(self, frontline, as_nobody=False):
        self.frontline = frontline
        self.as_nobody = as_nobody

    def __call__(self, *args):
        argv = [self.frontline, *args]
        if self.as_nobody:
            argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
        p = subprocess.run(argv, capture_output=True, timeout=120)
        return p.returncode, p.stdout.decode(), p.stderr.decode()


def read_verbs(store, times):
    """Every read verb, with arguments that the fixtures answer."""
    t1, t3, t5 = times
    return [
        ["versions", "--store", store, "--map", "deepstate", "--json"],
        ["versions", "--store", store, "--map", "daily", "--csv"],
        ["area", "--store", store, "--map", "deepstate", "--at", str(t5), "--json"],
        ["area", "--store", store, "--map", "deepstate", "--from", "2025-01-02", "--to", "2025-03-02",
         "--every", "month"],
        ["gains", "--store", store, "--map", "deepstate", "--by", "month", "--from", "2025-02", "--to", "2025-03",
         "--json"],
        ["diff", "--store", store, "--map", "deepstate", str(t3), str(t5), "--json"],
        ["status", "--store", store, "--map", "deepstate", "--at", str(t1), "--lon", "37.2", "--lat", "47.2"],
    ]


def check_reads(run, store, times, label):
    folder = os.path.dirname(store)
    before, files = digest(store), listing(folder)
    outputs = []
    for args in read_verbs(store, times):
        rc, out, err = run(*args)
        if rc != 0:
            raise Failure(f"{label}: `frontline {' '.join(args[:1])}` exited {rc}: {err.strip()}")
        outputs.append(out)
    if digest(store) != before:
        raise Failure(f"{label}: the store changed while it was only read")
    if listing(folder) != files:
        raise Failure(f"{label}: reads created {sorted(set(listing(folder)) - set(files))}")
    return outputs


def check_versions(out, expected, label, times):
    got = json.loads(out)
    if [v["version_time"] for v in got] != [iso(t) for t in times]:
        raise Failure(f"{label}: versions at {[v['version_time'] for v in got]}, expected {[iso(t) for t in times]}")
    for v, name in zip(got, ("v1", "v2", "v3", "v5")):
        for status, km2 in v["areas_km2"].items():
            want = round(expected[f"{name}.{status}"], 3)
            if abs(km2 - want) > 0.0015:
                raise Failure(f"{label}: {name} {status} = {km2} km2, expected {want}")


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--stores", required=True)
    ap.add_argument("--work", default=None)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, args.data)
    import expected_areas as ea
    expected = ea.expected()
    times = (ea.T1, ea.T3, ea.T5)
    run = Runner(args.frontline)
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="reads_never_write.", dir=args.work)
    ok = False
    try:
        # 1. The first release's store, read as it is.
        old_dir = os.path.join(tmp, "old")
        os.makedirs(old_dir)
        old = os.path.join(old_dir, "store.sqlite")
        shutil.copy(os.path.join(args.stores, "schema3-release-59a8482.sqlite"), old)
        outs = check_reads(run, old, times, "schema-3 store")
        # Written before schema 5, it holds areas of edges measured as single geodesics.
        check_versions(outs[0], ea.expected(geodesic_edges=True), "schema-3 store", (ea.T1, ea.T2, ea.T3, ea.T5))
        print("the schema-3 store answers every read verb and stays byte-identical, nothing beside it", flush=True)

        # 2. A store of this release in a folder this process may not write.
        ro_dir = os.path.join(tmp, "readonly")
        os.makedirs(ro_dir)
        new = os.path.join(ro_dir, "store.sqlite")
        rc, _, err = run("import", "--store", new, os.path.join(args.data, "deepstate"))
        if rc != 0:
            raise Failure(f"import failed: {err}")
        rc, _, err = run("import", "--store", new, "--map", "daily", "--status", "occupied_total",
                         "--time-from-name", os.path.join(args.data, "daily"))
        if rc != 0:
            raise Failure(f"import failed: {err}")
        if os.geteuid() == 0:
            os.chmod(tmp, 0o755)
            ro_run = Runner(args.frontline, as_nobody=True)
            who = "user nobody"
        else:
            ro_run = run
            who = "this user"
        os.chmod(ro_dir, stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        os.chmod(new, 0o444)
        try:
            rc, _, _ = ro_run("import", "--store", new, os.path.join(args.data, "extra"))
            if rc == 0:
                raise Failure(f"{who} could write the read-only store: the test would prove nothing")
            check_reads(ro_run, new, times, "read-only folder")
        finally:
            os.chmod(ro_dir, 0o755)
            os.chmod(new, 0o644)
        print(f"a store in a folder {who} may not write answers every read verb and stays unchanged", flush=True)

        # 3. Files that are not frontline stores.
        other_dir = os.path.join(tmp, "other")
        os.makedirs(other_dir)
        foreign = os.path.join(other_dir, "app.sqlite")
        conn = sqlite3.connect(foreign)
        conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes(text) VALUES ('not a map')")
        conn.commit()
        conn.close()
        text = os.path.join(other_dir, "notes.txt")
        with open(text, "w") as f:
            f.write("hello\n" * 100)
        empty = os.path.join(other_dir, "empty.db")
        open(empty, "w").close()
        for path in (foreign, text, empty):
            before, files = digest(path), listing(other_dir)
            for verb in read_verbs(path, times) + [["import", "--store", path, os.path.join(args.data, "extra")]]:
                if path == empty and verb[0] == "import":
                    continue  # an empty file is where a new store may be created
                rc, _, err = run(*verb)
                if rc != 2 or "is not a frontline store" not in err:
                    raise Failure(f"`frontline {verb[0]}` on {os.path.basename(path)} exited {rc} ({err.strip()}); "
                                  "expected 2, 'is not a frontline store'")
            if digest(path) != before or listing(other_dir) != files:
                raise Failure(f"{os.path.basename(path)} or its folder changed")
        print("another program's SQLite file, a text file and an empty file: exit 2, left byte-identical", flush=True)

        # 4. An import migrates the first release's store.
        rc, out, err = run("import", "--store", old, "--json", os.path.join(args.data, "extra"))
        if rc != 0:
            raise Failure(f"import into the schema-3 store failed (exit {rc}): {err.strip()}")
        with open(old, "rb") as f:
            header = f.read(100)
        if header[18] != 1 or header[19] != 1:
            raise Failure(f"after the import the store is not in rollback-journal mode (header {header[18]}, "
                          f"{header[19]})")
        conn = sqlite3.connect(f"file:{old}?mode=ro", uri=True)
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.close()
        if user_version != 6 or app_id != 0x46524E54:
            raise Failure(f"after the import: user_version {user_version}, application_id {app_id:#x}")
        rc, out, err = run("versions", "--store", old, "--map", "deepstate", "--json")
        got = json.loads(out)
        if len(got) != 5 or got[-1]["version_time"] != iso(ea.T_EXTRA):
            raise Failure(f"after the import the store lists {[v['version_time'] for v in got]}")
        check_versions(json.dumps(got[:4]), expected, "migrated store", (ea.T1, ea.T2, ea.T3, ea.T5))
        rc, out, err = run("check", "--store", old)
        if rc != 0:
            raise Failure(f"`frontline check` on the migrated store exits {rc}: {(out + err).strip()[:400]}")
        left = [f for f in listing(old_dir) if f != "store.sqlite"]
        if left:
            raise Failure(f"files left beside the migrated store: {left}")
        print("an import migrates the schema-3 store to schema 6 in rollback-journal mode, areas re-measured",
              flush=True)

        # 5. The schema-4 release's store: read as it is (its own areas, `check` clean), then an
        # import re-measures it into exactly what a fresh import of the same files holds.
        s4_dir = os.path.join(tmp, "s4")
        os.makedirs(s4_dir)
        s4 = os.path.join(s4_dir, "store.sqlite")
        shutil.copy(os.path.join(args.stores, "schema4-release-72aa7a3.sqlite"), s4)
        check_reads(run, s4, times, "schema-4 store")
        rc, out, err = run("check", "--store", s4)
        if rc != 0:
            raise Failure(f"`frontline check` on the schema-4 store exits {rc}: {(out + err).strip()[:400]}")
        fresh = os.path.join(s4_dir, "fresh.sqlite")
        for store in (s4, fresh):
            for argv in (("import", "--store", store, os.path.join(args.data, "deepstate")),
                         ("import", "--store", store, "--map", "daily", "--status", "occupied_total",
                          "--time-from-name", os.path.join(args.data, "daily"))):
                rc, out, err = run(*argv)
                if rc != 0:
                    raise Failure(f"`frontline {' '.join(argv[:3])}` exits {rc}: {err.strip()}")
        conn = sqlite3.connect(f"file:{s4}?mode=ro", uri=True)
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.close()
        if user_version != 6:
            raise Failure(f"after the import the schema-4 store has user_version {user_version}")
        for m in ("deepstate", "daily"):
            got = [run("versions", "--store", st, "--map", m, "--json")[1] for st in (s4, fresh)]
            if got[0] != got[1]:
                raise Failure(f"the migrated schema-4 store lists map '{m}' otherwise than a fresh import:\n"
                              f"{got[0][:600]}\n---\n{got[1][:600]}")
            # Schema 6's split at the border (outside_ukraine_km2), computed by the migration.
            # (share_of_ukraine differs: the schema-4 store holds a "ukraine" reference of its own.)
            got = [[{k: v for k, v in row.items() if k != "share_of_ukraine"}
                    for row in json.loads(run("area", "--store", st, "--map", m, "--from", "2025-01-01", "--to",
                                              "2025-03-01", "--every", "month", "--json")[1])]
                   for st in (s4, fresh)]
            if got[0] != got[1] or not got[0][-1].get("outside_ukraine_km2"):
                raise Failure(f"the migrated schema-4 store measures map '{m}' otherwise than a fresh import:\n"
                              f"{got[0]}\n---\n{got[1]}")
        rc, out, err = run("check", "--store", s4)
        if rc != 0:
            raise Failure(f"`frontline check` on the migrated schema-4 store exits {rc}: {(out + err).strip()[:400]}")
        print("the schema-4 store answers as it is; an import re-measures it into what a fresh import holds",
              flush=True)
        ok = True
    except Failure as e:
        print(f"FAIL: {e}")
    finally:
        if ok and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"files kept in {tmp}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
