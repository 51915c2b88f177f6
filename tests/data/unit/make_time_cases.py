#!/usr/bin/python3
"""Writes time_zone_cases.tsv: calendar periods and calendar steps in IANA time zones, computed
with Python's datetime and zoneinfo (PEP 615; it reads the same /usr/share/zoneinfo files as
frontline but is a separate implementation, and applies the files' POSIX rules after 2037 too).

    /usr/bin/python3 tests/data/unit/make_time_cases.py > tests/data/unit/time_zone_cases.tsv

The rules checked (docs/model.md, "Time"):
  - a period (day, ISO week from Monday, month) in zone Z starts at the first instant whose local
    date in Z is the period's first day. Where a clock change skips local midnight, that is the
    instant of the change. (Found here by bisection on UTC seconds, not by converting a wall time,
    so the rule is checked and not re-implemented.)
  - a step of n days, weeks or months moves the local date by n (a month to the same day, or the
    month's last day when it is shorter) and keeps the local time of day; a wall time that a
    clock change skips becomes the instant of the change (again by bisection), one that occurs
    twice is its first occurrence (fold=0).

Columns:
  period  zone  t  step  n  expected_start  label     # period_start(t, step, n, zone), its name
  step    zone  t  step  n  expected        -         # add_steps(t, step, n, zone)
and a last column with the local wall times, for people.
"""
import calendar
import datetime as dt
import sys
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc
YEAR = 2025
# Kyiv (the DeepState months: EET/EEST, changes at 03:00 and 04:00 local), a zone west of UTC,
# one with a 30-minute daylight saving shift, a southern one, one whose clock changes skip and
# repeat local midnight (Chile: 24:00 -> 01:00 in September, 00:00 -> 23:00 in April), and one
# without changes.
ZONES = ["Europe/Kyiv", "America/New_York", "Australia/Lord_Howe", "America/Sao_Paulo", "America/Santiago",
         "Asia/Kolkata", "UTC"]


def local(t, z):
    return dt.datetime.fromtimestamp(t, z)


def first_instant(pred, lo, hi):
    """Smallest integer t in [lo, hi] with pred(t) true; pred is monotonic on the range."""
    assert not pred(lo) and pred(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid
        else:
            lo = mid
    return hi


def day_start(d, z):
    """The first instant whose local date is d or later."""
    naive = int(dt.datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())
    return first_instant(lambda t: local(t, z).date() >= d, naive - 2 * 86400, naive + 2 * 86400)


def wall_to_instant(wall, z):
    """A naive local wall time -> Unix seconds: first occurrence, or the change that skips it."""
    t = int(wall.replace(tzinfo=z, fold=0).timestamp())
    if local(t, z).replace(tzinfo=None) == wall:
        return t  # exists (fold=0 is the first of two occurrences)
    naive = int(wall.replace(tzinfo=UTC).timestamp())
    return first_instant(lambda s: local(s, z).replace(tzinfo=None) >= wall, naive - 2 * 86400, naive + 2 * 86400)


def floor_date(d, step):
    if step == "day":
        return d
    if step == "week":
        return d - dt.timedelta(days=d.weekday())
    return d.replace(day=1)


def shift_date(d, step, n):
    if step == "day":
        return d + dt.timedelta(days=n)
    if step == "week":
        return d + dt.timedelta(days=7 * n)
    m = d.year * 12 + (d.month - 1) + n
    y, mo = divmod(m, 12)
    mo += 1
    return dt.date(y, mo, min(d.day, calendar.monthrange(y, mo)[1]))


def label(d, step):
    if step == "day":
        return d.isoformat()
    if step == "week":
        iso = d.isocalendar()
        return "%04d-W%02d" % (iso[0], iso[1])
    return "%04d-%02d" % (d.year, d.month)


def changes(z, year):
    """Instants where the zone's UTC offset changes during the year (hourly scan, then bisection)."""
    out = []
    t = int(dt.datetime(year, 1, 1, tzinfo=UTC).timestamp())
    end = int(dt.datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    while t < end:
        nxt = t + 3600
        if local(t, z).utcoffset() != local(nxt, z).utcoffset():
            off = local(t, z).utcoffset()
            out.append(first_instant(lambda s: local(s, z).utcoffset() != off, t, nxt))
        t = nxt
    return out


def fmt_local(t, z):
    return local(t, z).isoformat()


def main():
    w = sys.stdout.write
    w("# Written by make_time_cases.py (Python %s, zoneinfo); do not edit by hand.\n" % sys.version.split()[0])
    w("# kind\tzone\tt\tstep\tn\texpected\tlabel\tlocal times (for people)\n")
    for name in ZONES:
        z = ZoneInfo(name)
        # Days around each clock change of the year, and two ordinary days.
        days = {dt.date(YEAR, 1, 15), dt.date(YEAR, 7, 1)}
        for c in changes(z, YEAR):
            d = local(c, z).date()
            days |= {d - dt.timedelta(days=1), d, d + dt.timedelta(days=1)}
        instants = set()
        for d in sorted(days):
            s = day_start(d, z)
            e = day_start(d + dt.timedelta(days=1), z)
            instants |= {s, s + 1, (s + e) // 2, e - 1}
        for t in sorted(instants):
            d = local(t, z).date()
            for step in ("day", "week", "month"):
                for n in (0, 1, -1):
                    start_date = shift_date(floor_date(d, step), step, n)
                    start = day_start(start_date, z)
                    w("period\t%s\t%d\t%s\t%d\t%d\t%s\t%s -> %s\n" % (name, t, step, n, start, label(start_date, step),
                                                                     fmt_local(t, z), fmt_local(start, z)))
        # Steps keep the local time of day; the skipped and repeated hours show what happens to
        # a wall time that does not exist or exists twice.
        starts = [dt.datetime(YEAR, 1, 31, 0, 0), dt.datetime(YEAR, 1, 31, 12, 0), dt.datetime(2024, 1, 31, 12, 0)]
        for c in changes(z, YEAR):
            before = local(c - 1, z).replace(tzinfo=None)
            after = local(c, z).replace(tzinfo=None)
            # A wall time inside the skipped or repeated hour, a day before the change.
            inside = min(before, after) + (abs(after - before) + dt.timedelta(seconds=1)) / 2
            starts.append((inside - dt.timedelta(days=1)).replace(microsecond=0))
            starts.append((min(before, after) - dt.timedelta(days=1, hours=3)).replace(microsecond=0, second=0))
        for wall in starts:
            t = wall_to_instant(wall, z)
            tw = local(t, z).replace(tzinfo=None)
            for step, ns in (("day", (1, -1, 2)), ("week", (1, -1)), ("month", (1, 2, 3, -1, 13))):
                for n in ns:
                    target = dt.datetime.combine(shift_date(tw.date(), step, n), tw.time())
                    e = wall_to_instant(target, z)
                    w("step\t%s\t%d\t%s\t%d\t%d\t-\t%s -> %s\n" % (name, t, step, n, e, fmt_local(t, z),
                                                                  fmt_local(e, z)))


if __name__ == "__main__":
    main()
