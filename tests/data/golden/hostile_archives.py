#!/usr/bin/python3
"""Writes hostile inputs for the golden tests of the archive reader, at test time.

    /usr/bin/python3 tests/data/golden/hostile_archives.py KIND DEST [ARG]

Golden cases call it with a `python:` line (tests/golden/README.md) to write into their @TMP@
folder, so that nothing large or strange (a FIFO, a 6 GiB zero bomb) is committed. Tar bytes
are built here by hand (512-byte ustar headers), not with the tarfile module, so that each input
is broken in exactly one documented way. Compression: gzip and lzma from the standard library,
zstd with the `zstd` command-line tool. The snapshots inside are the golden fixtures of
deepstate/ (five files, 2025-01-01 .. 2025-03-01).

KIND:
  tar, tar.gz, tar.xz, tar.zst  a whole archive of the five snapshots (two zero blocks at the end)
  no-end-marker        .tar: the five entries, then nothing: no end-of-archive marker
  lone-zero-block      .tar: the five entries and one zero block of the marker's two
  cut-mid-entry        .tar: cut in the middle of the third entry's data
  zst-cut-mid-frame    .tar.zst: one zstd frame, cut after half of its bytes
  zst-cut-between-frames  .tar.zst: one zstd frame per tar entry and one for the marker; only
                       the first three frames are kept, so every frame is whole but the tar
                       ends after its third entry
  gz-cut-trailer       .tar.gz: the last 4 bytes (the gzip trailer's size field) cut off
  xz-cut               .tar.xz: cut after half of its bytes
  concatenated         .tar: two whole archives one after the other
  claims-8gib          .tar of 799 bytes whose one header claims 8 GiB (2^33 bytes: the 12 octal
                       digits 100000000000, the first size a classic 11-digit field cannot hold)
  claims-2p62          .tar whose header claims 2^62 bytes (GNU base-256 size field)
  claims-9mib          .tar: a 9 MiB entry of JSON whitespace around a snapshot, whole and true
  zero-bomb            .tar.zst: ARG MiB (default 6144: 6 GiB) of zero bytes, `zstd` level 3
  zero-bomb-long       the same with `zstd --long=30` (a 1 GiB window)
  entries-bomb         .tar.zst: entries named N.txt (skipped by the importer), 60 MiB of zeros
                       each, ARG MiB in all (default 20480: 20 GiB)
  fifo                 a FIFO (named pipe) at DEST
  folder-with-fifo     a folder DEST holding the five snapshots and a FIFO
  folder-with-bad-link a folder DEST holding the five snapshots and 1799999999.geojson, a link
                       whose target's name (300 bytes) is longer than a file name may be
  cut:N:SRC            the first N bytes of SRC, written to DEST
"""
import gzip
import lzma
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BLOCK = 512


def octal_field(value, width):
    """A ustar numeric field: octal digits, NUL-terminated when there is room."""
    digits = b"%o" % value
    if len(digits) < width:
        return digits.rjust(width - 1, b"0") + b"\0"
    if len(digits) == width:
        return digits  # no room for the terminator; readers accept a full field
    raise ValueError(f"{value} does not fit in {width} octal digits")


def header(name, size_field, typeflag=b"0"):
    """A 512-byte ustar header; size_field is the raw 12-byte size field."""
    assert len(size_field) == 12
    h = bytearray(BLOCK)
    h[0:len(name)] = name.encode()
    h[100:108] = octal_field(0o644, 8)
    h[108:116] = octal_field(0, 8)
    h[116:124] = octal_field(0, 8)
    h[124:136] = size_field
    h[136:148] = octal_field(1735689600, 12)
    h[156:157] = typeflag
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[148:156] = b" " * 8  # the checksum is computed with its own field as spaces
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def entry(name, data):
    pad = (-len(data)) % BLOCK
    return header(name, octal_field(len(data), 12)) + data + b"\0" * pad


def snapshots():
    d = os.path.join(HERE, "deepstate")
    out = []
    for f in sorted(os.listdir(d)):
        with open(os.path.join(d, f), "rb") as fh:
            out.append((f"deepstate/{f}", fh.read()))
    return out


def entries():
    return [entry(n, d) for n, d in snapshots()]


MARKER = b"\0" * (2 * BLOCK)


def whole_tar():
    return b"".join(entries()) + MARKER


