// Browser tests of the web map: Debian's Chromium, headless, driven by playwright-core.
//
//   node web/tests/browser.mjs --frontline BIN --store STORE [--web web/dist] [--out DIR]
//   node web/tests/browser.mjs --static DIR [--out DIR]      an exported site, served by python3 -m http.server
//   node web/tests/browser.mjs --url URL [--out DIR]         a server that is already running
//
// Prints one line per check, `slider_step_ms=... first_load_ms=...`, and `N passed, N failed`;
// exits 1 if any check failed, 2 on bad usage.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
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
// Software WebGL (SwiftShader) pays per pixel on every frame: the figures depend on the size.
const [VW, VH] = String(args.viewport || '1024x700').split('x').map(Number);

if (!args.url && !staticDir && !(bin && store)) {
  console.error('usage: browser.mjs --frontline BIN --store STORE [--web DIR] [--out DIR] | --static DIR | --url URL');
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

let server = null;
let base = args.url ? String(args.url).replace(/\/?$/, '/') : null;
if (!base && staticDir) {
  if (!fs.existsSync(path.join(staticDir, 'site.json'))) { console.error(`${staticDir} has no site.json`); process.exit(2); }
  server = await startServer('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', path.resolve(staticDir)], /Serving HTTP on \S+ port (\d+)/)
    .then((s) => ({ ...s, url: `http://127.0.0.1:${s.url.replace(/\/$/, '')}/` }));
  base = server.url;
} else if (!base) {
  const web = path.resolve(args.web || path.join(webDir, 'dist'));
  if (!fs.existsSync(path.join(web, 'index.html'))) { console.error(`${web}/index.html is missing: run npm run build in web/ first`); process.exit(2); }
  server = await startServer(bin, ['serve', '--store', store, '--port', '0', '--web', web], /listening on (http:\/\/\S+)/);
  base = server.url;
}

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
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}${detail ? ': ' + detail : ''} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e.message}`);
  }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const browser = await chromium.launch({
  executablePath: chromePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
});

const consoleErrors = [];
async function openPage(hash = '', { lang = 'en' } = {}) {
  const context = await browser.newContext({ viewport: { width: VW, height: VH }, locale: lang === 'uk' ? 'uk-UA' : 'en-GB' });
  await context.addInitScript((l) => { try { localStorage.setItem('frontline.lang', l); } catch { /* opaque origin */ } }, lang);
  const page = await context.newPage();
  page.on('console', (msg) => { if (msg.type() === 'error') consoleErrors.push(`${hash || '/'}: ${msg.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`${hash || '/'}: ${e.message}`));
  page.on('crash', () => consoleErrors.push(`${hash || '/'}: the page crashed`));
  // MapLibre cancels the requests of tiles that left the view: ERR_ABORTED is not a failure.
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
const shot = (page, name) => page.screenshot({ path: path.join(outDir, name) });

