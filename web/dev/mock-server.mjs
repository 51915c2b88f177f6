// Development stand-in for `frontline serve --web web/dist` until the server serves site.json,
// base/ and history tiles itself. It forwards /api and the per-version /tiles to a running
// frontline server, builds history tiles by merging that server's per-version tiles (cached on
// disk: each costs one request per version), and can export a static site with PMTiles.
//
//   node dev/mock-server.mjs --upstream http://127.0.0.1:PORT [--port 8090] [--precompute]
//   node dev/mock-server.mjs --upstream http://127.0.0.1:PORT --export DIR
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { mergeVersions } from './mvt.mjs';
import { writePmtiles } from './pmtiles-write.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
  return acc;
}, []));
const upstream = args.upstream;
if (!upstream) { console.error('--upstream URL of a running frontline server is required'); process.exit(2); }
const dist = path.resolve(args.dist || path.join(here, '../dist'));
const cacheDir = path.resolve(args.cache || '/tmp/frontline-web-mock-cache');
const MAXZOOM = Number(args.maxzoom || 5);
// Tiles outside these bounds are not built: DeepState draws Ukraine and a strip of Russia.
const BOUNDS = [22, 44, 41, 53];

async function getJson(p) {
  const r = await fetch(upstream + p);
  if (!r.ok) throw new Error(`${p}: ${r.status}`);
  return r.json();
}

const mapsList = (await getJson('/api/maps')).maps;
const versions = {};
for (const m of mapsList) versions[m] = await getJson(`/api/maps/${m}/versions`);

function site(mode) {
  return {
    mode,
    default_map: mapsList.includes('deepstate') ? 'deepstate' : mapsList[0],
    maps: mapsList.map((name) => ({
      name,
      versions: versions[name].length,
      history_tiles: mode === 'api' ? `tiles/${name}/history/{z}/{x}/{y}.mvt` : `pmtiles://tiles/${name}-history.pmtiles`,
      history_maxzoom: MAXZOOM,
      history_bounds: BOUNDS,
    })),
    base: { oblasts: 'base/oblasts.geojson', hromadas: 'base/hromadas.geojson', neighbours: 'base/neighbours.geojson', settlements: 'base/settlements.geojson' },
  };
}

// Douglas-Peucker on every ring: the bundled boundaries are metre-precise, far more than a
// country-wide map draws, and large GeoJSON sources slow every history reload in MapLibre.
function simplifyRing(ring, tol) {
  if (ring.length <= 4) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  // A closed ring starts and ends at one point: split it in two so each half has a chord.
  const mid = ring.length >> 1;
  keep[mid] = 1;
  const stack = [[0, mid], [mid, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = ring[a];
    const [bx, by] = ring[b];
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.hypot(dx, dy) || 1e-12;
    let max = -1;
    let idx = -1;
    for (let i = a + 1; i < b; i++) {
      const d = Math.abs(dy * ring[i][0] - dx * ring[i][1] + bx * ay - by * ax) / len;
      if (d > max) { max = d; idx = i; }
    }
    if (max > tol) { keep[idx] = 1; stack.push([a, idx], [idx, b]); }
  }
  const out = ring.filter((_, i) => keep[i]).map(([x, y]) => [Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5]);
  return out.length >= 4 ? out : null;
}
function simplify(fc, tol) {
  for (const f of fc.features) {
    const g = f.geometry;
    const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
    if (!polys) continue;
    const out = polys.map((p) => p.map((r) => simplifyRing(r, tol)).filter(Boolean)).filter((p) => p.length);
    f.geometry = { type: 'MultiPolygon', coordinates: out };
  }
  return fc;
}

const readGz = (p) => zlib.gunzipSync(fs.readFileSync(path.join(repo, 'data', p))).toString('utf8');
const base = {};
async function baseFile(name) {
  if (base[name]) return base[name];
  let fc;
  if (name === 'oblasts') {
    const regions = await getJson('/api/regions?level=oblast&at=2025-01-01');
    const en = new Map(regions.map((r) => [r.name, r.name_en]));
    fc = JSON.parse(readGz('ukraine-oblasts.geojson.gz'));
    for (const f of fc.features) f.properties = { name: f.properties.ADMIN_1, name_en: en.get(f.properties.ADMIN_1) || f.properties.ADMIN_1 };
  } else if (name === 'neighbours') {
    fc = JSON.parse(readGz('neighbours-land.geojson.gz'));
  } else if (name === 'settlements') {
    const rows = JSON.parse(readGz('places/ua-settlements-csc.json.gz'));
    fc = { type: 'FeatureCollection', features: rows.map((r) => ({
      type: 'Feature',
      properties: { name: r.native || r.name, name_en: r.name, population: r.population || 0 },
      geometry: { type: 'Point', coordinates: [Number(r.longitude), Number(r.latitude)] },
    })) };
  } else {
    fc = { type: 'FeatureCollection', features: [] }; // the mock has no hromada boundaries
  }
  base[name] = JSON.stringify(name === 'oblasts' || name === 'neighbours' ? simplify(fc, Number(args.simplify || 0.003)) : fc);
  return base[name];
}

function tileRange(z) {
  const n = 2 ** z;
  const x = (lon) => Math.floor(((lon + 180) / 360) * n);
  const y = (lat) => Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * n);
  return { x0: x(BOUNDS[0]), x1: x(BOUNDS[2]), y0: y(BOUNDS[3]), y1: y(BOUNDS[1]) };
}

