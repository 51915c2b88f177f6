// A minimal Mapbox Vector Tile reader and writer, enough for the development mock to merge
// per-version tiles into one time-enabled tile. Geometry is kept as the encoded command array:
// two versions draw the same piece exactly when their arrays are equal, so no decoding is needed.
import { PbfReader, PbfWriter } from 'pbf';

function readValue(pbf) {
  const end = pbf.readVarint() + pbf.pos;
  let value = null;
  while (pbf.pos < end) {
    const tag = pbf.readVarint() >> 3;
    if (tag === 1) value = pbf.readString();
    else if (tag === 2) value = pbf.readFloat();
    else if (tag === 3) value = pbf.readDouble();
    else if (tag === 4) value = pbf.readVarint(true);
    else if (tag === 5) value = pbf.readVarint();
    else if (tag === 6) value = pbf.readSVarint();
    else if (tag === 7) value = pbf.readBoolean();
    else value = null;
  }
  return value;
}

function readFeature(pbf, end) {
  const f = { tags: [], type: 0, geometry: [] };
  while (pbf.pos < end) {
    const val = pbf.readVarint();
    const tag = val >> 3;
    pbf.type = val & 7; // the packed readers look at the wire type of the field being read
    if (tag === 2) pbf.readPackedVarint(f.tags);
    else if (tag === 3) f.type = pbf.readVarint();
    else if (tag === 4) pbf.readPackedVarint(f.geometry);
    else pbf.skip(val);
  }
  return f;
}

/** Returns the layers of a tile: [{name, extent, features: [{type, geometry, properties}]}]. */
export function readTile(buf) {
  const pbf = new PbfReader(buf);
  const layers = [];
  while (pbf.pos < pbf.length) {
    const val = pbf.readVarint();
    if (val >> 3 !== 3) { pbf.skip(val); continue; }
    const end = pbf.readVarint() + pbf.pos;
    const layer = { name: '', extent: 4096, keys: [], values: [], raw: [] };
    while (pbf.pos < end) {
      const v = pbf.readVarint();
      const tag = v >> 3;
      if (tag === 1) layer.name = pbf.readString();
      else if (tag === 2) layer.raw.push(readFeature(pbf, pbf.readVarint() + pbf.pos));
      else if (tag === 3) layer.keys.push(pbf.readString());
      else if (tag === 4) layer.values.push(readValue(pbf));
      else if (tag === 5) layer.extent = pbf.readVarint();
      else pbf.skip(v);
    }
    layer.features = layer.raw.map((f) => {
      const properties = {};
      for (let i = 0; i + 1 < f.tags.length; i += 2) properties[layer.keys[f.tags[i]]] = layer.values[f.tags[i + 1]];
      return { type: f.type, geometry: f.geometry, properties };
    });
    delete layer.raw;
    layers.push(layer);
  }
  return layers;
}

/** Writes one layer whose features carry integer or string properties. */
export function writeTile(name, extent, features) {
  const keys = [];
  const values = [];
  const keyIndex = new Map();
  const valueIndex = new Map();
  const encoded = features.map((f) => {
    const tags = [];
    for (const [k, v] of Object.entries(f.properties)) {
      if (!keyIndex.has(k)) { keyIndex.set(k, keys.length); keys.push(k); }
      const vk = typeof v + ':' + v;
      if (!valueIndex.has(vk)) { valueIndex.set(vk, values.length); values.push(v); }
      tags.push(keyIndex.get(k), valueIndex.get(vk));
    }
    return { tags, type: f.type, geometry: f.geometry };
  });
  const pbf = new PbfWriter();
  pbf.writeMessage(3, (_, p) => {
    p.writeVarintField(15, 2);
    p.writeStringField(1, name);
    for (const f of encoded) {
      p.writeMessage(2, (ff, q) => {
        q.writePackedVarint(2, ff.tags);
        q.writeVarintField(3, ff.type);
        q.writePackedVarint(4, ff.geometry);
      }, f);
    }
    for (const k of keys) p.writeStringField(3, k);
    for (const v of values) {
      p.writeMessage(4, (vv, q) => {
        if (typeof vv === 'string') q.writeStringField(1, vv);
        else if (Number.isInteger(vv) && vv >= 0) q.writeVarintField(5, vv);
        else if (Number.isInteger(vv)) q.writeSVarintField(6, vv);
        else q.writeDoubleField(3, vv);
      }, v);
    }
    p.writeVarintField(5, extent);
  }, null);
  return pbf.finish();
}

/**
 * Merges the tiles of consecutive versions (index order) into features valid for
 * [from, to): a piece drawn unchanged in versions 3..9 becomes one feature with from 3, to 10.
 */
export function mergeVersions(tiles) {
  const open = new Map();
  const out = [];
  let extent = 4096;
  tiles.forEach((buf, i) => {
    const seen = new Set();
    const layer = buf ? readTile(buf).find((l) => l.name === 'control') : null;
    if (layer) extent = layer.extent;
    for (const f of layer ? layer.features : []) {
      const key = f.properties.status + '|' + f.type + '|' + f.geometry.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      if (!open.has(key)) open.set(key, { from: i, f });
    }
    for (const [key, run] of open) {
      if (!seen.has(key)) {
        out.push({ ...run.f, properties: { status: run.f.properties.status, from: run.from, to: i } });
        open.delete(key);
      }
    }
  });
  for (const run of open.values()) out.push({ ...run.f, properties: { status: run.f.properties.status, from: run.from, to: tiles.length } });
  return writeTile('control', extent, out);
}