let slider = null;
let firstLoad = null;
let coldLoad = null;
let mode = null;
let main = null;
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
    const drawn = await main.page.evaluate(() => window.__frontline.renderedStatuses());
    assert(drawn.length > 0, 'no status is drawn on the map');
    await shot(main.page, 'load.png');
    return `${mode} mode, ${s.mapName} version ${s.versionIndex + 1}, drawn: ${drawn.join(', ')}; cold ${coldLoad} ms, fresh browser ${firstLoad} ms`;
  });
  if (!main) throw new Error('the page does not load; the other checks need it');
  const { page } = main;

  await check('the legend lists exactly the statuses drawn', async () => {
    const info = await page.evaluate(() => {
      const s = window.__frontline;
      const legend = [...document.querySelectorAll('#legend li')].map((li) => ({ status: li.dataset.status, color: getComputedStyle(li.querySelector('.swatch')).backgroundColor }));
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

  await check(`a slider step shows the new version within ${STEP_LIMIT_MS} ms`, async () => {
    await page.evaluate(() => new Promise((r) => (window.__frontline.map.loaded() ? r() : window.__frontline.map.once('idle', r))));
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
    assert(slider <= STEP_LIMIT_MS, `median step ${slider} ms > ${STEP_LIMIT_MS} ms (${times.join(', ')})`);
    return `median ${slider} ms, max ${sorted[sorted.length - 1]} ms (${times.join(', ')})`;
  });

  await check(`first load within ${LOAD_LIMIT_MS} ms`, async () => {
    assert(firstLoad !== null && firstLoad <= LOAD_LIMIT_MS, `first load took ${firstLoad} ms`);
    return `${firstLoad} ms`;
  });

  await check('place search finds Pokrovsk and shows its status', async () => {
    await page.fill('#search-input', 'Pokrovsk');
    await page.press('#search-input', 'Enter');
    const btn = await page.waitForSelector('#search-results button.result:has-text("Pokrovsk")', { timeout: 15000 });
    await btn.click();
    await page.waitForFunction(() => /:/.test(document.getElementById('place-status')?.textContent || ''), null, { timeout: 20000 });
    const status = await text(page, '#place-status');
    let extra = '';
    if (mode === 'api') {
      await page.waitForSelector('#place-capture', { timeout: 20000 });
      extra = '; ' + await text(page, '#place-capture');
      await page.fill('#search-input', 'Krasnoarmeysk');
      await page.press('#search-input', 'Enter');
      await page.waitForSelector('#search-results button.result:has-text("Pokrovsk")', { timeout: 15000 });
      extra += '; Krasnoarmeysk finds Pokrovsk';
    }
    await page.evaluate(() => new Promise((r) => window.__frontline.map.once('idle', r)));
    await shot(page, 'place.png');
    return status + extra;
  });

  await check('diff mode highlights an area', async () => {
    const last = await page.$eval('#diff-to', (e) => e.max);
    const from = new Date(Date.parse(last) - 120 * 86400000).toISOString().slice(0, 10);
    await page.evaluate(() => window.__frontline.map.jumpTo({ center: [37.5, 48.3], zoom: 7 }));
    await page.fill('#diff-from', from);
    await page.fill('#diff-to', last);
    await page.click('#diff-show');
    await page.waitForSelector('#diff-table', { timeout: 30000 });
    await page.evaluate(() => new Promise((r) => (window.__frontline.map.loaded() ? r() : window.__frontline.map.once('idle', r))));
    const layers = mode === 'api' ? ['diff-gained', 'diff-lost'] : ['diff-a', 'diff-b'];
    const n = await page.evaluate((ls) => window.__frontline.map.queryRenderedFeatures({ layers: ls }).length, layers);
    assert(n > 0, `nothing is drawn in ${layers}`);
    const legend = await page.$$eval('#legend li', (l) => l.map((x) => x.dataset.status));
    assert(legend.includes('gained') && legend.includes('lost'), `the legend does not explain the diff (${legend})`);
    let summary = (await page.$$eval('#diff-table tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' ')))).join('; ');
    if (mode === 'api') {
      const gained = await text(page, '#diff-table tr.diff-gained td');
      assert(/[1-9]/.test(gained), `no gained area (${gained})`);
    }
    await shot(page, 'diff.png');
    await page.click('#diff-clear');
    summary = summary.replace(/\s+/g, ' ');
    return `${n} features; ${summary}`;
  });

  await check('a shared URL restores the view', async () => {
    const s = await st(page);
    const hash = `#${s.mapName}/2024-06-15/8.50/48.2800/37.1800`;
    const p2 = await openPage(hash);
    const r = await p2.page.evaluate(() => {
      const m = window.__frontline.map;
      return { ...window.__frontline, map: undefined, zoom: m.getZoom(), center: m.getCenter(), hash: location.hash };
    });
    assert(Math.abs(r.zoom - 8.5) < 0.01, `zoom ${r.zoom}`);
    assert(Math.abs(r.center.lat - 48.28) < 0.001 && Math.abs(r.center.lng - 37.18) < 0.001, `centre ${JSON.stringify(r.center)}`);
    assert(r.versionTime.slice(0, 10) <= '2024-06-15', `version ${r.versionTime} is after the date`);
    await p2.page.waitForFunction((h) => location.hash === h, hash, { timeout: 5000 }).catch(() => {});
    const after = await p2.page.evaluate(() => location.hash);
    await shot(p2.page, 'shared-url.png');
    await p2.context.close();
    return `${hash} → version ${r.versionTime}, hash now ${after}`;
  });

  await check('language and palette toggles', async () => {
    await page.click('#lang-toggle');
    const uk = await page.evaluate(() => [document.documentElement.lang, document.getElementById('time-h').textContent]);
    assert(uk[0] === 'uk' && uk[1] === 'Час', `Ukrainian interface not shown (${uk})`);
    await page.click('#lang-toggle');
    const before = await page.evaluate(() => window.__frontline.controlLayers().map((l) => l.color).join());
    await page.click('#palette-toggle');
    const after = await page.evaluate(() => window.__frontline.controlLayers().map((l) => l.color).join());
    assert(before !== after, 'the palette did not change the layers');
    await page.evaluate(() => new Promise((r) => window.__frontline.map.once('idle', r)));
    await shot(page, 'palette-safe.png');
    await page.click('#palette-toggle');
    return `${uk[1]}; ${after}`;
  });

  await check('no console errors', async () => {
    assert(consoleErrors.length === 0, consoleErrors.slice(0, 5).join('\n'));
  });
} finally {
  await browser.close().catch(() => {});
  if (server) server.child.kill('SIGTERM');
}

const failed = results.filter((r) => !r.ok).length;
console.log(`slider_step_ms=${slider ?? 'NA'} first_load_ms=${firstLoad ?? 'NA'} viewport=${VW}x${VH}`);
console.log(`screenshots in ${outDir}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