const building = new Map();
const tileMem = new Map();
async function historyTile(map, z, x, y) {
  const file = path.join(cacheDir, map, String(z), String(x), `${y}.mvt`);
  if (tileMem.has(file)) return tileMem.get(file);
  if (fs.existsSync(file)) { tileMem.set(file, fs.readFileSync(file)); return tileMem.get(file); }
  const r = tileRange(z);
  if (z > MAXZOOM || x < r.x0 || x > r.x1 || y < r.y0 || y > r.y1) return null;
  const key = file;
  if (!building.has(key)) {
    building.set(key, (async () => {
      const t0 = Date.now();
      const list = versions[map];
      const tiles = new Array(list.length);
      let next = 0;
      const worker = async () => {
        while (next < list.length) {
          const i = next++;
          const resp = await fetch(`${upstream}/tiles/${map}/${encodeURIComponent(list[i].version_time)}/${z}/${x}/${y}.mvt`);
          tiles[i] = resp.ok ? new Uint8Array(await resp.arrayBuffer()) : null;
        }
      };
      await Promise.all([worker(), worker()]);
      const merged = mergeVersions(tiles);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, merged);
      console.error(`built ${map} ${z}/${x}/${y}: ${merged.length} bytes in ${Date.now() - t0} ms`);
      return Buffer.from(merged);
    })().finally(() => building.delete(key)));
  }
  return building.get(key);
}

