// The page: reads site.json, picks the data source of its mode, and wires the panels to the map.
import './style.css';
import { t, setLanguage, language, applyStrings, num, signed, placeLabel } from './i18n.js';
import { createDataSource, fetchJson } from './data.js';
import { FrontMap, PALETTES, STATUS_ORDER, OPACITY, LINE_COLOR } from './map.js';
import { occupiedChart, gainsChart } from './charts.js';

const $ = (id) => document.getElementById(id);
// Without a view in the URL the map shows the whole country, as wide as the screen allows.
const UKRAINE = { bounds: [[22.1, 44.3], [40.3, 52.4]] };

// What the browser tests read: timings of the last slider step and of the first load.
const state = {
  ready: false, loadMs: null, lastStepMs: null, stepTimes: [], versionIndex: null, versionTime: null, mapName: null, mode: null,
};
window.__frontline = state;

let site;
let data;
let fm;
let versions = [];
let gains = [];
let mapName;
let index = 0;
let playing = false;
let chart = null;
let place = null;
let diffOn = false;
let paletteName = localStorage.getItem('frontline.palette') === 'safe' ? 'safe' : 'deepstate';

// ---- the shareable URL: #map/date/zoom/lat/lon --------------------------------------------

function parseHash() {
  const parts = decodeURIComponent(location.hash.replace(/^#/, '')).split('/');
  const [map, date, zoom, lat, lon] = parts;
  const view = [zoom, lat, lon].every((v) => v !== undefined && v !== '' && Number.isFinite(Number(v)))
    ? { zoom: Number(zoom), lat: Number(lat), lon: Number(lon) } : null;
  return { map: map || null, date: date || null, view };
}

// A bare date names the last version published on that day (UTC); a version that is not the
// last of its day is written with its full time, so every version has a URL of its own.
function resolveDate(date) {
  const limit = /T/.test(date) ? Date.parse(date) : Date.parse(date.slice(0, 10) + 'T00:00:00Z') + 86400000 - 1;
  if (!Number.isFinite(limit)) return versions.length - 1;
  let lo = 0;
  let hi = versions.length - 1;
  if (Date.parse(versions[0].version_time) > limit) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (Date.parse(versions[mid].version_time) <= limit) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function dateToken(i) {
  const day = versions[i].version_time.slice(0, 10);
  const next = versions[i + 1];
  return !next || next.version_time.slice(0, 10) !== day ? day : versions[i].version_time;
}

let hashTimer = null;
function writeHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    if (!fm || !versions.length) return;
    const v = fm.view();
    const h = `#${mapName}/${dateToken(index)}/${v.zoom.toFixed(2)}/${v.lat.toFixed(4)}/${v.lon.toFixed(4)}`;
    if (h !== location.hash) history.replaceState(null, '', h);
  }, 150);
}

// ---- the shown version ----------------------------------------------------------------------

function fmtTime(iso) {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' ' + t('utc'));
}

function swatch(status) {
  const s = document.createElement('span');
  s.className = 'swatch';
  s.style.background = PALETTES[paletteName][status];
  s.style.opacity = String(Math.min(1, (OPACITY[status] ?? 0.6) + 0.25));
  s.setAttribute('aria-hidden', 'true');
  return s;
}

function row(tbody, cells, cls) {
  const tr = document.createElement('tr');
  if (cls) tr.className = cls;
  cells.forEach((c, k) => {
    const cell = document.createElement(k === 0 ? 'th' : 'td');
    if (k === 0) cell.scope = 'row';
    if (c instanceof Node) cell.appendChild(c); else cell.textContent = c;
    tr.appendChild(cell);
  });
  tbody.appendChild(tr);
  return tr;
}

function renderVersion() {
  const v = versions[index];
  $('date').textContent = fmtTime(v.version_time);
  $('version-count').textContent = t('version_of', { i: index + 1, n: versions.length });
  $('slider').setAttribute('aria-valuetext', `${fmtTime(v.version_time)} (${t('version_of', { i: index + 1, n: versions.length })})`);
  const tbody = $('areas').tBodies[0];
  tbody.textContent = '';
  for (const s of [...STATUS_ORDER].reverse()) {
    if (!(s in (v.areas_km2 || {}))) continue;
    const label = document.createElement('span');
    label.append(swatch(s), t('status_' + s));
    row(tbody, [label, `${num(v.areas_km2[s])} ${t('km2')}`], 'status-row').dataset.status = s;
  }
  row(tbody, [t('occupied_total'), `${num(v.occupied_total_km2)} ${t('km2')}`], 'total');
  row(tbody, [t('change'), v.change_km2 === null ? '—' : `${signed(v.change_km2)} ${t('km2')}`], 'change');
  if (!diffOn) renderLegend();
  if (chart) chart.setIndex(index);
  state.versionIndex = index;
  state.versionTime = v.version_time;
}

