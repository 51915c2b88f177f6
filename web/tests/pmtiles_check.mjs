// Checks the PMTiles archives of an exported site: node web/tests/pmtiles_check.mjs DIR
// Every DIR/tiles/*.pmtiles: header (spec v3, MVT, zooms, bounds that meet Ukraine), a few tiles
// read back and decoded, the `control` layer's features carrying status, and in a history
// archive (its metadata names the fields from and to) the versions each piece is drawn in.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PMTiles, TileType, Compression } from 'pmtiles';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

const STATUSES = new Set(['occupied', 'occupied_before_2022', 'occupied_total', 'contested', 'liberated']);

// A Source for the pmtiles library that reads a local file (it asks for byte ranges).
class LocalFileSource {
  constructor(file) { this.file = file; this.fd = fs.openSync(file, 'r'); }
  getKey() { return this.file; }
  async getBytes(offset, length) {
    const buf = Buffer.alloc(length);
    const n = fs.readSync(this.fd, buf, 0, length, offset);
    return { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + n) };
  }
  close() { fs.closeSync(this.fd); }
}

// Node's DecompressionStream would do too; zlib is synchronous and simpler here.
async function decompress(buf, compression) {
  if (compression === Compression.None || compression === Compression.Unknown) return buf;
  if (compression === Compression.Gzip) { const u = gunzipSync(Buffer.from(buf)); return u.buffer.slice(u.byteOffset, u.byteOffset + u.length); }
  throw new Error(`compression ${compression} is not supported by this check`);
}