async function allTiles(map, fn) {
  for (let z = 0; z <= MAXZOOM; z++) {
    const r = tileRange(z);
    for (let x = r.x0; x <= r.x1; x++) for (let y = r.y0; y <= r.y1; y++) await fn(z, x, y, await historyTile(map, z, x, y));
  }
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

const gzipped = new WeakMap();
const gzCache = new Map();
function send(res, status, body, type, gzip) {
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-cache' };
  if (gzip && body.length > 1024) {
    // Base files and tiles are sent again and again: compress each once.
    const key = typeof body === 'string' ? body : null;
    let z = key ? gzCache.get(key) : gzipped.get(body);
    if (!z) { z = zlib.gzipSync(body, { level: 6 }); if (key) gzCache.set(key, z); else if (typeof body === 'object') gzipped.set(body, z); }
    body = z;
    headers['Content-Encoding'] = 'gzip';
  }
  res.writeHead(status, headers);
  res.end(body);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const p = decodeURIComponent(url.pathname);
  const gz = /gzip/.test(req.headers['accept-encoding'] || '');
  let m;
  if (p === '/site.json') return send(res, 200, JSON.stringify(site('api')), 'application/json', gz);
  if ((m = p.match(/^\/base\/(\w+)\.geojson$/))) return send(res, 200, await baseFile(m[1]), 'application/geo+json', gz);
  if ((m = p.match(/^\/tiles\/([\w-]+)\/history\/(\d+)\/(\d+)\/(\d+)\.mvt$/))) {
    const t = versions[m[1]] ? await historyTile(m[1], +m[2], +m[3], +m[4]) : null;
    if (!t) { res.writeHead(204); return res.end(); }
    return send(res, 200, t, 'application/vnd.mapbox-vector-tile', gz);
  }
  if (p.startsWith('/api/') || p.startsWith('/tiles/')) {
    const r = await fetch(upstream + req.url, { headers: { 'accept-encoding': 'identity' } });
    return send(res, r.status, Buffer.from(await r.arrayBuffer()), r.headers.get('content-type') || 'application/octet-stream', gz);
  }
  const file = path.join(dist, p.endsWith('/') ? p + 'index.html' : p);
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return send(res, 404, 'not found', 'text/plain');
  return send(res, 200, fs.readFileSync(file), types[path.extname(file)] || 'application/octet-stream', gz);
}

async function exportSite(dir) {
  fs.mkdirSync(path.join(dir, 'tiles'), { recursive: true });
  fs.cpSync(dist, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'site.json'), JSON.stringify(site('static'), null, 1));
  fs.mkdirSync(path.join(dir, 'base'), { recursive: true });
  for (const b of ['oblasts', 'hromadas', 'neighbours', 'settlements']) fs.writeFileSync(path.join(dir, 'base', `${b}.geojson`), await baseFile(b));
  const settlements = JSON.parse(await baseFile('settlements')).features;
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'data', 'places.json'), JSON.stringify(settlements.map((f, i) => ({
    id: i + 1, name: f.properties.name, name_en: f.properties.name_en, kind: 'settlement', oblast: null,
    lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1],
  }))));
  for (const map of mapsList) {
    const list = versions[map];
    const d = path.join(dir, 'data', map);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, 'versions.json'), JSON.stringify(list));
    const from = list[0].version_time.slice(0, 10);
    const to = list[list.length - 1].version_time;
    fs.writeFileSync(path.join(d, 'gains-month.json'), JSON.stringify(await getJson(`/api/maps/${map}/gains?by=month&tz=Europe/Kyiv&from=${from}&to=${encodeURIComponent(to)}`)));
    fs.writeFileSync(path.join(d, 'regions-oblast.json'), JSON.stringify(await getJson(`/api/regions?level=oblast&map=${map}&at=${encodeURIComponent(to)}`)));
    const tiles = [];
    await allTiles(map, async (z, x, y, data) => { if (data) tiles.push({ z, x, y, data }); });
    fs.writeFileSync(path.join(dir, 'tiles', `${map}-history.pmtiles`), writePmtiles(tiles, {
      bounds: BOUNDS, center: [37.5, 48.5, 5],
      metadata: { vector_layers: [{ id: 'control', fields: { status: 'String', from: 'Number', to: 'Number' }, minzoom: 0, maxzoom: MAXZOOM }] },
    }));
  }
  console.error(`exported to ${dir}`);
}

if (args.export) {
  await exportSite(path.resolve(args.export));
} else if (args.precompute) {
  for (const map of mapsList) await allTiles(map, async () => {});
} else {
  const server = http.createServer((req, res) => handle(req, res).catch((e) => send(res, 500, String(e.stack || e), 'text/plain')));
  server.listen(Number(args.port || 0), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
}