function renderLegend() {
  const ul = $('legend');
  ul.textContent = '';
  const items = diffOn
    ? (data.capabilities.diffGeometry ? [['gained', t('diff_gained')], ['lost', t('diff_lost')], ['reclassified', t('diff_reclassified')]]
      : [['gained', t('diff_static_b')], ['lost', t('diff_static_a')]])
    : STATUS_ORDER.filter((s) => versions[index].statuses.includes(s)).reverse().map((s) => [s, t('status_' + s)]);
  for (const [key, label] of items) {
    const li = document.createElement('li');
    li.dataset.status = key;
    li.append(swatch(key), label);
    ul.appendChild(li);
  }
  if (!diffOn && fm && fm.lineVisible()) {
    const li = document.createElement('li');
    li.dataset.kind = 'line';
    const s = document.createElement('span');
    s.className = 'swatch line';
    s.style.background = LINE_COLOR;
    s.setAttribute('aria-hidden', 'true');
    li.append(s, t('line_of_contact'));
    ul.appendChild(li);
  }
}

/** Shows version i; the returned promise resolves when the map has drawn it. */
function stepTo(i, since = performance.now()) {
  i = Math.max(0, Math.min(versions.length - 1, i));
  if (i === index && state.versionIndex === i) return Promise.resolve(0);
  index = i;
  $('slider').value = String(i);
  renderVersion();
  writeHash();
  scheduleRefresh();
  return fm.setIndex(i, since).then((ms) => {
    state.lastStepMs = Math.round(ms * 10) / 10;
    state.stepTimes.push(state.lastStepMs);
    return ms;
  });
}

let refreshTimer = null;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(() => { refreshRegions(); refreshPlaceStatus(); refreshLine(); }, playing ? 1500 : 350);
}

// ---- play -----------------------------------------------------------------------------------

async function togglePlay() {
  playing = !playing;
  const b = $('play');
  b.setAttribute('aria-pressed', String(playing));
  b.textContent = t(playing ? 'pause' : 'play');
  if (!playing) return;
  if (index >= versions.length - 1) await stepTo(0);
  while (playing && index < versions.length - 1) {
    await stepTo(index + 1);
    await new Promise((r) => setTimeout(r, 80));
  }
  if (playing) togglePlay();
}

// ---- loading a map --------------------------------------------------------------------------

async function loadMap(name, date) {
  const info = site.maps.find((m) => m.name === name) || site.maps[0];
  mapName = info.name;
  state.mapName = mapName;
  $('map-select').value = mapName;
  if (diffOn) closeDiff();
  const versionsP = data.versions(mapName);
  // The first map's tiles are in the first style (they load while the versions list is on its
  // way); another map's once the server has built them.
  if (fm.historyUrl !== info.history_tiles) await tilesReady(info);
  [versions] = await Promise.all([versionsP, fm.loaded]);
  chart = null; // drawn for the previous map's versions; drawCharts below draws this map's
  index = date ? resolveDate(date) : versions.length - 1;
  state.versionIndex = null;
  fm.setHistory(info, index);
  const slider = $('slider');
  slider.max = String(versions.length - 1);
  slider.value = String(index);
  const first = versions[0].version_time.slice(0, 10);
  const last = versions[versions.length - 1].version_time.slice(0, 10);
  for (const id of ['diff-from', 'diff-to']) { $(id).min = first; $(id).max = last; }
  $('diff-to').value = versions[index].version_time.slice(0, 10);
  $('diff-from').value = versions[Math.max(0, resolveDate(new Date(Date.parse(versions[index].version_time) - 30 * 86400000).toISOString().slice(0, 10)))].version_time.slice(0, 10);
  renderVersion();
  drawCharts();
  writeHash();
  data.gains(mapName, versions).then((rows) => { gains = rows; drawGains(); }).catch(report);
  refreshRegions();
  refreshPlaceStatus();
  refreshLine();
}

