#!/usr/bin/python3
"""A write cut off by a crash leaves a hot journal; the next read restores the last committed
store, and a reader that may not write says what to do.

    /usr/bin/python3 tests/golden/hot_journal.py --frontline BIN --data tests/data/golden [--work DIR]

1. Import the golden history into a store; note `versions --json` and the file's bytes.
2. In a child process, open the store with Python's sqlite3, spill an uncommitted change to every
   ring's area and 4 MB of new rows into the file (cache_size 1 forces the pages out, so the journal is synced and
   hot) and die with os._exit, as a SIGKILLed import would.
3. `frontline versions` answers the listing of step 1, and afterwards the store file is
   byte-identical to step 1 and no hot journal is left; `frontline check` exits 0.
4. The same crash again, then the same read as user nobody (root only): exit 5 and a message
   that names `frontline check`; the store is left for its owner to recover.

Standard library only. Exit status 0 on success, 1 on a failed check.
"""
import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile


class Failure(Exception):
    pass


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def run(argv, nobody=False):
    if nobody:
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *argv]
    p = subprocess.run(argv, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def crash_mid_write(store):
    pid = os.fork()
    if pid == 0:
        conn = sqlite3.connect(store, isolation_level=None)
        conn.execute("PRAGMA cache_size = 1")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE ring SET area_m2 = area_m2 + 1")
        for i in range(64):  # more than the cache holds: pages go out to the file
            conn.execute("INSERT INTO meta VALUES (?, ?)", (f"crash-{i}", "x" * 65536))
        os._exit(0)  # no commit, no rollback, no close
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise Failure(f"the crashing writer exited with status {status}")
    journal = store + "-journal"
    if not os.path.exists(journal):
        raise Failure("the crashed write left no journal; the test proves nothing")
    with open(journal, "rb") as f:
        if not f.read(8).strip(b"\0"):
            raise Failure("the crashed write left a journal that is not hot; the test proves nothing")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="hot_journal.", dir=args.work)
    os.chmod(tmp, 0o755)
    ok = False
    try:
        store = os.path.join(tmp, "store.sqlite")
        rc, _, err = run([args.frontline, "import", "--store", store, os.path.join(args.data, "deepstate")])
        if rc != 0:
            raise Failure(f"import failed (exit {rc}): {err.strip()}")
        os.chmod(store, 0o644)
        rc, before, err = run([args.frontline, "versions", "--store", store, "--json"])
        if rc != 0:
            raise Failure(f"versions failed (exit {rc}): {err.strip()}")
        clean = digest(store)

        crash_mid_write(store)
        if digest(store) == clean:
            raise Failure("the crashed write changed nothing in the file; the test proves nothing")
        rc, after, err = run([args.frontline, "versions", "--store", store, "--json"])
        if rc != 0 or after != before:
            raise Failure(f"after the crash `versions` exits {rc} and lists "
                          f"{'the same' if after == before else 'other'} versions: {err.strip()}")
        if digest(store) != clean:
            raise Failure("after the read the store is not the last committed one")
        journal = store + "-journal"
        if os.path.exists(journal) and os.path.getsize(journal) and open(journal, "rb").read(8).strip(b"\0"):
            raise Failure("the hot journal is still there after the read")
        rc, out, err = run([args.frontline, "check", "--store", store])
        if rc != 0:
            raise Failure(f"`frontline check` after the recovery exits {rc}: {(out + err).strip()}")
        print("a read after a crashed write restores the last committed store byte for byte")

        if os.geteuid() == 0:
            crash_mid_write(store)
            rc, out, err = run([args.frontline, "versions", "--store", store, "--json"], nobody=True)
            if rc != 5 or "frontline check" not in err:
                raise Failure(f"a reader that may not roll back exits {rc} ({err.strip()!r}); expected 5 naming "
                              "`frontline check`")
            print(f"a reader that may not write: exit 5, {err.strip()}")
            rc, after, err = run([args.frontline, "versions", "--store", store, "--json"])
            if rc != 0 or after != before or digest(store) != clean:
                raise Failure(f"the owner's read did not restore the store (exit {rc}): {err.strip()}")
        ok = True
    except Failure as e:
        print(f"FAIL: {e}", file=sys.stderr)
    finally:
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}", file=sys.stderr)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
