#!/usr/bin/python3
"""Crash safety of `frontline import`: kill it with SIGKILL while it writes, check the store.

    /usr/bin/python3 tests/golden/import_kill9.py --frontline BIN --archive HISTORY.tar.zst \
        [--work DIR] [--rounds 2] [--seed N] [--keep]

1. A clean import of the archive into a fresh store gives the expected result: its version
   count and its `versions --json` listing (computed here, not hard-coded).
2. Each round (two by default; fewer when they would not fit in --budget) starts the import
   into a second store, polls that store's version count (SQLite, read-only, every
   millisecond) and sends SIGKILL as soon as it reaches a random target in the
   first half of what is still to be written (so the kill lands inside the write phase, after
   the import has read and resolved the whole archive).
3. After every kill the store must open and hold a consistent prefix of the clean import:
   PRAGMA integrity_check is ok, foreign keys hold, every version has at least one layer and
   every ring a layer names exists, the stored versions are exactly the first k versions of the
   clean import with the same areas (`versions --json` equals the clean listing's first k
   entries), and `area --at <last stored version> --json` answers with that version.
4. A final import without interruption completes, and the store then equals the clean one:
   the same number of versions and the same `versions --json` listing.

Standard library only. Exit status 0 on success, 1 on a failed check.
"""
import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True

IMPORT_TIMEOUT = 280


class Failure(Exception):
    pass


def log(msg):
    print(msg, flush=True)


