#!/usr/bin/python3
"""`frontline serve`: the HTTP API answers what the CLI answers, refuses bad requests with a JSON
4xx, and stops cleanly.

    /usr/bin/python3 tests/golden/server.py --frontline BIN --data tests/data/golden [--work DIR]

1. On the golden fixtures (deepstate series and gazetteer), every API path's body is byte for byte
   the CLI's --json output for the same question (diff: the GeoJSON that `diff -o` writes).
2. The OpenAPI document lists every path; each is called with sample parameters and answers 200.
3. Bad requests (unknown map, path, place, query key, a repeated key, bad times and numbers, an
   oversized query, another method) answer 4xx with {"error": {"code", "message"}}; the server
   still answers afterwards.
4. A strong ETag: If-None-Match gives 304. gzip or zstd when asked (zstd first, a weight of 0
   refuses one), the same body once decompressed (zstd by Debian's zstd program), with an ETag of
   its own and Vary: Accept-Encoding on every representation.
5. 8 clients at once, 25 requests each: every answer equal to the one-client answer.
6. SIGTERM: the process exits 0 within 5 s.

Standard library only. Exit status 0 on success, 1 on a failed check.
"""
import argparse
import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True

FAILURES = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)


def run(frontline, *args):
    p = subprocess.run([frontline, *args], capture_output=True)
    if p.returncode != 0:
        raise SystemExit("setup failed: frontline %s: %s" % (" ".join(args), p.stderr.decode()))
    return p.stdout


