#!/usr/bin/python3
"""A store with flipped bytes: every read either answers exactly as before or says it is damaged.

    /usr/bin/python3 tests/golden/damaged_store.py --frontline BIN --data tests/data/golden \
        [--archive HISTORY.tar.zst --pages N] [--offsets K] [--seed S] [--work DIR] [--keep]

A store is written (the golden fixtures, or with --archive the real history), every read verb is
run on it once, and then, one at a time, a byte is flipped at K seeded offsets in each of its
pages (a sample of N pages with --archive). After each flip every read verb must either print
exactly what it printed on the sound store (exit 0) or fail with a documented error: exit 5
"is damaged ... run `frontline check`", exit 2 "is not a frontline store" (the header was hit)
or exit 3 (the damaged row was the one that names the map or the version asked for). Never a
different answer with exit 0, never a crash, never exit 70. When any read reported damage,
`frontline check` must report it too (exit 5).

Standard library only. Exit status 0 on success, 1 on a failed check.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True

PAGE = 4096


class Failure(Exception):
    pass


def run(frontline, args):
    p = subprocess.run([frontline, *args], capture_output=True, timeout=600)
    if p.returncode < 0:
        raise Failure(f"`frontline {' '.join(args)}` died of signal {-p.returncode}")
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def verbs(store, real):
    if real:
        return [
            ["versions", "--store", store, "--json"],
            ["area", "--store", store, "--at", "2024-06-01", "--json"],
            ["diff", "--store", store, "2024-05-01", "2024-06-01", "--json"],
            ["status", "--store", store, "--at", "2024-06-01", "--lon", "37.75", "--lat", "48.0", "--json"],
        ]
    return [
        ["versions", "--store", store, "--map", "deepstate", "--json"],
        ["versions", "--store", store, "--map", "daily", "--json"],
        ["area", "--store", store, "--map", "deepstate", "--at", "2025-02-25", "--json"],
        ["gains", "--store", store, "--map", "deepstate", "--by", "month", "--from", "2025-02", "--to", "2025-03",
         "--json"],
        ["diff", "--store", store, "--map", "deepstate", "2025-02-25", "2025-03-05", "--json"],
        ["status", "--store", store, "--map", "deepstate", "--at", "2025-02-25", "--lon", "37.2", "--lat", "47.2",
         "--json"],
    ]


def flip(path, offset):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0xFF]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--archive", default=None)
    ap.add_argument("--pages", type=int, default=60)
    ap.add_argument("--offsets", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=None)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="damaged_store.", dir=args.work)
    ok = False
    try:
        sound = os.path.join(tmp, "sound.sqlite")
        if args.archive:
            steps = [["import", "--store", sound, args.archive]]
        else:
            steps = [["import", "--store", sound, os.path.join(args.data, "deepstate")],
                     ["import", "--store", sound, "--map", "daily", "--status", "occupied_total", "--time-from-name",
                      os.path.join(args.data, "daily")]]
        for s in steps:
            rc, _, err = run(args.frontline, s)
            if rc != 0:
                raise Failure(f"writing the store failed: {err}")
        real = args.archive is not None
        expected = []
        for v in verbs(sound, real):
            rc, out, err = run(args.frontline, v)
            if rc != 0:
                raise Failure(f"`frontline {v[0]}` on the sound store exited {rc}: {err}")
            expected.append(out)
        size = os.path.getsize(sound)
        pages = list(range(size // PAGE))
        if real:
            pages = sorted(rng.sample(pages, min(args.pages, len(pages))))
        damaged = os.path.join(tmp, "damaged.sqlite")
        flips = detected = 0
        for page in pages:
            for _ in range(args.offsets if not real else 1):
                offset = page * PAGE + rng.randrange(PAGE)
                shutil.copy(sound, damaged)
                flip(damaged, offset)
                flips += 1
                said_damaged = False
                for v, want in zip(verbs(damaged, real), expected):
                    rc, out, err = run(args.frontline, v)
                    if rc == 0:
                        if out != want:
                            raise Failure(f"byte {offset} flipped: `frontline {v[0]} {' '.join(v[3:])}` answered "
                                          f"differently with exit 0 (a silent wrong answer)")
                    elif rc == 5 and "is damaged" in err and "frontline check" in err:
                        said_damaged = True
                    elif rc == 2 and "is not a frontline store" in err:
                        pass
                    elif rc == 3:
                        pass
                    else:
                        raise Failure(f"byte {offset} flipped: `frontline {v[0]}` exited {rc}: {err.strip()}")
                if said_damaged:
                    detected += 1
                    rc, _, err = run(args.frontline, ["check", "--store", damaged])
                    if rc != 5:
                        raise Failure(f"byte {offset} flipped: a read said the store is damaged, `check` exited {rc}")
        print(f"{flips} single-byte flips over {len(pages)} pages of a {size}-byte store: every read answered as "
              f"before or reported the damage ({detected} flips reported by a read, and by `check`)", flush=True)
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