function lonLatToTile(lon, lat, z) {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

async function checkArchive(file) {
  const failures = [];
  const fail = (m) => failures.push(m);
  const src = new LocalFileSource(file);
  const p = new PMTiles(src, undefined, decompress);
  const h = await p.getHeader();
  if (h.specVersion !== 3) fail(`spec version ${h.specVersion}, not 3`);
  if (h.tileType !== TileType.Mvt) fail(`tile type ${h.tileType}, not MVT`);
  if (!(h.minZoom >= 0 && h.maxZoom >= h.minZoom && h.maxZoom <= 16)) fail(`zooms ${h.minZoom}..${h.maxZoom}`);
  // The bounds must be a box that meets Ukraine (22.1–40.2° E, 44.4–52.4° N). A map of the front
  // only (deepstate-daily) is smaller; one whose data strays far (a polygon drawn elsewhere) is
  // larger: that is reported, with the pieces at the lowest zoom that lie outside, not failed.
  const b = [h.minLon, h.minLat, h.maxLon, h.maxLat];
  const notes = [];
  if (!(b[0] >= -180 && b[2] <= 180 && b[1] >= -85.06 && b[3] <= 85.06 && b[0] < b[2] && b[1] < b[3])) fail(`bounds ${b} are not a box`);
  else if (!(b[0] < 40.2 && b[2] > 22.1 && b[1] < 52.4 && b[3] > 44.4)) fail(`bounds ${b} do not meet Ukraine`);
  const far = !(b[0] >= 15 && b[1] >= 40 && b[2] <= 50 && b[3] <= 58);
  const meta = await p.getMetadata().catch(() => null);
  const vl = (meta && meta.vector_layers) || [];
  const layers = vl.map((l) => l.id);
  if (meta && layers.length && !layers.includes('control')) fail(`metadata names layers ${layers}, not control`);
  const fields = (vl.find((l) => l.id === 'control') || {}).fields || {};
  const history = 'from' in fields || (!layers.length && /-history\.pmtiles$/.test(file));
  if (history && !('to' in fields) && layers.length) fail('metadata names from but not to');

  // Tiles over Donetsk oblast (or the middle of a small map's data) at the lowest, a middle and
  // the highest zoom.
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const points = [[37.8, 48.0], [(clamp(b[0], 22, 41) + clamp(b[2], 22, 41)) / 2, (clamp(b[1], 44, 53) + clamp(b[3], 44, 53)) / 2]];
  let features = 0;
  const zooms = [...new Set([h.minZoom, Math.round((h.minZoom + h.maxZoom) / 2), h.maxZoom])];
  for (const z of zooms) {
    let t = null;
    let zxy = null;
    let xy = null;
    for (const [lon, lat] of points) {
      xy = lonLatToTile(lon, lat, z);
      zxy = `${z}/${xy[0]}/${xy[1]}`;
      t = await p.getZxy(z, xy[0], xy[1]);
      if (t) break;
    }
    // A small map may vanish at the lowest zoom (pieces under a unit of its grid are dropped, and
    // an empty tile is not stored); the middle and highest zooms must hold it.
    if (!t && z === h.minZoom && zooms.length > 1) { notes.push(`note: no tile ${zxy} at the lowest zoom (empty there)`); continue; }
    if (!t) { fail(`no tile ${zxy}`); continue; }
    const tile = new VectorTile(new PbfReader(new Uint8Array(t.data)));
    const layer = tile.layers.control;
    if (!layer) { fail(`tile ${zxy} has no control layer (${Object.keys(tile.layers)})`); continue; }
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      const { status, from, to } = f.properties;
      if (!STATUSES.has(status)) { fail(`${zxy} feature ${i}: status ${status}`); break; }
      if (history && !(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from)) { fail(`${zxy} feature ${i}: from ${from} to ${to}`); break; }
      if (!history && (from !== undefined || to !== undefined)) { fail(`${zxy} feature ${i}: from/to in an archive of one version`); break; }
      if (f.type !== 3) { fail(`${zxy} feature ${i}: geometry type ${f.type}, not polygon`); break; }
      features++;
    }
    if (far && z === h.minZoom) {
      // Which pieces make the bounds so large (lowest zoom: each piece's box in degrees).
      for (let i = 0; i < layer.length; i++) {
        const f = layer.feature(i);
        const coords = [];
        const collect = (c) => (typeof c[0] === 'number' ? coords.push(c) : c.forEach(collect));
        collect(f.toGeoJSON(xy[0], xy[1], z).geometry.coordinates);
        const box = [Infinity, Infinity, -Infinity, -Infinity];
        for (const [lon, lat] of coords) { box[0] = Math.min(box[0], lon); box[1] = Math.min(box[1], lat); box[2] = Math.max(box[2], lon); box[3] = Math.max(box[3], lat); }
        if (box[0] > 41 || box[2] < 22 || box[1] > 53 || box[3] < 44) notes.push(`a ${f.properties.status} piece${history ? ` of versions ${f.properties.from}..${f.properties.to - 1}` : ''} lies at ${box.map((v) => v.toFixed(1)).join(',')}`);
      }
    }
  }
  if (!features) fail('no features read');
  src.close();
  if (far) notes.unshift(`note: bounds ${b.map((v) => v.toFixed(2)).join(',')} reach far beyond Ukraine`);
  return { failures, notes, summary: `${history ? 'history' : 'one version'}, v${h.specVersion}, z${h.minZoom}-${h.maxZoom}, bounds ${b.map((v) => v.toFixed(2)).join(',')}, ${h.numAddressedTiles} tiles, ${features} features checked` };
}

const dir = process.argv[2];
if (!dir) { console.error('usage: pmtiles_check.mjs DIR (an exported site, with DIR/tiles/*.pmtiles)'); process.exit(2); }
const tilesDir = path.join(dir, 'tiles');
const files = fs.existsSync(tilesDir) ? fs.readdirSync(tilesDir).filter((f) => f.endsWith('.pmtiles')).sort() : [];
if (!files.length) { console.error(`no .pmtiles in ${tilesDir}`); process.exit(1); }
let failed = 0;
for (const f of files) {
  try {
    const { failures, notes, summary } = await checkArchive(path.join(tilesDir, f));
    if (failures.length) { failed++; console.log(`FAIL ${f}: ${failures.join('; ')}`); } else console.log(`ok   ${f}: ${summary}`);
    for (const n of notes) console.log(`     ${n}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${f}: ${e.message}`);
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
