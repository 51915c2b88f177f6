#!/usr/bin/python3
"""Crash safety of `frontline import`: kill it with SIGKILL while it works, check the store.

    /usr/bin/python3 tests/golden/import_kill9.py --frontline BIN --archive HISTORY.tar.zst \
        --seed-data FOLDER [--work DIR] [--rounds 2] [--seed N] [--before YYYY-MM-DD] [--keep]

An import writes everything in one transaction, and a new store is written under a temporary
name and renamed into place when complete. So after SIGKILL at any moment a store is either
exactly as it was before the import or complete; it is never a part of the import.

1. A clean import of the archive into a fresh store gives the expected listing
   (`versions --json`, computed here, not hard-coded).
2. A second store is seeded with another map (the small fixtures of --seed-data, map "seed").
   Each round (two by default; fewer when they would not fit in --budget) imports the archive
   into it and sends SIGKILL at a random moment after the write transaction has begun (the
   store's -journal file exists) — inside the write phase; a kill that misses it (a release build
   writes the history in about 0.1 s) is drawn again on a new store within the time the write
   phase was seen to take. A third kill hits an import into a fresh store at a random moment of
   its whole run.
3. After every kill the store must pass PRAGMA integrity_check and foreign_key_check, every
   version must have a layer and every ring a layer names must exist, the seed map must list
   exactly as before, and the archive's map must be absent or equal to the clean listing; a
   fresh store must be absent or equal to the clean one.
4. A final import without interruption completes, and the store then equals the clean one.

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
import history_subset  # noqa: E402 (beside this script)

IMPORT_TIMEOUT = 280


class Failure(Exception):
    pass


def log(msg):
    print(msg, flush=True)


def run(argv, timeout=120):
    p = subprocess.run(argv, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def versions_json(frontline, store, map_name):
    rc, out, err = run([frontline, "versions", "--store", store, "--map", map_name, "--json"])
    if rc != 0:
        raise Failure(f"`frontline versions --json` on {store} failed (exit {rc}): {err.strip()}")
    try:
        return json.loads(out)
    except ValueError as e:
        raise Failure(f"`frontline versions --json` printed no valid JSON ({e}); stdout starts: {out[:300]!r}")


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


def check_store(frontline, store, clean_list, seed_list, label):
    """The consistency checks after a kill. Returns the number of versions of map 'deepstate'."""
    # A kill inside the write transaction leaves a hot journal; frontline's first read rolls it
    # back (a read-only SQLite connection may not), so frontline looks at the store first.
    rc, out, err = run([frontline, "check", "--store", store])
    if rc != 0:
        raise Failure(f"{label}: `frontline check` after the kill exits {rc}: {(out + err).strip()[:500]}")
    journal = store + "-journal"
    if os.path.exists(journal):
        # A journal whose header was never synced is not hot: SQLite ignores it and so may we.
        with open(journal, "rb") as f:
            if f.read(8).strip(b"\0"):
                raise Failure(f"{label}: the hot journal of the killed import is still there after `frontline check`")
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
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
        for (blob,) in conn.execute("SELECT rings FROM layer"):
            for poly in decode_layer(bytes(blob)):
                missing += sum(1 for rid in poly if rid not in ring_ids)
        if missing:
            raise Failure(f"{label}: layers name {missing} rings the store does not hold")
        maps = {name for (name,) in conn.execute("SELECT name FROM map")}
    finally:
        conn.close()
    if seed_list is not None:
        if versions_json(frontline, store, "seed") != seed_list:
            raise Failure(f"{label}: the seed map changed")
    k = 0
    if "deepstate" in maps:
        listing = versions_json(frontline, store, "deepstate")
        if listing != clean_list:
            raise Failure(f"{label}: map 'deepstate' holds {len(listing)} versions that are not the clean import's "
                          f"{len(clean_list)}: a part of an import was left behind")
        k = len(listing)
    log(f"{label}: store consistent: map 'deepstate' {'complete' if k else 'absent'}"
        f"{', seed map unchanged' if seed_list is not None else ''}, integrity ok")
    return k


def killed_import(frontline, archive, store, rng, in_write_phase, expected_s, max_delay=0.4):
    """Starts an import and SIGKILLs it: a random moment, up to max_delay seconds, after its write
    transaction has begun (the -journal file appeared), or a random moment of its whole run.
    Returns whether the signal came before the import ended, whether the journal existed then,
    and, when the kill missed the write transaction, the seconds from its start to the kill or the
    import's end: the write phase lasted at most that long (None if not seen)."""
    proc = subprocess.Popen([frontline, "import", "--store", store, archive],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = store + "-journal"
    t0 = time.monotonic()
    writing_since = None
    try:
        if in_write_phase:
            while not os.path.exists(journal):
                if proc.poll() is not None:
                    return False, False, None
                if time.monotonic() - t0 > IMPORT_TIMEOUT:
                    raise Failure("the import never began to write")
                time.sleep(0.0005)
            writing_since = time.monotonic()
            deadline = writing_since + rng.uniform(0, max_delay)
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.0005)
        else:
            deadline = t0 + rng.uniform(0.05, 1.0) * expected_s
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.001)
        if proc.poll() is not None:
            return False, False, (time.monotonic() - writing_since if writing_since else None)
        had_journal = os.path.exists(journal)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        missed = None if had_journal or writing_since is None else time.monotonic() - writing_since
        return True, had_journal, missed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--archive", required=True, help="the DeepState history archive (.tar.zst)")
    ap.add_argument("--seed-data", required=True, help="snapshots imported first as map 'seed'")
    ap.add_argument("--work", default=None)
    ap.add_argument("--rounds", type=int, default=2, help="kills inside the write phase")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--budget", type=float, default=600,
                    help="seconds; rounds after the first are skipped when they would not fit "
                         "(with the final imports) in this time (CTest gives the test 900 s)")
    ap.add_argument("--keep", action="store_true", help="keep the stores")
    ap.add_argument("--before", default="",
                    help="only the archive's snapshots before this date (YYYY-MM-DD): history_subset.py")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    log(f"seed {seed} (rerun with --seed {seed})")
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="import_kill9.", dir=args.work)
    ok = False
    try:
        args.archive, count = history_subset.snapshots_before(args.archive, args.before, tmp)
        if count is not None:
            log(f"the archive's {count} snapshots before {args.before}")
        clean = os.path.join(tmp, "clean.sqlite")
        start = t = time.monotonic()
        rc, _, err = run([args.frontline, "import", "--store", clean, args.archive], timeout=IMPORT_TIMEOUT)
        if rc != 0:
            raise Failure(f"the clean import failed (exit {rc}): {err.strip()}")
        clean_list = versions_json(args.frontline, clean, "deepstate")
        import_s = time.monotonic() - t
        log(f"clean import: {len(clean_list)} versions in {import_s:.1f} s")

        store = os.path.join(tmp, "killed.sqlite")

        def seeded_store():
            for f in (store, store + "-journal", store + "-wal", store + "-shm"):
                if os.path.exists(f):
                    os.remove(f)
            rc, _, err = run([args.frontline, "import", "--store", store, "--map", "seed", args.seed_data])
            if rc != 0:
                raise Failure(f"the seed import failed (exit {rc}): {err.strip()}")
            return versions_json(args.frontline, store, "seed")
        seed_list = seeded_store()
        mid_write = 0
        # A fast build writes the whole history in less than the first draw may wait: a kill that
        # misses the write transaction tells how long it lasts at most, and the next is drawn within.
        max_delay, retries = 0.4, 3
        r = 1
        while r <= args.rounds:
            if r > 1 and time.monotonic() - start + 4 * import_s > args.budget:
                log(f"round {r}: skipped, it would not fit in the {args.budget:.0f} s budget "
                    f"(an import takes {import_s:.0f} s here)")
                break
            killed, had_journal, write_s = killed_import(args.frontline, args.archive, store, rng, True, import_s,
                                                         max_delay)
            log(f"round {r}: {'SIGKILL' if killed else 'the import finished first'}"
                f"{' inside the write transaction' if had_journal else ''}")
            k = check_store(args.frontline, store, clean_list, seed_list, f"round {r}")
            if killed and had_journal:
                mid_write += 1
            if write_s is not None and mid_write == 0 and retries > 0:
                retries -= 1
                max_delay = 0.8 * write_s
                log(f"round {r}: the write phase took at most {write_s:.3f} s; again on a new store, the "
                    f"kill within {max_delay:.3f} s of its start")
                seed_list = seeded_store()
                continue
            if k:
                break  # complete: nothing left to interrupt
            r += 1
        if mid_write == 0:
            raise Failure("no kill landed inside the write transaction; the test proved nothing")

        fresh = os.path.join(tmp, "fresh.sqlite")
        killed, _, _ = killed_import(args.frontline, args.archive, fresh, rng, False, import_s)
        log(f"fresh store: {'SIGKILL' if killed else 'the import finished first'}")
        if os.path.exists(fresh):
            check_store(args.frontline, fresh, clean_list, None, "fresh store")
        else:
            log("fresh store: absent, as before the import")
        leftovers = [f for f in os.listdir(tmp) if f.startswith(".fresh.sqlite.import-")]
        log(f"fresh store: {len(leftovers)} temporary file(s) of the killed import left beside it")

        for path in (store, fresh):
            rc, _, err = run([args.frontline, "import", "--store", path, args.archive], timeout=IMPORT_TIMEOUT)
            if rc != 0:
                raise Failure(f"the final import into {path} failed (exit {rc}): {err.strip()}")
        final = check_store(args.frontline, store, clean_list, seed_list, "final")
        check_store(args.frontline, fresh, clean_list, None, "final fresh")
        log(f"final imports: {final} versions, the same listing as the clean import")
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
