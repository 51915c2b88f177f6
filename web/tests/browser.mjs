// Browser tests of the web map: Debian's Chromium, headless, driven by playwright-core.
//
//   node web/tests/browser.mjs --frontline BIN --store STORE [--web web/dist] [--out DIR]
//   node web/tests/browser.mjs --static DIR [--out DIR]      an exported site, on a file server of this script's own
//   node web/tests/browser.mjs --url URL [--out DIR]         a server that is already running
//   --strict-timing   the step and first-load limits fail the run (otherwise they are reported only)
//
// Prints one line per check, `slider_step_ms=... first_load_ms=...`, and `N passed, N failed`;
// exits 1 if any check failed, 2 on bad usage.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');

function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const k = argv[i].slice(2);
    a[k] = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : true;
  }
  return a;
}

const args = parseArgs(process.argv.slice(2));
const bin = args.frontline || process.env.FRONTLINE_BIN;
const store = args.store || process.env.FRONTLINE_STORE;
const staticDir = args.static;
const outDir = path.resolve(args.out || path.join(webDir, 'test-output'));
const chromePath = args.chromium || process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_LIMIT_MS = Number(args['step-limit'] || 100);
const LOAD_LIMIT_MS = Number(args['load-limit'] || 2000);
// The timing limits depend on the machine and what else runs on it: by default they are
// reported, and only --strict-timing (the benchmark) makes them fail.
const STRICT_TIMING = !!args['strict-timing'];
const CHECK_TIMEOUT_MS = Number(args['check-timeout'] || 180000);
// Software WebGL (SwiftShader) pays per pixel on every frame: the figures depend on the size.
const [VW, VH] = String(args.viewport || '1024x700').split('x').map(Number);

if (!args.url && !staticDir && !(bin && store)) {
  console.error('usage: browser.mjs --frontline BIN --store STORE [--web DIR] [--out DIR] | --static DIR | --url URL [--strict-timing]');
  process.exit(2);
}
if (!fs.existsSync(chromePath)) {
  console.error(`no Chromium at ${chromePath} (apt-get install chromium, or --chromium PATH)`);
  process.exit(2);
}
fs.mkdirSync(outDir, { recursive: true });

// ---- the server under test ----------------------------------------------------------------

