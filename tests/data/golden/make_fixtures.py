#!/usr/bin/python3
"""Writes the golden-test fixtures from the shapes in expected_areas.py.

    /usr/bin/python3 tests/data/golden/make_fixtures.py

The generated files are committed; rerun this only when changing the shapes (and then review
every golden case that uses them). The bad inputs are written here too, so that each one is
broken in exactly one documented way.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import expected_areas as E  # noqa: E402


def feature(kind, label, fill, geom):
    props = {"name": label}
    if fill:
        props["fill"] = fill
    if kind == "polygon":
        g = {"type": "Polygon", "coordinates": [[list(p) for p in r] for r in geom]}
    elif kind == "point":
        g = {"type": "Point", "coordinates": list(geom)}
    elif kind == "line":
        g = {"type": "LineString", "coordinates": [list(p) for p in geom]}
    else:
        raise ValueError(kind)
    return {"type": "Feature", "properties": props, "geometry": g}


def collection(features):
    return {"type": "FeatureCollection", "features": features}


def dump(obj):
    # One feature per line: small, diffable, and byte offsets in it are easy to reason about.
    if obj.get("type") == "FeatureCollection" and obj["features"]:
        lines = [json.dumps(f, ensure_ascii=False) for f in obj["features"]]
        return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"
    return json.dumps(obj, ensure_ascii=False) + "\n"


def write(rel, text):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def snapshot(spec):
    return collection([feature(*f) for f in spec])


def polygon_feature(props, ring):
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}}


def places():
    """A gazetteer in the shared data's file formats (tests/golden/README.md)."""
    write("places/ukraine-oblasts.geojson", dump(collection([
        polygon_feature({"ADMIN_1": "Донецька область"}, E.OBLAST_A),
        polygon_feature({"ADMIN_1": "Запорізька область"}, E.OBLAST_B)])))
    write("places/ukraine-hromadas.geojson", dump(collection([
        polygon_feature({"name": n, "ADMIN_1": o, "ADMIN_2": r, "TYPE": "міська територіальна громада"}, ring)
        for n, r, o, ring in E.HROMADAS])))
    write("places/osm-settlement-boundaries.geojson", dump(collection([
        polygon_feature({"@id": "relation/1", "name": "Покровськ", "name:uk": "Покровськ", "name:en": "Pokrovsk",
                         "name:ru": "Покровск", "old_name": "Красноармійськ", "place": "town",
                         "population": "60000", "wikidata": "Q1000446"}, E.PLACE_PK),
        polygon_feature({"@id": "relation/2", "name": "Лиман", "name:uk": "Лиман", "place": "town",
                         "population": "20000"}, E.PLACE_LY)])))
    write("places/ua-settlements-csc.json", json.dumps([
        {"name": "Sivers’k", "native": "Сіверськ", "type": "city", "latitude": "%.8f" % E.SIVERSK_POINT[1],
         "longitude": "%.8f" % E.SIVERSK_POINT[0], "population": E.SIVERSK_POPULATION, "wikiDataId": "Q1940853",
         "translations": {"uk": "Сіверськ", "ru": "Сиверск"}},
        {"name": "Pokrovsk", "native": "Покровськ", "type": "adm2", "latitude": "47.20000000",
         "longitude": "37.20000000", "population": 61000, "wikiDataId": "Q1000446",
         "translations": {"uk": "Покровськ", "ru": "Покровск"}}], ensure_ascii=False, indent=1) + "\n")
    write("places-user/centre.geojson", dump(collection([
        polygon_feature({"name": "Pokrovsk centre", "name_uk": "Центр Покровська"}, E.USER_CENTRE)])))
    write("places-user/unnamed.geojson", dump(collection([polygon_feature({"title": "no name"}, E.USER_CENTRE)])))


