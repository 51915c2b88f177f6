// Checks the PMTiles archives of an exported site: node web/tests/pmtiles_check.mjs DIR
// Every DIR/tiles/*.pmtiles: header (spec v3, MVT, zooms, bounds around Ukraine), a few tiles
// read back and decoded, the `control` layer's features carrying status, from and to.
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
  // Ukraine spans about 22.1–40.2° E and 44.4–52.4° N; DeepState also draws a strip of Russia.
  const b = [h.minLon, h.minLat, h.maxLon, h.maxLat];
  if (!(b[0] >= 15 && b[0] <= 22.2 && b[1] >= 40 && b[1] <= 44.4 && b[2] >= 40 && b[2] <= 50 && b[3] >= 52.3 && b[3] <= 58)) fail(`bounds ${b} are not around Ukraine`);
  const meta = await p.getMetadata().catch(() => null);
  const layers = (meta && meta.vector_layers || []).map((l) => l.id);
  if (meta && layers.length && !layers.includes('control')) fail(`metadata names layers ${layers}, not control`);

  // Tiles over Donetsk oblast (always drawn) at the lowest, a middle and the highest zoom.
  let features = 0;
  const zooms = [...new Set([h.minZoom, Math.round((h.minZoom + h.maxZoom) / 2), h.maxZoom])];
  for (const z of zooms) {
    const [x, y] = lonLatToTile(37.8, 48.0, z);
    const t = await p.getZxy(z, x, y);
    if (!t) { fail(`no tile ${z}/${x}/${y}`); continue; }
    const tile = new VectorTile(new PbfReader(new Uint8Array(t.data)));
    const layer = tile.layers.control;
    if (!layer) { fail(`tile ${z}/${x}/${y} has no control layer (${Object.keys(tile.layers)})`); continue; }
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      const { status, from, to } = f.properties;
      if (!STATUSES.has(status)) { fail(`${z}/${x}/${y} feature ${i}: status ${status}`); break; }
      if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && to > from)) { fail(`${z}/${x}/${y} feature ${i}: from ${from} to ${to}`); break; }
      if (f.type !== 3) { fail(`${z}/${x}/${y} feature ${i}: geometry type ${f.type}, not polygon`); break; }
      features++;
    }
  }
  if (!features) fail('no features read');
  src.close();
  return { failures, summary: `v${h.specVersion}, z${h.minZoom}-${h.maxZoom}, bounds ${b.map((v) => v.toFixed(2)).join(',')}, ${h.numAddressedTiles} tiles, ${features} features checked` };
}

const dir = process.argv[2];
if (!dir) { console.error('usage: pmtiles_check.mjs DIR (an exported site, with DIR/tiles/*.pmtiles)'); process.exit(2); }
const tilesDir = path.join(dir, 'tiles');
const files = fs.existsSync(tilesDir) ? fs.readdirSync(tilesDir).filter((f) => f.endsWith('.pmtiles')).sort() : [];
if (!files.length) { console.error(`no .pmtiles in ${tilesDir}`); process.exit(1); }
let failed = 0;
for (const f of files) {
  try {
    const { failures, summary } = await checkArchive(path.join(tilesDir, f));
    if (failures.length) { failed++; console.log(`FAIL ${f}: ${failures.join('; ')}`); } else console.log(`ok   ${f}: ${summary}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${f}: ${e.message}`);
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