def run(argv, timeout=120):
    p = subprocess.run(argv, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def versions_json(frontline, store):
    rc, out, err = run([frontline, "versions", "--store", store, "--json"])
    if rc != 0:
        raise Failure(f"`frontline versions --json` on {store} failed (exit {rc}): {err.strip()}")
    try:
        return json.loads(out)
    except ValueError as e:
        raise Failure(f"`frontline versions --json` printed no valid JSON ({e}); stdout starts: {out[:300]!r}")


def version_count(conn):
    try:
        return conn.execute("SELECT count(*) FROM version").fetchone()[0]
    except sqlite3.Error:
        return -1  # not created yet


def decode_layer(blob):
    """The store's layer blob: varint polygon count, then per polygon a varint ring count and
    zig-zag varint deltas of ring ids (the delta runs across polygons)."""
    pos = 0

    def varint():
        nonlocal pos
        v, shift = 0, 0
        while True:
            if pos >= len(blob):
                raise Failure("layer blob ends inside a varint")
            b = blob[pos]
            pos += 1
            v |= (b & 0x7F) << shift
            if b < 0x80:
                return v
            shift += 7

    polygons = []
    prev = 0
    for _ in range(varint()):
        ids = []
        for _ in range(varint()):
            z = varint()
            prev += (z >> 1) ^ -(z & 1)
            ids.append(prev)
        polygons.append(ids)
    if pos != len(blob):
        raise Failure(f"layer blob has {len(blob) - pos} trailing bytes")
    return polygons


def check_store(frontline, store, clean_list, label):
    """The consistency checks after a kill. Returns the number of stored versions."""
    conn = sqlite3.connect(store)
    try:
        ic = conn.execute("PRAGMA integrity_check").fetchall()
        if ic != [("ok",)]:
            raise Failure(f"{label}: integrity_check: {ic[:5]}")
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            raise Failure(f"{label}: foreign_key_check: {fk[:5]}")
        ring_ids = {r[0] for r in conn.execute("SELECT id FROM ring")}
        no_layers = conn.execute(
            "SELECT count(*) FROM version v WHERE NOT EXISTS (SELECT 1 FROM layer l WHERE l.version_id = v.id)"
        ).fetchone()[0]
        if no_layers:
            raise Failure(f"{label}: {no_layers} versions have no layer")
        missing = 0
        layers = 0
        for (blob,) in conn.execute("SELECT rings FROM layer"):
            layers += 1
            for poly in decode_layer(bytes(blob)):
                missing += sum(1 for rid in poly if rid not in ring_ids)
        if missing:
            raise Failure(f"{label}: layers name {missing} rings the store does not hold")
        k = version_count(conn)
    finally:
        conn.close()

    listing = versions_json(frontline, store)
    if len(listing) != k:
        raise Failure(f"{label}: `versions --json` lists {len(listing)} versions, the version table has {k}")
    if listing != clean_list[:k]:
        for i, (a, b) in enumerate(zip(listing, clean_list)):
            if a != b:
                raise Failure(f"{label}: version {i} differs from the clean import:\n  {a}\n  {b}")
        raise Failure(f"{label}: the stored versions are not a prefix of the clean import")
    if k > 0:
        last = listing[-1]["version_time"]
        rc, out, err = run([frontline, "area", "--store", store, "--at", last, "--json"])
        if rc != 0:
            raise Failure(f"{label}: `area --at {last} --json` failed (exit {rc}): {err.strip()}")
        a = json.loads(out)
        if a["version_time"] != last or a["occupied_total_km2"] != listing[-1]["occupied_total_km2"]:
            raise Failure(f"{label}: `area --at {last}` answered {a['version_time']} "
                          f"{a['occupied_total_km2']} km2, expected {last} {listing[-1]['occupied_total_km2']}")
    log(f"{label}: store consistent: {k} versions ({layers} layers, {len(ring_ids)} rings), "
        f"integrity ok, a prefix of the clean import")
    return k


def killed_import(frontline, archive, store, target):
    """Starts an import and SIGKILLs it as soon as the store holds `target` or more versions.
    Returns (killed, versions seen when the signal went)."""
    proc = subprocess.Popen([frontline, "import", "--store", store, archive],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conn = None
    t0 = time.monotonic()
    try:
        while True:
            if proc.poll() is not None:
                return False, None
            if time.monotonic() - t0 > IMPORT_TIMEOUT:
                raise Failure("the import did not reach the kill point in time")
            if conn is None and os.path.exists(store):
                try:
                    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=0.1)
                except sqlite3.Error:
                    conn = None
            n = version_count(conn) if conn is not None else -1
            if n >= target:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True, n
            time.sleep(0.001)
    finally:
        if conn is not None:
            conn.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--archive", required=True, help="the DeepState history archive (.tar.zst)")
    ap.add_argument("--work", default=None)
    ap.add_argument("--rounds", type=int, default=2, help="kills before the final, complete import")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--budget", type=float, default=240,
                    help="seconds; rounds after the first are skipped when they would not fit "
                         "(with the final import) in this time (CTest gives the test 300 s)")
    ap.add_argument("--keep", action="store_true", help="keep the stores")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    log(f"seed {seed} (rerun with --seed {seed})")
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="import_kill9.", dir=args.work)
    ok = False
    try:
        clean = os.path.join(tmp, "clean.sqlite")
        start = t = time.monotonic()
        rc, _, err = run([args.frontline, "import", "--store", clean, args.archive], timeout=IMPORT_TIMEOUT)
        if rc != 0:
            raise Failure(f"the clean import failed (exit {rc}): {err.strip()}")
        clean_list = versions_json(args.frontline, clean)
        expected = len(clean_list)
        import_s = time.monotonic() - t
        log(f"clean import: {expected} versions in {import_s:.1f} s")
        if expected < 2:
            raise Failure("the clean import stored fewer than 2 versions; nothing to interrupt")

        store = os.path.join(tmp, "killed.sqlite")
        have = 0
        for r in range(1, args.rounds + 1):
            if r > 1 and time.monotonic() - start + 2.5 * import_s > args.budget:
                log(f"round {r}: skipped, it would not fit in the {args.budget:.0f} s budget "
                    f"(an import takes {import_s:.0f} s here)")
                break
            # A random kill point in the first half of what is still to be written.
            target = rng.randint(have + 1, max(have + 1, have + (expected - have) // 2))
            killed, seen = killed_import(args.frontline, args.archive, store, target)
            if not killed:
                raise Failure(f"round {r}: the import completed before the store reached {target} versions; "
                              "it writes faster than this test polls")
            log(f"round {r}: SIGKILL once the store showed {seen} versions (target {target})")
            k = check_store(args.frontline, store, clean_list, f"round {r}")
            if k < have:
                raise Failure(f"round {r}: the store lost versions: {have} before, {k} after")
            if k >= expected:
                raise Failure(f"round {r}: the store is complete; the kill came too late to test anything")
            have = k

        rc, _, err = run([args.frontline, "import", "--store", store, args.archive], timeout=IMPORT_TIMEOUT)
        if rc != 0:
            raise Failure(f"the resumed import failed (exit {rc}): {err.strip()}")
        final = check_store(args.frontline, store, clean_list, "resumed")
        if final != expected:
            raise Failure(f"the resumed import holds {final} versions, the clean one {expected}")
        log(f"resumed import: {final} versions, the same listing as the clean import")
        ok = True
    except Failure as e:
        log(f"FAIL: {e}")
    except subprocess.TimeoutExpired as e:
        log(f"FAIL: timed out: {e}")
    finally:
        if ok and not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log(f"stores kept in {tmp}")
    log("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