function startServer(cmd, argv, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGTERM'); reject(new Error(`${cmd} printed no address within 30 s:\n${out}`)); }, 30000);
    const onData = (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1].replace(/\/$/, '') + '/' }); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${cmd} exited with ${code} before listening:\n${out}`)); });
  });
}

// An exported site on a plain file server, as a static host would serve it: byte ranges (the
// PMTiles archives are read by range), gzip for the text files, nothing else.
const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.geojson': 'application/geo+json', '.pmtiles': 'application/vnd.pmtiles', '.png': 'image/png', '.svg': 'image/svg+xml',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.geojson', '.svg']);
function serveStatic(root) {
  const gz = new Map();
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(root, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return; }
    const ext = path.extname(file);
    const stat = fs.statSync(file);
    const headers = { 'Content-Type': MIME[ext] || 'application/octet-stream', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache', ETag: `"${stat.size}-${stat.mtimeMs}"` };
    const range = req.headers.range && req.headers.range.match(/^bytes=(\d*)-(\d*)$/);
    if (range) {
      let start = range[1] === '' ? Math.max(0, stat.size - Number(range[2])) : Number(range[1]);
      let end = range[1] === '' || range[2] === '' ? stat.size - 1 : Math.min(Number(range[2]), stat.size - 1);
      if (start > end || start >= stat.size) { res.writeHead(416, { 'Content-Range': `bytes */${stat.size}` }).end(); return; }
      const buf = Buffer.alloc(end - start + 1);
      const fd = fs.openSync(file, 'r');
      fs.readSync(fd, buf, 0, buf.length, start);
      fs.closeSync(fd);
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${stat.size}`, 'Content-Length': buf.length });
      res.end(req.method === 'HEAD' ? undefined : buf);
      return;
    }
    let body = fs.readFileSync(file);
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      const key = `${file}:${headers.ETag}`;
      if (!gz.has(key)) gz.set(key, gzipSync(body, { level: 6 }));
      body = gz.get(key);
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    res.writeHead(200, { ...headers, 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  srv.keepAliveTimeout = 5000;
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${srv.address().port}/`, close: () => srv.close(), child: null })));
}

let server = null;
let base = args.url ? String(args.url).replace(/\/?$/, '/') : null;
if (!base && staticDir) {
  if (!fs.existsSync(path.join(staticDir, 'site.json'))) { console.error(`${staticDir} has no site.json`); process.exit(2); }
  server = await serveStatic(path.resolve(staticDir));
  base = server.url;
} else if (!base) {
  const web = path.resolve(args.web || path.join(webDir, 'dist'));
  if (!fs.existsSync(path.join(web, 'index.html'))) { console.error(`${web}/index.html is missing: run npm run build in web/ first`); process.exit(2); }
  server = await startServer(bin, ['serve', '--store', store, '--port', '0', '--web', web], /listening on (http:\/\/\S+)/);
  base = server.url;
}
const stopServer = () => { if (!server) return; if (server.child) server.child.kill('SIGTERM'); else server.close(); };

// The server builds the history tiles after it starts and answers 503 until then; the page
// would wait too, but the browser reports each 503 on the console.
async function waitForTiles() {
  const site = await (await fetch(base + 'site.json')).json();
  for (const m of site.maps) {
    if (m.history_tiles.startsWith('pmtiles://')) continue;
    const url = new URL(m.history_tiles.replace('{z}', '0').replace('{x}', '0').replace('{y}', '0'), base).href;
    const t0 = Date.now();
    while ((await fetch(url, { method: 'HEAD' })).status === 503) {
      if (Date.now() - t0 > 300000) throw new Error(`${url} still 503 after 300 s`);
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`history tiles of ${m.name} ready after ${Date.now() - t0} ms`);
  }
}
await waitForTiles();

// ---- checks -------------------------------------------------------------------------------

const results = [];
async function check(name, fn) {
  const t0 = Date.now();
  let timer;
  try {
    // A check that hangs (a page that never draws, a browser that stops answering) fails after
    // CHECK_TIMEOUT_MS instead of holding the run.
    const detail = await Promise.race([fn(), new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS); })]);
    results.push({ name, ok: true });
    console.log(`ok   ${name}${detail ? ': ' + detail : ''} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e.message}`);
  } finally {
    clearTimeout(timer);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const browser = await chromium.launch({
  executablePath: chromePath,
  headless: true,
  timeout: 60000,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
});

const consoleErrors = [];
async function openPage(hash = '', { lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport: { width: VW, height: VH }, locale: lang === 'uk' ? 'uk-UA' : 'en-GB' });
  context.setDefaultTimeout(60000);
  await context.addInitScript((l) => { try { localStorage.setItem('frontline.lang', l); } catch { /* opaque origin */ } }, lang);
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(`${hash || '/'}: ${msg.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`${hash || '/'}: ${e.message}`));
  page.on('crash', () => consoleErrors.push(`${hash || '/'}: the page crashed`));
  // MapLibre cancels the requests of tiles that left the view, and the page those of answers it
  // no longer wants (a search or a line overtaken by the next): ERR_ABORTED is not a failure.
  page.on('requestfailed', (r) => { if (!/ERR_ABORTED/.test(r.failure()?.errorText || '')) consoleErrors.push(`${hash || '/'}: request failed ${r.url()} ${r.failure()?.errorText}`); });
  await page.goto(base + hash, { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => window.__frontline && (window.__frontline.ready || /rror/.test(document.getElementById('date').textContent)), null, { timeout: 120000 });
  const err = await page.evaluate(() => (window.__frontline.ready ? null : document.getElementById('date').textContent));
  if (err) throw new Error(`page did not load: ${err}`);
  return { page, context };
}
const st = (page) => page.evaluate(() => {
  const s = window.__frontline;
  return { loadMs: s.loadMs, lastStepMs: s.lastStepMs, steps: s.stepTimes.length, versionIndex: s.versionIndex, versionTime: s.versionTime, mode: s.mode, mapName: s.mapName };
});
const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());
const shot = (page, name) => page.screenshot({ path: path.join(outDir, name), timeout: 30000 }).catch((e) => console.log(`  (no screenshot ${name}: ${e.message.split('\n')[0]})`));
const mapIdle = (page) => page.evaluate(() => new Promise((r) => { const m = window.__frontline.map; if (m.loaded() && !m.isMoving()) r(); else m.once('idle', r); }));

