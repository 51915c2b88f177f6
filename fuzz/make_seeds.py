#!/usr/bin/python3
"""Writes the small seed corpus in fuzz/corpus/<target>/ (committed; rerun only to change it).

Archive seeds (fuzz_archive) are tiny tars built by tests/data/golden/hostile_archives.py's
ustar writer: a whole one in each compression (plain, zstd, gzip, xz), and one broken in each
documented way (cut inside a zstd frame, no end-of-archive marker, a pax header cut off from
its entry, a header claiming 8 GiB).

Codec seeds follow src/store/codec.cpp's format: a ring blob is a tag byte (0 raw, 1 zstd)
then varint point count and zig-zag varint deltas of grid coordinates (1e-7 degree); a layer
blob is a varint polygon count, then per polygon a varint ring count and zig-zag varint deltas
of ring ids. The zstd seed needs the zstd command-line tool.
"""
import gzip
import lzma
import os
import subprocess
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "data", "golden"))
import hostile_archives as H  # noqa: E402


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def zz(v):
    return (v << 1) ^ (v >> 63) if v >= 0 else ((v << 1) ^ -1) & 0xFFFFFFFFFFFFFFFF


def ring_raw(points):
    body = varint(len(points))
    lon = lat = 0
    for x, y in points:
        body += varint(zz(x - lon)) + varint(zz(y - lat))
        lon, lat = x, y
    return body


def layer(polygons):
    out = varint(len(polygons))
    prev = 0
    for p in polygons:
        out += varint(len(p))
        for rid in p:
            out += varint(zz(rid - prev))
            prev = rid
    return out


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def main():
    sq = [(370000000, 470000000), (375000000, 470000000), (375000000, 475000000), (370000000, 475000000),
          (370000000, 470000000)]
    write("fuzz_codec", "ring_square", b"\x00" + ring_raw(sq))
    big = [(370000000 + i * 1000, 470000000 + (i * i) % 5000) for i in range(60)] + [(370000000, 470000000)]
    raw = ring_raw(big)
    try:
        z = subprocess.run(["zstd", "-q", "-9", "-c"], input=raw, capture_output=True, check=True).stdout
        write("fuzz_codec", "ring_zstd", b"\x01" + z)
    except (OSError, subprocess.CalledProcessError):
        print("zstd not found: no zstd seed", file=sys.stderr)
    write("fuzz_codec", "layer_two_polygons", layer([[1, 2], [5]]))
    write("fuzz_codec", "layer_empty", layer([]))

    write("fuzz_time", "date", "2025-06-01")
    write("fuzz_time", "datetime_z", "2025-06-01T12:00:00Z")
    write("fuzz_time", "offset", "2025-06-01T12:00+03:00")
    write("fuzz_time", "fraction_offset", "2024-02-29 23:59:60.25-0130")
    write("fuzz_time", "unix", "1735689600")
    write("fuzz_time", "month", "2025-11")

    label = "Окуповано /// Occupied /// geoJSON.status.occupied"
    write("fuzz_snapshot_reader", "polygon.geojson",
          '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"%s","fill":"#a52714"},'
          '"geometry":{"type":"Polygon","coordinates":[[[37,47],[37.5,47],[37.5,47.5],[37,47.5],[37,47]],'
          '[[37.1,47.1],[37.1,47.2],[37.2,47.2],[37.1,47.1]]]}}]}' % label)
    write("fuzz_snapshot_reader", "multipolygon.geojson",
          '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
          '"geometry":{"type":"MultiPolygon","coordinates":[[[[30,50],[30.5,50],[30.5,50.5],[30,50]]],'
          '[[[31,50],[31.2,50],[31.2,50.2],[31,50]]]]}}]}')
    write("fuzz_snapshot_reader", "collection.geojson",
          '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"ОРДЛО","fill":"#880e4f"},'
          '"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[38,48]},'
          '{"type":"LineString","coordinates":[[38,48],[39,48]]},'
          '{"type":"Polygon","coordinates":[[[38,48],[39,48],[39,49],[38,48]]]}]}},'
          '{"type":"Feature","properties":{"name":"x /// Transnistria"},"geometry":null}]}')
    write("fuzz_snapshot_reader", "points.geojson",
          '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
          '"geometry":{"type":"Point","coordinates":[37.3,47.3]}}]}')
    write("fuzz_snapshot_reader", "truncated.geojson", '{"type":"FeatureCollection","features":[{"type":"Fea')

    archive_seeds()
    evidence_seeds()


