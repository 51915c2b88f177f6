#!/usr/bin/python3
"""The store an import writes does not depend on how many threads did the work.

    /usr/bin/python3 tests/golden/same_store_any_threads.py --frontline BIN --archive HISTORY.tar.zst \
        [--threads 1,3] [--before YYYY-MM-DD] [--work DIR]

Imports the archive once per thread count into a fresh store and compares the files byte for
byte (resolving runs on worker threads in blocks, sharing caches; what is written must not
depend on which worker did what, or in which order they finished).
Standard library only. Exit status 0 when all stores are identical, 1 otherwise.
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
import history_subset  # noqa: E402 (beside this script)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--archive", required=True)
    ap.add_argument("--threads", default="1,3")
    ap.add_argument("--work", default=None)
    ap.add_argument("--before", default="",
                    help="only the archive's snapshots before this date (YYYY-MM-DD): history_subset.py")
    args = ap.parse_args()
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="same_store_any_threads.", dir=args.work)
    stores = []
    args.archive, count = history_subset.snapshots_before(args.archive, args.before, tmp)
    if count is not None:
        print(f"the archive's {count} snapshots before {args.before}")
    for n in args.threads.split(","):
        store = os.path.join(tmp, f"threads-{n}.sqlite")
        p = subprocess.run([args.frontline, "import", "--store", store, "--threads", n, args.archive],
                           capture_output=True, timeout=600)
        if p.returncode != 0:
            print(f"FAIL: the import with --threads {n} exited {p.returncode}: {p.stderr.decode().strip()}")
            return 1
        stores.append((n, store))
    first_n, first = stores[0]
    for n, store in stores[1:]:
        if not filecmp.cmp(first, store, shallow=False):
            print(f"FAIL: the store written with --threads {n} differs from the one written with --threads {first_n}"
                  f" (kept in {tmp})")
            return 1
    print(f"stores written with --threads {args.threads} are byte-identical ({os.path.getsize(first)} bytes)")
    shutil.rmtree(tmp, ignore_errors=True)
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