let slider = null;
let firstLoad = null;
let coldLoad = null;
let mode = null;
let main = null;
// What the store holds decides where the checks look: the shown map's versions, its bounds and
// a place of it (any store: the real one or the test fixture).
let facts = null;
try {
  await check('first load draws the map', async () => {
    // The first visit warms the server; the measured one is a fresh browser with an empty cache.
    const cold = await openPage();
    coldLoad = (await st(cold.page)).loadMs;
    await cold.context.close();
    main = await openPage();
    const s = await st(main.page);
    mode = s.mode;
    firstLoad = s.loadMs;
    const canvas = await main.page.$eval('canvas.maplibregl-canvas', (c) => [c.width, c.height]);
    assert(canvas[0] > 100 && canvas[1] > 100, `no map canvas (${canvas})`);
    facts = await main.page.evaluate(async () => {
      const s = window.__frontline;
      const site = await (await fetch('site.json')).json();
      const info = site.maps.find((m) => m.name === s.mapName);
      const slider = document.getElementById('slider');
      const m = s.map;
      return { bounds: info.bounds || null, versions: Number(slider.max) + 1, dates: s.versionDates(), view: { center: m.getCenter().toArray(), zoom: m.getZoom() } };
    });
    // The default view shows the whole country; a small store's map may be off its centre.
    let drawn = await main.page.evaluate(() => window.__frontline.renderedStatuses());
    if (!drawn.length && facts.bounds) {
      const [w, so, e, n] = facts.bounds;
      await main.page.evaluate((b) => window.__frontline.map.fitBounds(b, { duration: 0 }), [[w, so], [e, n]]);
      await mapIdle(main.page);
      drawn = await main.page.evaluate(() => window.__frontline.renderedStatuses());
    }
    assert(drawn.length > 0, 'no status is drawn on the map');
    await shot(main.page, 'load.png');
    return `${mode} mode, ${s.mapName} version ${s.versionIndex + 1} of ${facts.versions}, drawn: ${drawn.join(', ')}; cold ${coldLoad} ms, fresh browser ${firstLoad} ms`;
  });
  if (!main) throw new Error('the page does not load; the other checks need it');
  const { page } = main;

  await check('the legend lists exactly the statuses drawn', async () => {
    const info = await page.evaluate(() => {
      const s = window.__frontline;
      const legend = [...document.querySelectorAll('#legend li[data-status]')].map((li) => ({ status: li.dataset.status, color: getComputedStyle(li.querySelector('.swatch')).backgroundColor }));
      return { legend, layers: s.controlLayers(), drawn: s.renderedStatuses() };
    });
    const legend = info.legend.map((l) => l.status).sort();
    const layers = info.layers.filter((l) => l.visible).map((l) => l.status);
    for (const d of info.drawn) assert(legend.includes(d), `${d} is drawn but not in the legend (${legend})`);
    for (const l of legend) assert(layers.includes(l), `the legend lists ${l} but no layer draws it (${layers})`);
    const hex = (rgb) => '#' + rgb.match(/\d+/g).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('');
    for (const l of info.legend) {
      const layer = info.layers.find((x) => x.status === l.status);
      assert(layer && hex(l.color) === layer.color.toLowerCase(), `legend colour of ${l.status} ${hex(l.color)} is not the layer's ${layer && layer.color}`);
    }
    return legend.join(', ');
  });

  await check('the slider changes the date and the areas (keyboard)', async () => {
    const before = { date: await text(page, '#date'), areas: await text(page, '#areas'), s: await st(page) };
    await page.focus('#slider');
    await page.keyboard.press('Home');
    await page.waitForFunction(() => window.__frontline.versionIndex === 0);
    const first = { date: await text(page, '#date'), areas: await text(page, '#areas') };
    assert(first.date !== before.date, `the date did not change (${first.date})`);
    assert(first.areas !== before.areas, 'the areas did not change');
    await page.keyboard.press('End');
    await page.waitForFunction(() => window.__frontline.versionIndex === Number(document.getElementById('slider').max));
    assert((await text(page, '#date')) === before.date, 'End did not return to the latest version');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((n) => window.__frontline.versionIndex === n - 1, before.s.versionIndex);
    return `${before.date} → ${first.date} → ${await text(page, '#date')}`;
  });

  const limitNote = (ok, limit) => (ok ? `within ${limit} ms` : STRICT_TIMING ? `over ${limit} ms` : `over ${limit} ms, reported only (--strict-timing fails it)`);
  await check(`a slider step shows the new version within ${STEP_LIMIT_MS} ms${STRICT_TIMING ? '' : ' (reported)'}`, async () => {
    await page.focus('#slider');
    await mapIdle(page);
    // Each step is timed from the input event to the map's next idle (all tiles laid out and drawn).
    const times = [];
    for (let k = 0; k < 12; k++) {
      const n = (await st(page)).steps;
      await page.keyboard.press(k % 2 ? 'ArrowRight' : 'ArrowLeft');
      await page.waitForFunction((m) => window.__frontline.stepTimes.length > m, n, { timeout: 10000 });
      times.push((await st(page)).lastStepMs);
    }
    const sorted = [...times].sort((a, b) => a - b);
    slider = sorted[Math.floor(sorted.length / 2)];
    await shot(page, 'step.png');
    const ok = slider <= STEP_LIMIT_MS;
    assert(ok || !STRICT_TIMING, `median step ${slider} ms > ${STEP_LIMIT_MS} ms (${times.join(', ')})`);
    return `median ${slider} ms, max ${sorted[sorted.length - 1]} ms (${times.join(', ')}); ${limitNote(ok, STEP_LIMIT_MS)}`;
  });

  await check(`first load within ${LOAD_LIMIT_MS} ms${STRICT_TIMING ? '' : ' (reported)'}`, async () => {
    assert(firstLoad !== null, 'no first load was measured');
    const ok = firstLoad <= LOAD_LIMIT_MS;
    assert(ok || !STRICT_TIMING, `first load took ${firstLoad} ms > ${LOAD_LIMIT_MS} ms`);
    return `${firstLoad} ms; ${limitNote(ok, LOAD_LIMIT_MS)}`;
  });

  if (mode === 'api') {
    await check('the line of contact follows the shown version', async () => {
      // After a step the line of the new version replaces the old one once the slider settles.
      await page.focus('#slider');
      await page.keyboard.press('Home');
      await page.waitForFunction(() => window.__frontline.versionIndex === 0);
      await page.waitForFunction(() => window.__frontline.lineVersionTime === window.__frontline.versionTime, null, { timeout: 20000 });
      await page.keyboard.press('End');
      await page.waitForFunction(() => window.__frontline.lineVersionTime === window.__frontline.versionTime && window.__frontline.versionIndex > 0, null, { timeout: 20000 });
      await mapIdle(page);
      const n = await page.evaluate(() => window.__frontline.lineFeatures());
      assert(n > 0, 'the line is not drawn');
      const legend = await page.$$eval('#legend li[data-kind="line"]', (l) => l.length);
      assert(legend === 1, 'the legend does not list the line');
      await page.click('#line-toggle');
      const off = await page.evaluate(() => window.__frontline.lineFeatures());
      assert(off === 0, 'the line stays after it is switched off');
      await page.click('#line-toggle');
      await page.waitForFunction(() => window.__frontline.lineFeatures() > 0, null, { timeout: 20000 });
      return `${n} line features at ${await page.evaluate(() => window.__frontline.lineVersionTime)}`;
    });
  }

  await check('place search finds Pokrovsk as you type and shows its status', async () => {
    await page.fill('#search-input', '');
    await page.type('#search-input', 'Pokrov', { delay: 30 });
    const btn = await page.waitForSelector('#search-results button.result:has-text("Pokrovsk")', { timeout: 15000 });
    await btn.click();
    await page.waitForFunction(() => /:/.test(document.getElementById('place-status')?.textContent || ''), null, { timeout: 20000 });
    const status = await text(page, '#place-status');
    let extra = '';
    if (mode === 'api') {
      await page.waitForSelector('#place-capture', { timeout: 20000 });
      extra = '; ' + await text(page, '#place-capture');
    }
    // An old name, spelt as the Russian one was transliterated: the nearest spellings find it.
    await page.fill('#search-input', 'Krasnoarmeysk');
    await page.press('#search-input', 'Enter');
    await page.waitForSelector('#search-results button.result:has-text("Pokrovsk")', { timeout: 15000 });
    extra += '; Krasnoarmeysk finds Pokrovsk';
    await mapIdle(page);
    await shot(page, 'place.png');
    return status + extra;
  });

  await check('diff mode highlights an area', async () => {
    // From the first version to the last: the store's whole history, whatever its dates.
    const first = await page.$eval('#diff-from', (e) => e.min);
    const last = await page.$eval('#diff-to', (e) => e.max);
    // The map's data in view: its bounds (site.json), or else the first view (the country).
    if (facts.bounds) {
      const [w, so, e, n] = facts.bounds;
      await page.evaluate((b) => window.__frontline.map.fitBounds(b, { duration: 0, maxZoom: 9 }), [[Math.max(w, 22), Math.max(so, 44)], [Math.min(e, 41), Math.min(n, 53)]]);
    } else {
      await page.evaluate((v) => window.__frontline.map.jumpTo(v), facts.view);
    }
    await page.fill('#diff-from', first);
    await page.fill('#diff-to', last);
    await page.click('#diff-show');
    await page.waitForSelector('#diff-table', { timeout: 30000 });
    await mapIdle(page);
    const layers = mode === 'api' ? ['diff-gained', 'diff-lost'] : ['diff-a', 'diff-b'];
    // The diff's GeoJSON is indexed in a worker after the table shows: wait for it to be drawn.
    const drawnDiff = (ls) => window.__frontline.map.queryRenderedFeatures({ layers: ls }).length;
    await page.waitForFunction(drawnDiff, layers, { timeout: 20000 }).catch(() => {});
    const n = await page.evaluate(drawnDiff, layers);
    if (!n) {
      const why = await page.evaluate((ls) => {
        const m = window.__frontline.map;
        return JSON.stringify({ visibility: ls.map((id) => m.getLayoutProperty(id, 'visibility')), loaded: m.loaded(), zoom: m.getZoom().toFixed(2), center: m.getCenter(), bounds: m.getBounds().toArray() });
      }, layers);
      throw new Error(`nothing is drawn in ${layers}: ${why}`);
    }
    const legend = await page.$$eval('#legend li', (l) => l.map((x) => x.dataset.status));
    assert(legend.includes('gained') && legend.includes('lost'), `the legend does not explain the diff (${legend})`);
    let summary = (await page.$$eval('#diff-table tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' ')))).join('; ');
    if (mode === 'api') {
      const gained = await text(page, '#diff-table tr.diff-gained td');
      const lost = await text(page, '#diff-table tr.diff-lost td');
      assert(/[1-9]/.test(gained + lost), `no gained or lost area (${gained}, ${lost})`);
    }
    await shot(page, 'diff.png');
    await page.click('#diff-clear');
    summary = summary.replace(/\s+/g, ' ');
    return `${first} → ${last}: ${n} features; ${summary}`;
  });

  await check('a shared URL restores the view', async () => {
    const s = await st(page);
    // A version in the middle, named by its day (the day's last version is the one shown).
    const date = facts.dates[Math.floor((facts.dates.length - 1) / 2)];
    // The middle of the map's data within Ukraine's box.
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    const b = facts.bounds ? [clamp(facts.bounds[0], 22, 41), clamp(facts.bounds[1], 44, 53), clamp(facts.bounds[2], 22, 41), clamp(facts.bounds[3], 44, 53)] : null;
    const [lon, lat] = b ? [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2] : [37.18, 48.28];
    const hash = `#${s.mapName}/${date}/8.50/${lat.toFixed(4)}/${lon.toFixed(4)}`;
    const want = hash.split('/');
    const p2 = await openPage(hash);
    const r = await p2.page.evaluate(() => {
      const m = window.__frontline.map;
      return { ...window.__frontline, map: undefined, zoom: m.getZoom(), center: m.getCenter(), hash: location.hash };
    });
    assert(Math.abs(r.zoom - 8.5) < 0.01, `zoom ${r.zoom}`);
    assert(Math.abs(r.center.lat - Number(want[3])) < 0.001 && Math.abs(r.center.lng - Number(want[4])) < 0.001, `centre ${JSON.stringify(r.center)}, not ${want[3]}, ${want[4]}`);
    assert(r.versionTime.slice(0, 10) === date.slice(0, 10), `version ${r.versionTime} is not of ${date}`);
    await p2.page.waitForFunction((h) => location.hash === h, hash, { timeout: 5000 }).catch(() => {});
    const after = await p2.page.evaluate(() => location.hash);
    await shot(p2.page, 'shared-url.png');
    await p2.context.close();
    return `${hash} → version ${r.versionTime}, hash now ${after}`;
  });

  const maps = await page.$$eval('#map-select option', (o) => o.map((x) => x.value));
  if (maps.length > 1) {
    await check('another map of the store loads and draws', async () => {
      const s = await st(page);
      const other = maps.find((m) => m !== s.mapName);
      await page.selectOption('#map-select', other);
      await page.waitForFunction((m) => window.__frontline.mapName === m && window.__frontline.versionTime, other, { timeout: 60000 });
      await mapIdle(page);
      const b = await page.evaluate(async (m) => ((await (await fetch('site.json')).json()).maps.find((x) => x.name === m) || {}).bounds, other);
      if (b) await page.evaluate((bb) => window.__frontline.map.fitBounds([[Math.max(bb[0], 22), Math.max(bb[1], 44)], [Math.min(bb[2], 41), Math.min(bb[3], 53)]], { duration: 0 }), b);
      await page.waitForFunction(() => window.__frontline.renderedStatuses().length > 0, null, { timeout: 30000 });
      const drawn = await page.evaluate(() => window.__frontline.renderedStatuses());
      const r = await st(page);
      await page.selectOption('#map-select', s.mapName);
      await page.waitForFunction((m) => window.__frontline.mapName === m, s.mapName, { timeout: 60000 });
      await mapIdle(page);
      return `${other}: version ${r.versionTime}, drawn: ${drawn.join(', ')}`;
    });
  }

  await check('language and palette toggles', async () => {
    await page.click('#lang-toggle');
    const uk = await page.evaluate(() => [document.documentElement.lang, document.getElementById('time-h').textContent]);
    assert(uk[0] === 'uk' && uk[1] === 'Час', `Ukrainian interface not shown (${uk})`);
    await page.click('#lang-toggle');
    const before = await page.evaluate(() => window.__frontline.controlLayers().map((l) => l.color).join());
    await page.click('#palette-toggle');
    const after = await page.evaluate(() => window.__frontline.controlLayers().map((l) => l.color).join());
    assert(before !== after, 'the palette did not change the layers');
    await mapIdle(page);
    await shot(page, 'palette-safe.png');
    await page.click('#palette-toggle');
    return `${uk[1]}; ${after}`;
  });

  await check('no console errors', async () => {
    assert(consoleErrors.length === 0, consoleErrors.slice(0, 5).join('\n'));
  });
} finally {
  await browser.close().catch(() => {});
  stopServer();
}

const failed = results.filter((r) => !r.ok).length;
console.log(`slider_step_ms=${slider ?? 'NA'} first_load_ms=${firstLoad ?? 'NA'} viewport=${VW}x${VH} strict_timing=${STRICT_TIMING ? 1 : 0}`);
console.log(`screenshots in ${outDir}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