def zstd(data, *options):
    return subprocess.run(["zstd", "-q", "-c", *options], input=data, capture_output=True, check=True).stdout


def zstd_stream(dest, total, chunk_fn, *options):
    """Compresses `total` bytes produced chunk by chunk with the zstd tool into dest."""
    with open(dest, "wb") as out:
        p = subprocess.Popen(["zstd", "-q", "-c", *options], stdin=subprocess.PIPE, stdout=out)
        written = 0
        while written < total:
            chunk = chunk_fn(written, total - written)
            p.stdin.write(chunk)
            written += len(chunk)
        p.stdin.close()
        if p.wait() != 0:
            raise RuntimeError("zstd failed")


def write(dest, data):
    with open(dest, "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    kind, dest = sys.argv[1], sys.argv[2]
    arg = sys.argv[3] if len(sys.argv) > 3 else None
    if kind == "tar":
        write(dest, whole_tar())
    elif kind == "tar.gz":
        write(dest, gzip.compress(whole_tar(), mtime=0))
    elif kind == "tar.xz":
        write(dest, lzma.compress(whole_tar()))
    elif kind == "tar.zst":
        write(dest, zstd(whole_tar()))
    elif kind == "no-end-marker":
        write(dest, b"".join(entries()))
    elif kind == "lone-zero-block":
        write(dest, b"".join(entries()) + b"\0" * BLOCK)
    elif kind == "cut-mid-entry":
        e = entries()
        write(dest, b"".join(e[:2]) + e[2][:BLOCK + 700])
    elif kind == "zst-cut-mid-frame":
        z = zstd(whole_tar())
        write(dest, z[:len(z) // 2])
    elif kind == "zst-cut-between-frames":
        frames = [zstd(e) for e in entries()] + [zstd(MARKER)]
        write(dest, b"".join(frames[:3]))
    elif kind == "gz-cut-trailer":
        g = gzip.compress(whole_tar(), mtime=0)
        write(dest, g[:-4])
    elif kind == "xz-cut":
        x = lzma.compress(whole_tar())
        write(dest, x[:len(x) // 2])
    elif kind == "concatenated":
        write(dest, whole_tar() + whole_tar())
    elif kind == "claims-8gib":
        data = snapshots()[0][1][:287]
        write(dest, header("deepstate/1735711200.geojson", octal_field(8 << 30, 12)) + data)
    elif kind == "claims-2p62":
        size = b"\x80" + (1 << 62).to_bytes(11, "big")
        write(dest, header("deepstate/1735711200.geojson", size) + snapshots()[0][1][:287])
    elif kind == "claims-9mib":
        name, data = snapshots()[0]
        data = data + b" " * ((9 << 20) - len(data))
        write(dest, entry(name, data) + MARKER)
    elif kind in ("zero-bomb", "zero-bomb-long"):
        total = int(arg or 6144) << 20
        zeros = b"\0" * (1 << 20)
        options = ["--long=30"] if kind == "zero-bomb-long" else []
        zstd_stream(dest, total, lambda done, left: zeros[:min(len(zeros), left)], *options)
    elif kind == "entries-bomb":
        total = int(arg or 20480) << 20
        per = 60 << 20
        zeros = b"\0" * (1 << 20)
        state = {"i": 0}

        def chunk(done, left):
            # Each entry: a header, then 60 MiB of zeros (a multiple of 512: no padding).
            offset = done % (BLOCK + per)
            if offset == 0:
                state["i"] += 1
                return header(f"{state['i']}.txt", octal_field(per, 12))
            return zeros[:min(len(zeros), BLOCK + per - offset, left)]
        zstd_stream(dest, total, chunk)
    elif kind == "fifo":
        os.mkfifo(dest)
    elif kind == "folder-with-fifo":
        os.makedirs(dest)
        for name, data in snapshots():
            write(os.path.join(dest, os.path.basename(name)), data)
        os.mkfifo(os.path.join(dest, "1799999999.geojson"))
    elif kind == "folder-with-bad-link":
        os.makedirs(dest)
        for name, data in snapshots():
            write(os.path.join(dest, os.path.basename(name)), data)
        os.symlink("a" * 300, os.path.join(dest, "1799999999.geojson"))
    elif kind.startswith("cut:"):
        _, n, src = kind.split(":", 2)
        with open(src, "rb") as f:
            write(dest, f.read(int(n)))
    else:
        print(f"unknown kind {kind}\n{__doc__}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
