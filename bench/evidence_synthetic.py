#!/usr/bin/python3
"""Synthetic inputs for bench/evidence.sh, seeded so that every run writes the same file.

  evidence_synthetic.py records N            frontline's evidence CSV: N records along the front
  evidence_synthetic.py claims N SETTLEMENTS frontline's claims CSV: N claims on the settlements
                                             of a `places list --csv` file

Records lie in a band around Donetsk oblast's front (36.5-38.5 E, 47.3-49.0 N), observed on days
from 2024-07-08 to 2026-08-20, each side half the time, each with a source URL of its own (about
650 records per day and side over 28,000 km²: a few dozen pairs fall within the 30 m that merges
them). Claims name the settlements at random (by id),
on days from 2024-08-01 to 2026-07-31, captured by Russia or liberated by Ukraine.
"""
import csv
import random
import sys
from datetime import date, timedelta


def records(n):
    rng = random.Random(20261129)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "observed_at", "lon", "lat", "precision_m", "side", "kind", "sources"])
    start = date(2024, 7, 8)
    span = (date(2026, 8, 20) - start).days
    for i in range(n):
        day = start + timedelta(days=rng.randrange(span))
        lon = 36.5 + 2.0 * rng.random()
        lat = 47.3 + 1.7 * rng.random()
        side = "russian" if rng.random() < 0.5 else "ukrainian"
        out.writerow([f"s{i}", day.isoformat(), f"{lon:.6f}", f"{lat:.6f}", 50, side, "combat_footage",
                      f"https://t.me/synthetic/{i}"])


def claims(n, settlements_csv):
    rng = random.Random(20261130)
    with open(settlements_csv, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    # By id: names repeat (Yurivka and Yuriivka share a key) and a claim must name one place.
    names = [r.get("id") for r in rows if r.get("id")]
    if not names:
        sys.exit(f"no settlements in {settlements_csv}")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["id", "actor", "side", "claimed_at", "place", "oblast", "what", "source_url", "quote"])
    start = date(2024, 8, 1)
    span = (date(2026, 7, 31) - start).days
    for i in range(n):
        russian = rng.random() < 0.7
        out.writerow([f"c{i}", "synthetic", "russian" if russian else "ukrainian",
                      (start + timedelta(days=rng.randrange(span))).isoformat(), rng.choice(names), "Donetsk",
                      "captured" if russian else "liberated", f"https://t.me/synthetic/{i}", "synthetic"])


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "records":
        records(int(sys.argv[2]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "claims":
        claims(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(__doc__)