// The server answers 503 while it builds a map's history tiles (after a start or an import);
// MapLibre would not ask for a failed tile again, so wait for the world tile first.
async function tilesReady(info) {
  if (info.history_tiles.startsWith('pmtiles://')) return;
  const url = new URL(info.history_tiles.replace('{z}', '0').replace('{x}', '0').replace('{y}', '0'), location.href).href;
  for (let attempt = 0; attempt < 600; attempt++) {
    const r = await fetch(url, { method: 'HEAD' });
    if (r.status !== 503) return;
    $('date').textContent = t('tiles_building');
    await new Promise((res) => setTimeout(res, 1000));
  }
}

function drawCharts() {
  chart = occupiedChart($('chart-occupied'), versions, (i) => stepTo(i));
  chart.setIndex(index);
  drawGains();
}

function drawGains() {
  gainsChart($('chart-gains'), gains, (r) => stepTo(resolveDate(new Date(Date.parse(r.end) - 1).toISOString())));
}

// ---- regions --------------------------------------------------------------------------------

let regionsSeq = 0;
async function refreshRegions() {
  const seq = ++regionsSeq;
  const v = versions[index];
  const note = $('regions-note');
  note.hidden = data.capabilities.regionsAt;
  note.textContent = t('regions_latest');
  try {
    const rows = await data.regions(mapName, v);
    if (seq !== regionsSeq) return;
    const tbody = $('regions').tBodies[0];
    tbody.textContent = '';
    for (const r of [...rows].sort((a, b) => b.share_occupied - a.share_occupied)) {
      row(tbody, [language() === 'uk' ? r.name : r.name_en || r.name, `${num(r.share_occupied * 100, 1)} %`, num(r.occupied_total_km2, 0)]);
    }
  } catch (e) { report(e); }
}

// ---- the line of contact (api mode) ----------------------------------------------------------

let lineAbort = null;
async function refreshLine() {
  if (!data.capabilities.line || !fm.lineWanted) return;
  if (lineAbort) lineAbort.abort();
  const abort = new AbortController();
  lineAbort = abort;
  const v = versions[index];
  try {
    const geojson = await data.line(mapName, v, { signal: abort.signal });
    if (abort.signal.aborted || versions[index] !== v) return;
    fm.setLine(geojson);
    state.lineVersionTime = v.version_time;
    if (!diffOn) renderLegend();
  } catch (e) {
    if (e.name !== 'AbortError') report(e);
  }
}

// ---- places ---------------------------------------------------------------------------------

let searchTimer = null;
let searchSeq = 0;
let searchAbort = null;
async function search(q) {
  const seq = ++searchSeq;
  const ul = $('search-results');
  if (searchAbort) searchAbort.abort();
  if (!q.trim()) { ul.textContent = ''; return; }
  searchAbort = new AbortController();
  let res;
  try {
    res = await data.searchPlaces(q.trim(), { signal: searchAbort.signal });
  } catch (e) {
    if (e.name !== 'AbortError') report(e);
    return;
  }
  if (seq !== searchSeq) return;
  ul.textContent = '';
  for (const r of res.results) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'result';
    b.textContent = language() === 'uk' && r.name_uk ? r.name_uk : r.name;
    if (r.detail) { const d = document.createElement('span'); d.className = 'muted'; d.textContent = ' · ' + r.detail; b.appendChild(d); }
    b.addEventListener('click', () => pickPlace(r));
    li.appendChild(b);
    ul.appendChild(li);
  }
  if (!res.results.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = t('search_none');
    ul.appendChild(li);
  }
}

async function pickPlace(item) {
  try {
    place = await data.resolvePlace(item);
  } catch (e) { report(e); return; }
  fm.showPlace(place);
  renderPlace();
  refreshPlaceStatus(true);
  if (data.capabilities.placeTimeline) {
    const id = place.id;
    data.placeTimeline(id, mapName).then((tl) => { if (place && place.id === id) { place.timeline = tl; renderPlace(); } }).catch(report);
  }
}

function renderPlace() {
  const box = $('place-info');
  box.textContent = '';
  if (!place) return;
  const h = document.createElement('h3');
  h.textContent = language() === 'uk' && place.name_uk ? place.name_uk : place.name;
  const detail = document.createElement('div');
  detail.className = 'muted';
  detail.textContent = place.detail || '';
  const status = document.createElement('p');
  status.id = 'place-status';
  status.textContent = place.statusText ? `${t('place_status')}: ${place.statusText}` : t('loading');
  box.append(h, detail, status);
  const tl = place.timeline;
  if (tl) {
    const cap = document.createElement('p');
    cap.id = 'place-capture';
    const c = tl.capture || {};
    cap.textContent = `${t('captured_mostly')}: ${c.mostly ? fmtTime(c.mostly) : t('never')}; ${t('captured_fully')}: ${c.fully ? fmtTime(c.fully) : t('never')}`;
    const h4 = document.createElement('h4');
    h4.textContent = t('place_timeline');
    const ol = document.createElement('ol');
    ol.className = 'timeline';
    for (const ch of tl.changes || []) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = `${fmtTime(ch.version_time)}: ${placeLabel(ch.label)} (${num(ch.occupied_total_share * 100, 1)} %)`;
      b.addEventListener('click', () => stepTo(resolveDate(ch.version_time)));
      li.appendChild(b);
      ol.appendChild(li);
    }
    box.append(cap, h4, ol);
  }
}