def get(base, path, headers=None, method="GET"):
    req = urllib.request.Request(base + path, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def in_parallel(n, fn):
    """Runs fn(0) .. fn(n - 1) on n threads at once and waits for all of them."""
    threads = [threading.Thread(target=fn, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def large_answers(fl, store, work):
    web = os.path.join(work, "web")
    os.makedirs(web, exist_ok=True)
    with open(os.path.join(web, "index.html"), "w") as fh:
        fh.write("<!doctype html><title>t</title>")
    rng = random.Random(7)  # text that compresses, but not to nothing
    big = "".join("const v%d = %d;\n" % (i, rng.randrange(10 ** 9)) for i in range(40000)).encode()
    with open(os.path.join(web, "big.js"), "wb") as fh:
        fh.write(big)
    proc = subprocess.Popen([fl, "serve", "--store", store, "--port", "0", "--web", web],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = proc.stdout.readline().decode().strip().split(" ")[-1]
    try:
        for round_ in ("first", "from memory"):
            status, headers, body = get(base, "/big.js")
            check(status == 200 and body == big and headers.get("Content-Length") == str(len(big)),
                  "a %d-byte file, %s: the bytes and Content-Length (%s)" % (len(big), round_,
                                                                            headers.get("Content-Length")))
        status, headers, body = get(base, "/big.js", headers={"Accept-Encoding": "gzip"})
        check(status == 200 and headers.get("Content-Encoding") == "gzip" and gzip.decompress(body) == big and
              headers.get("Content-Length") == str(len(body)), "the large file gzipped, with its own length")
        status, headers, body = get(base, "/big.js", method="HEAD")
        check(status == 200 and body == b"" and headers.get("Content-Length") == str(len(big)),
              "HEAD of the large file: its length, no body")
        errors = []

        def client():
            for _ in range(10):
                st, _, b = get(base, "/big.js")
                if st != 200 or b != big:
                    errors.append(st)
        in_parallel(6, lambda _k: client())
        check(not errors, "6 clients x 10 requests of the large file: every body whole (%d wrong)" % len(errors))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
    log = proc.stderr.read().decode("utf-8", "replace")
    check(("GET /big.js 200 %d" % len(big)) in log and ("HEAD /big.js 200 %d" % len(big)) in log,
          "the access log gives the large body's length")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--frontline", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="server-", dir=args.work)
    store = os.path.join(work, "store.db")
    fl = args.frontline
    run(fl, "import", "--store", store, os.path.join(args.data, "deepstate"))
    run(fl, "places", "import", "--store", store, os.path.join(args.data, "places"))
    place_id = json.loads(run(fl, "places", "show", "Pokrovsk", "--store", store, "--json"))["id"]

    proc = subprocess.Popen([fl, "serve", "--store", store, "--port", "0", "--threads", "4", "--web", ""],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = proc.stdout.readline().decode().strip()
    check(line.startswith("listening on http://127.0.0.1:"), "serve prints where it listens: %r" % line)
    base = line.split(" ")[-1]
    # A crowd opens connections faster than the server accepts them: the kernel keeps those waiting
    # in the listen queue, and drops the ones beyond it (their SYN is retried after a second).
    port = base.rsplit(":", 1)[-1]
    ss = subprocess.run(["ss", "-ltnH", "sport = :%s" % port], capture_output=True, text=True)
    backlog = int(ss.stdout.split()[2]) if ss.returncode == 0 and len(ss.stdout.split()) > 2 else -1
    with open("/proc/sys/net/core/somaxconn") as fh:
        want = min(1024, int(fh.read()))  # the kernel caps every queue at somaxconn
    check(backlog >= want, "the listen queue holds %d connections or more (ss: %d)" % (want, backlog))
    try:
        # 1. The same documents as the CLI.
        diff_file = os.path.join(work, "diff.geojson")
        run(fl, "diff", "--store", store, "2025-01-10", "2025-02-10", "-o", diff_file)
        with open(diff_file, "rb") as fh:
            diff_body = fh.read()
        same = [
            ("/api/maps/deepstate/versions", ["versions", "--json"]),
            ("/api/maps/deepstate/area?at=2025-01-10", ["area", "--at", "2025-01-10", "--json"]),
            ("/api/maps/deepstate/area?from=2025-01-01&to=2025-03-01&every=month",
             ["area", "--from", "2025-01-01", "--to", "2025-03-01", "--every", "month", "--json"]),
            ("/api/maps/deepstate/gains?by=month&from=2025-01&to=2025-03&tz=Europe/Kyiv",
             ["gains", "--by", "month", "--from", "2025-01", "--to", "2025-03", "--tz", "Europe/Kyiv", "--json"]),
            ("/api/maps/deepstate/status?at=2025-01-10&lon=37.3&lat=47.3",
             ["status", "--at", "2025-01-10", "--lon", "37.3", "--lat", "47.3", "--json"]),
            ("/api/maps/deepstate/line?at=2025-01-20", ["line", "--at", "2025-01-20", "--json"]),
            ("/api/maps/deepstate/line?at=2025-01-20&edge=middle",
             ["line", "--at", "2025-01-20", "--edge", "middle", "--json"]),
            ("/api/maps/deepstate/advance?from=2025-01-10&to=2025-01-20",
             ["advance", "--from", "2025-01-10", "--to", "2025-01-20", "--json"]),
            ("/api/places?q=Krasnoarmiisk", ["places", "show", "Krasnoarmiisk", "--json"]),
            ("/api/places/search?q=Pokr", ["places", "search", "Pokr", "--json"]),
            ("/api/places/search?q=Atlantis", ["places", "search", "Atlantis", "--json"]),
            ("/api/places/%d?at=2025-01-10" % place_id, ["place", str(place_id), "--at", "2025-01-10", "--json"]),
            ("/api/places/%d/timeline" % place_id, ["place", str(place_id), "--timeline", "--json"]),
            ("/api/regions?level=hromada&at=2025-01-10", ["regions", "--level", "hromada", "--at", "2025-01-10",
                                                          "--json"]),
            ("/api/regions?level=oblast&from=2025-01-02&to=2025-03-02",
             ["regions", "--level", "oblast", "--from", "2025-01-02", "--to", "2025-03-02", "--json"]),
        ]
        answers = {}
        for path, cli in same:
            status, headers, body = get(base, path)
            verb = 2 if cli[0] == "places" else 1  # `places show` takes its options after the subcommand
            want = run(fl, *cli[:verb], "--store", store, *cli[verb:])
            check(status == 200 and body == want, "GET %s equals `frontline %s`" % (path, " ".join(cli)))
            answers[path] = body
        line_file = os.path.join(work, "line.geojson")
        run(fl, "line", "--store", store, "--at", "2025-01-20", "-o", line_file)
        with open(line_file, "rb") as fh:
            line_body = fh.read()
        status, headers, body = get(base, "/api/maps/deepstate/line?at=2025-01-20&format=geojson")
        check(status == 200 and body == line_body and headers.get("Content-Type") == "application/geo+json",
              "GET line?format=geojson equals the GeoJSON of `line -o`")
        status, headers, body = get(base, "/api/maps/deepstate/diff?from=2025-01-10&to=2025-02-10")
        check(status == 200 and body == diff_body and headers.get("Content-Type") == "application/geo+json",
              "GET diff equals the GeoJSON of `diff -o`, as application/geo+json")

        # 2. The OpenAPI document and every path in it.
        status, _, body = get(base, "/api/openapi.json")
        doc = json.loads(body)
        check(status == 200 and doc.get("openapi", "").startswith("3."), "openapi.json is an OpenAPI 3 document")
        samples = {"at": "2025-01-10", "from": "2025-01-10", "to": "2025-02-10", "lon": "37.3", "lat": "47.3",
                   "q": "Pokrovsk", "level": "oblast"}
        for path, item in doc["paths"].items():
            if path.startswith("/tiles/"):
                continue  # below
            params = item["get"]["parameters"]
            url = path.replace("{map}", "deepstate").replace("{id}", str(place_id)).replace("{name}",
                                                                                              "oblasts.geojson")
            query = [(p["name"], samples[p["name"]]) for p in params if p["in"] == "query" and p["required"]]
            if path == "/api/maps/{map}/area" or (path == "/api/places/{id}") or path == "/api/regions":
                query.append(("at", "2025-01-10"))
            if query:
                url += "?" + "&".join("%s=%s" % kv for kv in query)
            status, _, body = get(base, url)
            for _ in range(120):  # the base layers are built after the start
                if status != 503:
                    break
                time.sleep(0.25)
                status, _, body = get(base, url)
            check(status == 200, "OpenAPI path %s answers 200 (%s)" % (path, url))
        documented = set(doc["paths"]) - {"/tiles/{map}/{version}/{z}/{x}/{y}.mvt",
                                          "/tiles/{map}/history/{z}/{x}/{y}.mvt"}
        routed = {"/api/maps", "/api/maps/{map}/versions", "/api/maps/{map}/area", "/api/maps/{map}/gains",
                  "/api/maps/{map}/diff", "/api/maps/{map}/status", "/api/maps/{map}/line",
                  "/api/maps/{map}/advance", "/api/places", "/api/places/{id}", "/api/places/{id}/timeline",
                  "/api/regions", "/api/openapi.json", "/site.json", "/base/{name}", "/api/places/search"}
        check(documented == routed, "the document lists exactly the routed paths")

        # Tiles: an exact version time is immutable, "latest" and other times are not.
        status, headers, body = get(base, "/tiles/deepstate/1735711200/5/19/11.mvt")
        check(status == 200 and headers.get("Content-Type") == "application/vnd.mapbox-vector-tile" and
              b"control" in body and "immutable" in headers.get("Cache-Control", ""),
              "a tile of an exact version: MVT, layer control, immutable")
        status, headers, body2 = get(base, "/tiles/deepstate/2025-01-10/5/19/11.mvt")
        check(status == 200 and body2 == body and "immutable" not in headers.get("Cache-Control", ""),
              "a tile as of a time: the same bytes, not immutable")
        status, headers, body = get(base, "/tiles/deepstate/latest/5/19/11.mvt")
        check(status == 200 and "immutable" not in headers.get("Cache-Control", ""), "the latest tile, not immutable")
        status, _, body = get(base, "/tiles/deepstate/latest/0/0/0.mvt")
        check(status == 200, "the whole world at zoom 0")
        for path in ("/tiles/deepstate/latest/19/0/0.mvt", "/tiles/deepstate/latest/3/8/0.mvt",
                     "/tiles/deepstate/latest/3/-1/0.mvt", "/tiles/deepstate/latest/3/a/0.mvt"):
            status, _, body = get(base, path)
            check(status == 400 and json.loads(body)["error"]["code"] == "bad_request", "%s -> 400" % path)
        for path in ("/tiles/nope/latest/0/0/0.mvt", "/tiles/deepstate/2020-01-01/0/0/0.mvt",
                     "/tiles/deepstate/latest/0/0/0.png"):
            status, _, body = get(base, path)
            check(status == 404 and json.loads(body)["error"]["code"] == "not_found", "%s -> 404" % path)

        # History tiles: 503 with Retry-After until built, then MVT with from/to, not immutable.
        for _ in range(240):
            status, headers, body = get(base, "/tiles/deepstate/history/5/19/11.mvt")
            if status != 503:
                break
            check(headers.get("Retry-After") == "5", "503 says when to ask again")
            time.sleep(0.25)
        check(status == 200 and b"control" in body and b"from" in body and b"to" in body and
              "immutable" not in headers.get("Cache-Control", ""), "a history tile: layer control, from and to")
        plain = body
        status, headers, body = get(base, "/tiles/deepstate/history/5/19/11.mvt", headers={"Accept-Encoding": "gzip"})
        check(status == 200 and headers.get("Content-Encoding") == "gzip" and gzip.decompress(body) == plain,
              "a history tile gzipped on request, the same tile")
        status, _, body = get(base, "/site.json")
        site = json.loads(body)
        check(status == 200 and site["mode"] == "api" and site["maps"][0]["history_tiles"] ==
              "tiles/deepstate/history/{z}/{x}/{y}.mvt", "site.json names the history tiles")
        check("bounds" in site["maps"][0], "site.json asked again once the tiles are built has their bounds")
        status, _, body = get(base, "/tiles/deepstate/history/12/0/0.mvt")
        check(status == 404, "history tiles stop at the deepest zoom of site.json")

        # 3. Bad requests.
        bad = [
            ("/api/maps/nope/area?at=2025-01-10", 404, "not_found"),
            ("/api/nothing", 404, "not_found"),
            ("/", 404, "not_found"),
            ("/api/places/999999", 404, "not_found"),
            ("/api/places/abc", 400, "bad_request"),
            ("/api/maps/deepstate/area?at=2025-13-45", 400, "bad_request"),
            ("/api/maps/deepstate/area?at=999999999999", 400, "bad_request"),
            ("/api/maps/deepstate/area?at=2020-01-01", 404, "not_found"),
            ("/api/maps/deepstate/area?at=2025-01-10&at=2025-01-11", 400, "bad_request"),
            ("/api/maps/deepstate/area?at=2025-01-10&bogus=1", 400, "bad_request"),
            ("/api/maps/deepstate/area", 400, "bad_request"),
            ("/api/maps/deepstate/status?at=2025-01-10&lon=east&lat=47", 400, "bad_request"),
            ("/api/maps/deepstate/status?at=2025-01-10&lon=1e999&lat=47", 400, "bad_request"),
            ("/api/maps/deepstate/gains?by=fortnight&from=2025-01&to=2025-03", 400, "bad_request"),
            ("/api/maps/deepstate/gains?by=day&from=1970-01-01&to=2099-12-31", 400, "bad_request"),
            ("/api/maps/deepstate/line?at=2025-01-10&edge=sideways", 400, "bad_request"),
            ("/api/maps/deepstate/area?tz=Mars/Olympus&at=2025-01-10", 400, "bad_request"),
            ("/api/regions?level=planet&at=2025-01-10", 400, "bad_request"),
            ("/api/places?q=Atlantis", 404, "not_found"),
            ("/api/maps/deepstate/area?at=" + "9" * 300, 400, "bad_request"),
            ("/api/maps/deepstate/area?" + "&".join("k%d=1" % i for i in range(40)), 400, "bad_request"),
            ("/api/maps/%ff%fe/area?at=2025-01-10", 404, "not_found"),
        ]
        for path, want_status, want_code in bad:
            status, headers, body = get(base, path)
            try:
                err = json.loads(body)["error"]
                ok = status == want_status and err["code"] == want_code and err["message"]
            except (ValueError, KeyError, TypeError):
                ok = False
            check(ok, "GET %s -> %d %s (got %d %s)" % (path[:80], want_status, want_code, status, body[:100]))
        status, _, body = get(base, "/api/maps", method="DELETE")
        check(status == 405 and json.loads(body)["error"]["code"], "DELETE -> 405 with a JSON error")
        status, _, body = get(base, "/api/maps", headers={"Content-Length": "0"}, method="POST")
        check(400 <= status < 500 and json.loads(body)["error"]["code"], "POST -> 4xx with a JSON error")
        status, _, _ = get(base, "/api/maps")
        check(status == 200, "the server still answers after the bad requests")

        # 4. ETag and gzip.
        status, headers, body = get(base, "/api/maps/deepstate/versions")
        etag = headers.get("ETag", "")
        check(etag.startswith('"') and etag.endswith('"'), "a strong ETag: %s" % etag)
        status, _, body = get(base, "/api/maps/deepstate/versions", headers={"If-None-Match": etag})
        check(status == 304 and body == b"", "If-None-Match with the ETag -> 304, no body")
        status, headers, body = get(base, "/api/maps/deepstate/versions", headers={"Accept-Encoding": "gzip"})
        plain_versions = answers["/api/maps/deepstate/versions"]
        check(status == 200 and headers.get("Content-Encoding") == "gzip" and
              gzip.decompress(body) == plain_versions, "gzip on request, same body")
        gz_etag = headers.get("ETag", "")
        check(gz_etag not in ("", etag) and headers.get("Vary") == "Accept-Encoding",
              "the gzipped body has an ETag of its own (%s, plain %s) and Vary" % (gz_etag, etag))
        status, _, body = get(base, "/api/maps/deepstate/versions",
                              headers={"Accept-Encoding": "gzip", "If-None-Match": 'W/"x", ' + gz_etag})
        check(status == 304 and body == b"", "If-None-Match with a list holding the gzip ETag -> 304")
        status, headers, body = get(base, "/api/maps/deepstate/versions",
                                    headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
        unzstd = subprocess.run(["zstd", "-dc"], input=body, capture_output=True)
        check(status == 200 and headers.get("Content-Encoding") == "zstd" and unzstd.returncode == 0 and
              unzstd.stdout == plain_versions, "zstd before gzip when both are accepted, same body")
        status, headers, body = get(base, "/api/maps/deepstate/versions",
                                    headers={"Accept-Encoding": "zstd;q=0, gzip;q=0.5"})
        check(status == 200 and headers.get("Content-Encoding") == "gzip", "zstd;q=0 refuses zstd")
        status, headers, body = get(base, "/api/maps/deepstate/versions", headers={"Accept-Encoding": "*;q=0"})
        check(status == 200 and "Content-Encoding" not in headers and body == plain_versions and
              headers.get("Vary") == "Accept-Encoding", "*;q=0: the plain body, with Vary")

        # 4b. Large answers are written from the answer kept in memory, not copied into each
        # response (server/http.cpp, send()): the bytes, the length and the access log must not notice.
        large_answers(fl, store, work)

        # 5. A crowd.
        paths = list(answers)
        errors = []

        def client(k):
            for i in range(25):
                path = paths[(k + i) % len(paths)]
                status, _, body = get(base, path)
                if status != 200 or body != answers[path]:
                    errors.append((path, status))
        in_parallel(8, client)
        check(not errors, "8 clients x 25 requests at once: every answer as for one client (%d wrong)" % len(errors))
    finally:
        # 5b. Answers are kept in memory, but an import by another process while the server runs is
        # seen at once: the cache is dropped when the store's files change.
        status, _, before = get(base, "/api/maps")
        status, _, again = get(base, "/api/maps")
        check(again == before and b"second" not in before, "a repeated question, the same answer")
        run(fl, "import", "--store", store, "--map", "second",
            os.path.join(args.data, "deepstate", "1735711200.geojson"))
        status, _, after = get(base, "/api/maps")
        check(status == 200 and b"second" in after, "an import while serving shows at once: %s" % after[:120])

        # 6. SIGTERM.
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = None
        check(rc == 0, "SIGTERM: exit 0 within 5 s (got %s)" % rc)
        log = proc.stderr.read().decode("utf-8", "replace")
        check("GET /api/maps" in log, "one access-log line per request on stderr")
    shutil.rmtree(work, ignore_errors=True)
    print("%d check(s) failed" % len(FAILURES) if FAILURES else "all checks passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