def evidence_seeds():
    """Evidence files of each format fuzz_evidence's readers take (docs/evidence.md)."""
    write("fuzz_evidence", "frontline.csv",
          "id,observed_at,time_precision,lon,lat,precision_m,side,kind,sources,geolocation,unit,text\n"
          "a,2025-01-05,day,37.25,47.25,50,russian,position,https://t.me/x/1 https://x.com/y/status/2,,,\"a \"\"quoted\"\"\n"
          "text\"\n"
          "b,2025-W02,,37.3,47.3,,ua,,https://t.me/x/3,,,\n")
    write("fuzz_evidence", "owl.csv",
          "date,side,lat,lon,description,source_urls,source_file,index\n"
          "2025-11-04,ru,48.394638,37.88435,\"text (mapped here https://x.com/a/status/1)\n"
          "https://x.com/a/status/2\",https://x.com/a/status/1) https://x.com/a/status/2,data/20251104.json,15\n")
    write("fuzz_evidence", "warspotting.csv",
          "id,type,model,status,lost_by,date,nearest_location,geolocation,unit,oryx_url,Latitude,Longitude\n"
          "2,Tanks,T-64BV,Destroyed,Russia,2022-03-16,\"Mariupol\",\"47.09,37.52\",,https://i.example/a.png,47.09,37.52\n"
          "3,Tanks,T-72,Destroyed,Russia,2022-03-16,,,,https://i.example/b.png,,\n")
    write("fuzz_evidence", "cir.csv",
          "entry,date,event_group,title,brief description,lat,lon,country,province,district,town/city,"
          "arms/munition,violence level,link,geolocation\n"
          "UW0067,2022-01-01,g,t,d,54.06,27.21,Belarus,,,,,1,https://t.me/a/1,https://t.me/b/2\n")
    write("fuzz_evidence", "evidence.geojson",
          '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point",'
          '"coordinates":[37.55,47.3]},"properties":{"id":"g1","observed_at":"2025-01-16","side":"russian",'
          '"sources":["https://t.me/a/1"]}},{"type":"Feature","geometry":{"type":"Polygon","coordinates":'
          '[[[37.74,47.2],[37.76,47.2],[37.76,47.22],[37.74,47.2]]]},"properties":{"observed_at":"2025-01-16",'
          '"side":"ru","sources":"https://t.me/a/2"}}]}')
    write("fuzz_evidence", "bellingcat.json",
          '[{"id":"CIV0001","date":"02/24/2022","latitude":"49.85","longitude":"36.65","description":"d",'
          '"sources":["s1"]}]\x1e{"s1":{"paths":["https://t.me/a/1"],"id":"s1"}}')
    write("fuzz_evidence", "geoconfirmed.kml",
          '<?xml version="1.0" encoding="utf-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
          '<Folder><name>B. Last 7 days</name><Placemark><name>28 SEP 2025</name><description><![CDATA[text\n'
          'Source(s):\nhttps://t.me/a/1\nGeolocation(s):\nhttps://x.com/g/status/1]]></description>'
          '<styleUrl>#api/icons/E00000/False/template/61.png</styleUrl><Point><coordinates>37.24,48.34,0'
          '</coordinates></Point></Placemark></Folder></Document></kml>')
    write("fuzz_evidence", "claims.csv",
          "id,actor,side,claimed_at,place,what,source_url,quote\n"
          "c1,MoD,russian,2025-12-01,Pokrovsk,captured,https://t.me/a/1,\"the city is \"\"ours\"\"\"\n"
          "c2,GS,ua,2025-12-02,Lyman,advanced 3.5 km,https://t.me/b/2,\n")
    write("fuzz_evidence", "claims.json",
          '[{"id":"p1","actor":"MoD","side":"ru","claimed_at":"2025-01-16","what":"captured","place":"hill",'
          '"polygon":{"type":"Polygon","coordinates":[[[37.55,47.1],[37.65,47.1],[37.65,47.2],[37.55,47.1]]]}}]')
    write("fuzz_evidence", "wikipedia.csv",
          "snapshot_date,name,held_by,as_of,more_information,lat,lon,population\n"
          "2024-07-21,Andriivka,Contested,11 Jun 2024,Claimed by a \u00a0Russian source on 10 June 2024.,47.17,33.04,1\n"
          "2022-04-02,Dymer,Russia,,Control claimed by Ukraine on 1 April,50.78,30.31,5817\n")
    write("fuzz_evidence", "entity_bomb.kml",
          '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
          '<kml><Document><Placemark><name>&b;</name></Placemark></Document></kml>')


def archive_seeds():
    snap = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            b'"geometry":{"type":"Polygon","coordinates":[[[37,47],[37.5,47],[37.5,47.5],[37,47]]]}}]}')
    body = (H.header("d/", H.octal_field(0, 12), b"5") + H.entry("d/1735689600.geojson", snap)
            + H.entry("d/README", b"skipped") + H.entry("d/1735776000.json", b"[]"))
    tar = body + H.MARKER
    write("fuzz_archive", "whole.tar", tar)
    write("fuzz_archive", "whole.tar.gz", gzip.compress(tar, mtime=0))
    write("fuzz_archive", "whole.tar.xz", lzma.compress(tar))
    try:
        z = H.zstd(tar, "-19")
        write("fuzz_archive", "whole.tar.zst", z)
        write("fuzz_archive", "cut_mid_frame.tar.zst", z[:len(z) // 2])
        write("fuzz_archive", "two_frames.tar.zst", H.zstd(body[:1536]) + H.zstd(body[1536:] + H.MARKER))
    except (OSError, subprocess.CalledProcessError):
        print("zstd not found: no zstd archive seeds", file=sys.stderr)
    write("fuzz_archive", "no_end_marker.tar", body)
    pax = H.header("PaxHeader/x", H.octal_field(29, 12), b"x") + b"29 path=d/1735862400.geojson\n".ljust(512, b"\0")
    write("fuzz_archive", "pax_cut_off.tar", body + pax)
    write("fuzz_archive", "claims_8gib.tar",
          H.header("d/1735689600.geojson", H.octal_field(8 << 30, 12)) + snap[:100])


if __name__ == "__main__":
    main()