def main():
    for t, spec in E.DEEPSTATE.items():
        write(f"deepstate/{t}.geojson", dump(snapshot(spec)))
    write(f"extra/{E.T_EXTRA}.geojson", dump(snapshot(E.EXTRA)))
    write(f"border/{E.T_BORDER}.geojson", dump(snapshot(E.BORDER)))
    places()

    for date, mp in E.DAILY.items():
        fc = collection([{"type": "Feature", "properties": {"name": "occupied area"},
                          "geometry": {"type": "MultiPolygon",
                                       "coordinates": [[[list(p) for p in r] for r in poly] for poly in mp]}}])
        write(f"daily/deepstatemap_data_{date}.geojson", dump(fc))

    ref = collection([
        {"type": "Feature", "properties": {"name": "west"},
         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in E.REF_A]]}},
        {"type": "Feature", "properties": {"name": "east"},
         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in E.REF_B]]}},
    ])
    write("boundary/two-squares.geojson", dump(ref))

    # Bad inputs: each a readable time in its name (except no-timestamp, date-name, far-future) and
    # one defect.
    good = dump(snapshot(E.V1))
    # Truncated: the first TRUNCATE bytes of a good snapshot (cut inside feature 2's "fill" key).
    write("bad/truncated/1741046400.geojson", good.encode("utf-8")[:TRUNCATE].decode("utf-8"))
    oor = [feature(*f) for f in E.V1[:2]]
    oor[1]["geometry"]["coordinates"][0][2] = [37.25, 91.5]  # latitude > 90 in feature 2
    write("bad/out-of-range/1741132800.geojson", dump(collection(oor)))
    pts = [feature("point", "Напрямок атаки /// Direction of attack", "", E.POINT),
           feature("point", "Напрямок атаки /// Direction of attack", "", (37.4, 47.4))]
    write("bad/points-only/1741219200.geojson", dump(collection(pts)))
    # Malformed in the middle: a missing comma between two positions of feature 1.
    write("bad/malformed/1741478400.geojson", MALFORMED)
    write("bad/empty/1741305600.geojson", '{"type": "FeatureCollection", "features": []}\n')
    write("bad/no-timestamp/snapshot-latest.geojson", good)
    # Good content under names that are no DeepState version id: eight digits are a date
    # (read only with --time-from-name), and 9999999999 s is in the year 2286.
    write("bad/date-name/20250102.geojson", good)
    write("bad/far-future/9999999999.geojson", good)
    # Nothing with a status: a label and colour no rule knows, and another country's territory.
    unclassified = [feature(*E._poly("Occupied", "#123456", E.rect(37.0, 47.0, 37.6, 47.4))),
                    feature(*E._poly(E.LABEL_FOREIGN, E.FILL["foreign"], E.FOREIGN))]
    write("bad/unclassified-only/1741564800.geojson", dump(collection(unclassified)))
    # Occupied, but all four points on one parallel: made valid, nothing is left.
    flat = [feature(*E._poly("Окуповано /// Occupied /// geoJSON.status.occupied", "#a52714",
                             [(37.0, 47.0), (37.5, 47.0), (37.6, 47.0), (37.2, 47.0), (37.0, 47.0)]))]
    write("bad/collapsed/1741651200.geojson", dump(collection(flat)))

    # Invalid geometry, imported with --status occupied --time: a hole outside its shell (valid
    # after repair), and two inputs whose repair or cut would cost too much (refused).
    hole = collection([{"type": "Feature", "properties": {},
                        "geometry": {"type": "Polygon",
                                     "coordinates": [[list(p) for p in E.HOLE_SHELL], [list(p) for p in E.HOLE_OUTSIDE]]}}])
    write("invalid/hole-outside.geojson", dump(hole))
    square = [list(p) for p in E.HOLE_SHELL]
    tangle = collection([
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [square]}},
        {"type": "Feature", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in E.tangle()]]}}])
    write("invalid/tangle.geojson", dump(tangle))
    # 150 teeth (feature 1) and 151 (feature 2, more vertices: taken first, so feature 1 is the
    # one cut): 4 x 150 x 151 = 90,600 crossings.
    combs = collection([
        {"type": "Feature", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in E.comb(150, False)]]}},
        {"type": "Feature", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in E.comb(151, True)]]}}])
    write("invalid/combs.geojson", dump(combs))
    # DeepState's grey zone of 2023-02-02 (version 1675299936, feature 55) as drawn: its triangle
    # in the Arabian Sea (E.FAR_TRIANGLE) beside the square of HOLE_SHELL. The triangle lies wholly
    # outside the theatre (src/geo/theatre.hpp) and is not stored.
    far = collection([{"type": "Feature",
                       "properties": {"name": "Статус невідомий /// Unknown status", "fill": "#bcaaa4"},
                       "geometry": {"type": "GeometryCollection", "geometries": [
                           {"type": "Polygon", "coordinates": [[list(p) for p in E.FAR_TRIANGLE]]},
                           {"type": "Polygon", "coordinates": [square]}]}}])
    write("invalid/far-away.geojson", dump(far))


# A comma missing between [37.1, 47.1] and [37.0, 47.0]. A JSON parser that counts bytes from 1
# fails at the "[" after the space: byte MALFORMED.index("] [37.0") + 3.
MALFORMED = ('{"type": "FeatureCollection", "features": [\n'
             '{"type": "Feature", "properties": {"name": "Окуповано /// Occupied /// geoJSON.status.occupied"}, '
             '"geometry": {"type": "Polygon", "coordinates": '
             '[[[37.0, 47.0], [37.1, 47.0], [37.1, 47.1] [37.0, 47.0]]]}}\n]}\n')

# Cut point of the truncated file, in bytes.
TRUNCATE = 400

if __name__ == "__main__":
    main()