let placeSeq = 0;
async function refreshPlaceStatus(afterFly) {
  if (!place) return;
  const seq = ++placeSeq;
  const p = place;
  try {
    if (data.capabilities.placeStatus) {
      const r = await data.placeAt(p.id, mapName, versions[index]);
      if (seq !== placeSeq || p !== place) return;
      p.statusText = `${placeLabel(r.label)} (${t('occupied_total').toLowerCase()} ${num(r.occupied_total_share * 100, 1)} %)`;
    } else {
      // Static mode: what the tiles draw at the place's point, once the map has arrived there.
      if (afterFly) await new Promise((r) => fm.map.once('moveend', r));
      await fm.idle();
      if (seq !== placeSeq || p !== place) return;
      const st = fm.statusesAt(p.lon, p.lat);
      p.statusText = st.length ? st.map((s) => t('status_' + s)).join(', ') : t('held_by_ukraine');
    }
    renderPlace();
  } catch (e) { report(e); }
}

// ---- diff -----------------------------------------------------------------------------------

async function showDiff(ev) {
  ev.preventDefault();
  const a = versions[resolveDate($('diff-from').value)];
  const b = versions[resolveDate($('diff-to').value)];
  const out = $('diff-result');
  out.textContent = t('diff_loading');
  try {
    const d = await data.diff(mapName, a, b);
    diffOn = true;
    $('diff-clear').hidden = false;
    if (d.geojson) fm.showDiffGeojson(d.geojson);
    else fm.showDiffTiles(versions.indexOf(a), versions.indexOf(b));
    renderLegend();
    out.textContent = '';
    const table = document.createElement('table');
    table.className = 'numbers';
    table.id = 'diff-table';
    const tb = document.createElement('tbody');
    table.appendChild(tb);
    row(tb, [t('diff_from'), fmtTime(a.version_time)]);
    row(tb, [t('diff_to'), fmtTime(b.version_time)]);
    if (d.geojson) {
      for (const k of ['gained', 'lost', 'reclassified']) {
        const label = document.createElement('span');
        label.append(swatch(k), t('diff_' + k));
        row(tb, [label, `${num(d[k])} ${t('km2')}`], 'diff-' + k);
      }
    }
    row(tb, [t('diff_net'), `${signed(d.net)} ${t('km2')}`], 'diff-net');
    out.appendChild(table);
    await fm.idle();
  } catch (e) {
    out.textContent = `${t('error')}: ${e.message}`;
    report(e);
  }
}

function closeDiff() {
  diffOn = false;
  fm.clearDiff();
  refreshLine();
  $('diff-clear').hidden = true;
  $('diff-result').textContent = '';
  renderLegend();
}

// ---- language, palette, errors ----------------------------------------------------------------

function applyLanguage(l) {
  setLanguage(l);
  localStorage.setItem('frontline.lang', language());
  applyStrings();
  $('lang-toggle').lang = language() === 'uk' ? 'en' : 'uk';
  $('play').textContent = t(playing ? 'pause' : 'play');
  $('palette-toggle').textContent = t(paletteName === 'safe' ? 'palette_default' : 'palette_safe');
  if (fm) fm.nameKey = language() === 'uk' ? 'name' : 'name_en';
  if (versions.length) {
    renderVersion();
    renderLegend();
    drawCharts();
    refreshRegions();
    renderPlace();
  }
}

function applyPalette(name) {
  paletteName = name;
  localStorage.setItem('frontline.palette', name);
  $('palette-toggle').setAttribute('aria-pressed', String(name === 'safe'));
  $('palette-toggle').textContent = t(name === 'safe' ? 'palette_default' : 'palette_safe');
  document.body.classList.toggle('palette-safe', name === 'safe');
  if (fm) fm.setPalette(PALETTES[name]);
  if (versions.length) { renderVersion(); renderLegend(); }
}

