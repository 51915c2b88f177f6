"""The snapshots of a history archive (.tar.zst) published before a date, as an archive of their own.

The crash and determinism tests import the history several times each; the snapshots before
2023-03-01 (479 of the 1,359: the first eleven months, published more often than later ones)
exercise the same code in a fraction of the time. Members are copied as they are, in the archive's order, chosen by the Unix time
in their names; Debian's zstd program decompresses (a long window: the history was written with
--long) and compresses (Python's standard library has no zstd). Standard library only.
"""
import calendar
import os
import subprocess
import tarfile
import time


def snapshots_before(archive, date, work):
    """Writes the members of `archive` named by a Unix time before `date` (YYYY-MM-DD, UTC) to
    WORK/<archive>-before-<date>.tar.zst (once) and returns its path and how many it holds; returns
    (`archive`, None) when date is empty."""
    if not date:
        return archive, None
    cutoff = calendar.timegm(time.strptime(date, "%Y-%m-%d"))
    out = os.path.join(work, "%s-before-%s.tar.zst" % (os.path.basename(archive).split(".")[0], date))
    tmp = "%s.%d.part" % (out, os.getpid())  # two tests may write it at once
    src_proc = subprocess.Popen(["zstd", "-dcq", "--long=31", archive], stdout=subprocess.PIPE)
    dst_proc = subprocess.Popen(["zstd", "-3", "--long=27", "-q", "-f", "-o", tmp], stdin=subprocess.PIPE)
    copied = 0
    try:
        with tarfile.open(fileobj=src_proc.stdout, mode="r|") as src, \
                tarfile.open(fileobj=dst_proc.stdin, mode="w|") as dst:
            for member in src:
                stem = os.path.basename(member.name).split(".")[0]
                if member.isfile() and stem.isdigit() and int(stem) < cutoff:
                    dst.addfile(member, src.extractfile(member))
                    copied += 1
    finally:
        dst_proc.stdin.close()
        src_proc.stdout.close()
        src_proc.wait()
        dst_proc.wait()
    if src_proc.returncode != 0 or dst_proc.returncode != 0 or copied == 0:
        raise RuntimeError("could not write the snapshots of %s before %s (zstd exits %s and %s, %d copied)"
                           % (archive, date, src_proc.returncode, dst_proc.returncode, copied))
    os.replace(tmp, out)
    return out, copied