function report(e) {
  console.error(e);
}

function wire() {
  const slider = $('slider');
  slider.addEventListener('input', (ev) => stepTo(Number(slider.value), ev.timeStamp || performance.now()));
  $('prev').addEventListener('click', () => stepTo(index - 1));
  $('next').addEventListener('click', () => stepTo(index + 1));
  $('play').addEventListener('click', togglePlay);
  $('lang-toggle').addEventListener('click', () => applyLanguage(language() === 'uk' ? 'en' : 'uk'));
  $('palette-toggle').addEventListener('click', () => applyPalette(paletteName === 'safe' ? 'deepstate' : 'safe'));
  $('map-select').addEventListener('change', (ev) => loadMap(ev.target.value, dateToken(index)).catch(report));
  $('search-form').addEventListener('submit', (ev) => { ev.preventDefault(); clearTimeout(searchTimer); search($('search-input').value); });
  // Search as you type: the server answers a search with a list (possibly empty), and
  // static mode searches the places file in the page.
  $('search-input').addEventListener('input', (ev) => {
    clearTimeout(searchTimer);
    const q = ev.target.value;
    if (!q.trim()) { search(''); return; }
    if (data && q.trim().length >= 2) searchTimer = setTimeout(() => search(q), data.mode === 'static' ? 120 : 200);
  });
  $('line-toggle').addEventListener('change', (ev) => {
    fm.setLineWanted(ev.target.checked);
    if (ev.target.checked) refreshLine();
    renderLegend();
  });
  $('diff-form').addEventListener('submit', showDiff);
  $('diff-clear').addEventListener('click', closeDiff);
  window.addEventListener('hashchange', () => {
    const h = parseHash();
    if (h.map && h.map !== mapName && site.maps.some((m) => m.name === h.map)) { loadMap(h.map, h.date).catch(report); return; }
    if (h.date) stepTo(resolveDate(h.date));
    if (h.view) fm.jumpTo(h.view);
  });
  let resizeTimer = null;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => versions.length && drawCharts(), 200); });
}

async function main() {
  const stored = localStorage.getItem('frontline.lang');
  applyLanguage(stored || ((navigator.language || '').startsWith('uk') ? 'uk' : 'en'));
  applyPalette(paletteName);
  wire();
  const siteUrl = new URL('site.json', location.href);
  site = await fetchJson(siteUrl.href);
  data = createDataSource(site, siteUrl);
  state.mode = data.mode;
  document.body.dataset.mode = data.mode;
  const sel = $('map-select');
  for (const m of site.maps) {
    const o = document.createElement('option');
    o.value = m.name;
    o.textContent = m.name;
    sel.appendChild(o);
  }
  const h = parseHash();
  const name = site.maps.some((m) => m.name === h.map) ? h.map : site.default_map || site.maps[0].name;
  const info = site.maps.find((m) => m.name === name);
  $('line-toggle-row').hidden = !data.capabilities.line;
  // The history tiles are in the first style, at the latest version unless the URL names a date
  // (then at none until the versions list says which); the server may still be building them.
  data.versions(name).catch(() => {}); // asked for now; loadMap takes the same answer
  await tilesReady(info);
  const first = h.date || !Number.isInteger(info.versions) ? -1 : info.versions - 1;
  fm = new FrontMap($('map'), { site, siteUrl, view: h.view || UKRAINE, palette: PALETTES[paletteName], onView: writeHash, history: { info, index: first }, line: $('line-toggle').checked });
  fm.nameKey = language() === 'uk' ? 'name' : 'name_en';
  state.map = fm.map;
  state.renderedStatuses = () => fm.renderedStatuses();
  state.controlLayers = () => {
    const visible = fm.map.getLayer('control') && fm.map.getLayoutProperty('control', 'visibility') !== 'none';
    return Object.entries(fm.statusColours()).map(([status, color]) => ({ id: 'control', status, color, visible }));
  };
  state.versionDates = () => versions.map((v) => v.version_time.slice(0, 10));
  state.lineFeatures = () => (fm.lineVisible() ? fm.map.queryRenderedFeatures({ layers: ['front-line'] }).length : 0);
  // Attached before the first frame with the status layers, so this is the idle that draws them.
  await loadMap(name, h.date);
  await fm.reveal();
  state.loadMs = Math.round(performance.now());
  state.ready = true;
  document.body.dataset.ready = 'true';
  fm.addLateLayers();
}

main().catch((e) => {
  report(e);
  $('date').textContent = `${t('error')}: ${e.message}`;
});

