// The MapLibre map: base layers from the base GeoJSON (no external style, so it works
// offline), the statuses over the history tiles, the line of contact and the diff layers.
//
// The shown version is the style's global state `version`, read by the status layer's filter
// (`from <= version < to`): a slider step sets it, and the tiles already hold every version.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { PMTiles, Protocol } from 'pmtiles';

maplibregl.setWorkerUrl(workerUrl);
// A step re-lays out the visible history tiles in MapLibre's workers, each tile in the worker
// that loaded it: more workers than cores would only queue (WORKERS, measured in docs/web.md).
export const WORKERS = 2;
maplibregl.setWorkerCount(WORKERS);
// The workers load and compile their script (about 0.1 s each in software) while the page
// reads site.json and the map sets up WebGL, not after.
maplibregl.prewarm();
let pmtiles = null;

/**
 * Reads a PMTiles archive by byte ranges, as every static host serves them. A file server that
 * ignores Range and sends the whole file (python3 -m http.server does) is read once in full,
 * and the ranges are cut from that copy.
 */
class RangeSource {
  constructor(url) { this.url = url; this.whole = null; }

  getKey() { return this.url; }

  async getBytes(offset, length, signal) {
    if (!this.whole) {
      const r = await fetch(this.url, { signal, headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
      if (r.status === 206) return { data: await r.arrayBuffer(), etag: r.headers.get('ETag') || undefined };
      if (r.status !== 200) throw new Error(`${this.url}: ${r.status} ${r.statusText}`);
      this.whole = r.arrayBuffer();
    }
    const all = await this.whole;
    return { data: all.slice(offset, offset + length) };
  }
}

// Drawn bottom to top.
export const STATUS_ORDER = ['liberated', 'contested', 'occupied_total', 'occupied', 'occupied_before_2022'];
export const OCCUPIED = ['occupied', 'occupied_before_2022', 'occupied_total'];

// DeepState's colours, and a palette that stays apart for every kind of colour blindness
// (Okabe and Ito): vermillion, reddish purple, yellow and blue differ in lightness too.
export const PALETTES = {
  deepstate: {
    occupied: '#a52714', occupied_before_2022: '#5e1209', occupied_total: '#a52714',
    contested: '#7b7b7b', liberated: '#2a6fdb', gained: '#d7191c', lost: '#1a7bd1', reclassified: '#333333',
  },
  safe: {
    occupied: '#d55e00', occupied_before_2022: '#882255', occupied_total: '#d55e00',
    contested: '#e5c700', liberated: '#0072b2', gained: '#d55e00', lost: '#0072b2', reclassified: '#000000',
  },
};
export const OPACITY = { occupied: 0.5, occupied_before_2022: 0.6, occupied_total: 0.5, contested: 0.45, liberated: 0.28 };

const VERSION = ['global-state', 'version'];
/** Features drawn in version v (an index, or a global-state expression). */
export function timeFilter(v = VERSION) {
  return ['all', ['<=', ['get', 'from'], v], ['>', ['get', 'to'], v]];
}

const OCCUPIED_FILTER = (v) => ['all', ['in', ['get', 'status'], ['literal', OCCUPIED]], timeFilter(v)];

/** A status's value from a table: ["match", ["get", "status"], s1, v1, s2, v2, ..., fallback]. */
function byStatus(table, fallback) {
  return ['match', ['get', 'status'], ...STATUS_ORDER.flatMap((s) => [s, table[s]]), fallback];
}

const EMPTY = { type: 'FeatureCollection', features: [] };
const DIFF_LAYERS = ['diff-gained', 'diff-lost', 'diff-gained-line', 'diff-lost-line', 'diff-reclassified-line'];
export const LINE_COLOR = '#111111';

export class FrontMap {
  /**
   * history: {info, index}: the map's entry of site.json and the version to show first, so the
   * first style already asks for the history tiles (null: setHistory later).
   */
  constructor(container, { site, siteUrl, view, palette, onView, history, line = true }) {
    this.site = site;
    this.lineWanted = line;
    this.diffOn = false;
    this.siteUrl = siteUrl;
    this.palette = palette;
    this.index = history ? history.index : 0;
    this.historyUrl = null;
    this.abs = (u) => new URL(u, siteUrl).href;
    this.map = new maplibregl.Map({
      container,
      style: this.baseStyle(history),
      ...(view.bounds ? { bounds: view.bounds, fitBoundsOptions: { padding: 8 } } : { center: [view.lon, view.lat], zoom: view.zoom }),
      minZoom: 3,
      maxZoom: 14,
      attributionControl: { compact: true, customAttribution: 'Map data: DeepState; boundaries: © Мінрегіон, © OpenStreetMap contributors' },
      fadeDuration: 0,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    this.holdFramesUntil = 0;
    this.holdRepaints();
    // Until the first view is complete the canvas stays hidden (reveal): the browser then does
    // not read back each partial frame (the base layers, then tile by tile) to composite it,
    // which in software WebGL costs as much as drawing it and holds up the loading.
    container.classList.add('map-loading');
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.map.keyboard.enable();
    // MapLibre's default handler logs the bare error object, whose minified class says nothing.
    this.map.on('error', (e) => console.error(`map: ${e.error?.message || e.error || e}${e.sourceId ? ` (source ${e.sourceId})` : ''}`));
    this.map.on('moveend', () => onView && onView());
    this.loaded = new Promise((resolve) => this.map.once('load', resolve));
    this.popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false });
    this.marker = null;
    this.nameKey = 'name_en';
    this.lineShown = false;
  }

  /**
   * A slider step reloads the visible history tiles, and they come back from the workers one
   * by one. The map would draw a frame as each arrives; in software WebGL a frame costs tens of
   * milliseconds, so a step held frames back until every history tile is in (or 300 ms pass)
   * and draws once.
   */
  holdRepaints() {
    const m = this.map;
    const repaint = m.triggerRepaint.bind(m);
    m.triggerRepaint = () => {
      if (performance.now() < this.holdFramesUntil && m.getSource('history') && !m.isSourceLoaded('history')) {
        clearTimeout(this.heldRepaint);
        this.heldRepaint = setTimeout(repaint, this.holdFramesUntil - performance.now());
        return;
      }
      clearTimeout(this.heldRepaint);
      this.holdFramesUntil = 0;
      repaint();
    };
  }

  baseStyle(history) {
    const base = this.site.base || {};
    // A coarser simplification than MapLibre's default: software WebGL pays for every vertex
    // of the base fills on each frame, and a border drawn at country scale needs few.
    const src = (u) => ({ type: 'geojson', data: u ? this.abs(u) : EMPTY, tolerance: 1.5, buffer: 32 });
    const sources = { neighbours: src(base.neighbours), oblasts: src(base.oblasts) };
    const layers = [
      // The sea is the map container's CSS background (style.css): the canvas is transparent
      // where nothing is drawn, and a background layer would be one more full-screen fill.
      // Software WebGL pays for every layer on every frame, lines and fill outlines most: the
      // neighbours' land is told from the sea by its fill, and Ukraine's edge is the oblasts'
      // borders, so neither fill draws an outline (docs/web.md, "Measured").
      { id: 'neighbours-fill', type: 'fill', source: 'neighbours', paint: { 'fill-color': '#e6e4dc', 'fill-antialias': false } },
      { id: 'ukraine-fill', type: 'fill', source: 'oblasts', paint: { 'fill-color': '#fbfaf6', 'fill-antialias': false } },
    ];
    if (history) {
      sources.history = this.historySource(history.info);
      this.historyUrl = history.info.history_tiles;
      layers.push(...this.historyLayers());
    }
    sources.line = { type: 'geojson', data: EMPTY, tolerance: 0.5 };
    sources.diff = { type: 'geojson', data: EMPTY };
    layers.push(
      { id: 'oblasts-line', type: 'line', source: 'oblasts', paint: { 'line-color': '#555', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.5, 9, 1.5] } },
      ...this.lineLayers(),
      ...this.diffLayers(),
    );
    return {
      version: 8,
      // The shown version, and the two versions of a comparison drawn from the tiles.
      state: { version: { default: history ? history.index : 0 }, diffA: { default: 0 }, diffB: { default: 0 } },
      sources,
      layers,
    };
  }

  historySource(info) {
    const url = info.history_tiles;
    if (url.startsWith('pmtiles://')) {
      if (!pmtiles) { pmtiles = new Protocol(); maplibregl.addProtocol('pmtiles', pmtiles.tile); }
      const abs = this.abs(url.slice('pmtiles://'.length));
      if (!pmtiles.get(abs)) pmtiles.add(new PMTiles(new RangeSource(abs)));
      return { type: 'vector', url: 'pmtiles://' + abs };
    }
    // MapLibre needs absolute tile URLs; encodeURI would escape the braces of {z}/{x}/{y}.
    const source = { type: 'vector', tiles: [this.abs(url).replace(/%7B/g, '{').replace(/%7D/g, '}')], minzoom: 0, maxzoom: info.history_maxzoom ?? 8 };
    const bounds = info.history_bounds || info.bounds;
    if (bounds) source.bounds = bounds;
    return source;
  }

  /**
   * One fill layer draws every status: colour and opacity by status, the statuses stacked as
   * STATUS_ORDER says (fill-sort-key), and only the pieces of the shown version (the filter).
   * Features are cut into pieces, so fills have no antialiasing (antialiased edges show seams).
   */
  historyLayers() {
    const tileDiff = this.diffOn && !this.diffGeometry;
    return [
      {
        id: 'control', type: 'fill', source: 'history', 'source-layer': 'control', filter: timeFilter(),
        layout: { 'fill-sort-key': byStatus(Object.fromEntries(STATUS_ORDER.map((s, k) => [s, k])), 0), visibility: this.diffOn ? 'none' : 'visible' },
        paint: { 'fill-color': byStatus(this.palette, '#000000'), 'fill-opacity': byStatus(OPACITY, 0.5), 'fill-antialias': false },
      },
      // A comparison without the server: version A's occupied ground under version B's.
      ...[['diff-a', 'diffA', 'lost'], ['diff-b', 'diffB', 'gained']].map(([id, key, colour]) => ({
        id, type: 'fill', source: 'history', 'source-layer': 'control', filter: OCCUPIED_FILTER(['global-state', key]),
        layout: { visibility: tileDiff ? 'visible' : 'none' }, paint: { 'fill-color': this.palette[colour], 'fill-opacity': 0.55, 'fill-antialias': false },
      })),
    ];
  }

  lineLayers() {
    const layout = { 'line-join': 'round', 'line-cap': 'round', visibility: this.lineWanted ? 'visible' : 'none' };
    return [{ id: 'front-line', type: 'line', source: 'line', layout, paint: { 'line-color': LINE_COLOR, 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 1.2, 10, 2.5] } }];
  }

  diffLayers() {
    const p = this.palette;
    const is = (c) => ['==', ['get', 'change'], c];
    const layout = { visibility: 'none' }; // shown by showDiffGeojson
    return [
      { id: 'diff-gained', type: 'fill', source: 'diff', filter: is('gained'), layout, paint: { 'fill-color': p.gained, 'fill-opacity': 0.75 } },
      { id: 'diff-lost', type: 'fill', source: 'diff', filter: is('lost'), layout, paint: { 'fill-color': p.lost, 'fill-opacity': 0.75 } },
      { id: 'diff-gained-line', type: 'line', source: 'diff', filter: is('gained'), layout, paint: { 'line-color': p.gained, 'line-width': 1.5 } },
      { id: 'diff-lost-line', type: 'line', source: 'diff', filter: is('lost'), layout, paint: { 'line-color': p.lost, 'line-width': 1.5 } },
      { id: 'diff-reclassified-line', type: 'line', source: 'diff', filter: is('reclassified'), layout, paint: { 'line-color': p.reclassified, 'line-width': 0.8, 'line-dasharray': [2, 2] } },
    ];
  }

  /** Adds the layers that read sources loaded after the first frame (hromadas, settlements). */
  addLateLayers() {
    const base = this.site.base || {};
    const m = this.map;
    if (base.hromadas && !m.getSource('hromadas')) {
      m.addSource('hromadas', { type: 'geojson', data: this.abs(base.hromadas) });
      m.addLayer({ id: 'hromadas-line', type: 'line', source: 'hromadas', minzoom: 8, paint: { 'line-color': '#8a8a8a', 'line-width': 0.4, 'line-dasharray': [2, 2] } }, 'oblasts-line');
    }
    if (base.settlements && !m.getSource('settlements')) {
      m.addSource('settlements', { type: 'geojson', data: this.abs(base.settlements) });
      const tiers = [[5, 100000], [7, 10000], [9, 0]];
      tiers.forEach(([minzoom, pop], k) => {
        const next = tiers[k - 1];
        const filter = next ? ['all', ['>=', ['coalesce', ['get', 'population'], 0], pop], ['<', ['coalesce', ['get', 'population'], 0], next[1]]]
          : ['>=', ['coalesce', ['get', 'population'], 0], pop];
        m.addLayer({
          id: `settlements-${k}`, type: 'circle', source: 'settlements', minzoom, filter,
          paint: { 'circle-radius': 3 - k * 0.7, 'circle-color': '#222', 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
        });
        m.on('mouseenter', `settlements-${k}`, (e) => this.hoverSettlement(e));
        m.on('mouseleave', `settlements-${k}`, () => { m.getCanvas().style.cursor = ''; this.popup.remove(); });
      });
    }
  }

  hoverSettlement(e) {
    const f = e.features && e.features[0];
    if (!f) return;
    this.map.getCanvas().style.cursor = 'pointer';
    const p = f.properties;
    const name = p[this.nameKey] || p.name;
    const pop = p.population ? ` · ${Number(p.population).toLocaleString()}` : '';
    this.popup.setLngLat(f.geometry.coordinates).setText(name + pop).addTo(this.map);
  }

  /** Shows another map's history (the first map's is in the first style). */
  setHistory(info, index) {
    const m = this.map;
    this.index = index;
    m.setGlobalStateProperty('version', index);
    if (this.historyUrl === info.history_tiles && m.getSource('history')) return;
    for (const id of ['control', 'diff-a', 'diff-b']) if (m.getLayer(id)) m.removeLayer(id);
    if (m.getSource('history')) m.removeSource('history');
    m.addSource('history', this.historySource(info));
    this.historyUrl = info.history_tiles;
    const layers = this.historyLayers();
    m.addLayer(layers[0], m.getLayer('hromadas-line') ? 'hromadas-line' : 'oblasts-line');
    for (const l of layers.slice(1)) m.addLayer(l, 'diff-gained');
  }

  controlLayerIds() {
    return ['control'].filter((id) => this.map.getLayer(id));
  }

  /** The colour of each status as the status layer draws it now (read back from the style). */
  statusColours() {
    const e = this.map.getLayer('control') ? this.map.getPaintProperty('control', 'fill-color') : null;
    const out = {};
    if (Array.isArray(e) && e[0] === 'match') for (let k = 2; k + 1 < e.length; k += 2) out[e[k]] = e[k + 1];
    return out;
  }

  /**
   * Shows version i; resolves with the milliseconds from `since` until the frame that shows it
   * is on screen (the map's idle, then the next animation frame: in software WebGL the browser
   * reads the frame back while it composites, and that read waits for the drawing).
   */
  setIndex(i, since = performance.now()) {
    this.index = i;
    const m = this.map;
    // The style's own setter reloads the tiles at once without drawing a frame meanwhile (the
    // map's setter would draw the old pieces again, a whole frame of software WebGL for
    // nothing); the tiles' arrival draws the new ones. With nothing to reload, draw now.
    if (m.style && typeof m.style.setGlobalStateProperty === 'function') {
      this.holdFramesUntil = performance.now() + 300;
      m.style.setGlobalStateProperty('version', i);
      if (m.loaded()) m.triggerRepaint();
    } else {
      m.setGlobalStateProperty('version', i);
    }
    return this.drawn().then(() => performance.now() - since);
  }

  /** Shows the canvas once everything in view is loaded (or after maxMs), drawn once. */
  async reveal(maxMs = 4000) {
    const container = this.map.getContainer();
    if (!container.classList.contains('map-loading')) return;
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, maxMs))]);
    container.classList.remove('map-loading');
    this.map.triggerRepaint();
    await this.drawn();
  }

  /** Resolves once the map is idle and the frame it drew has been composited. */
  drawn() {
    return new Promise((resolve) => this.map.once('idle', () => requestAnimationFrame(() => resolve())));
  }

  setPalette(palette) {
    this.palette = palette;
    if (this.map.getLayer('control')) this.map.setPaintProperty('control', 'fill-color', byStatus(palette, '#000000'));
    for (const [id, key] of [['diff-gained', 'gained'], ['diff-lost', 'lost'], ['diff-gained-line', 'gained'], ['diff-lost-line', 'lost'], ['diff-reclassified-line', 'reclassified'], ['diff-a', 'lost'], ['diff-b', 'gained']]) {
      if (this.map.getLayer(id)) this.map.setPaintProperty(id, id.endsWith('line') ? 'line-color' : 'fill-color', palette[key]);
    }
  }

  // ---- the line of contact (api mode) ----

  /** The line of the shown version (GeoJSON), or null to clear it. */
  setLine(geojson) {
    this.map.getSource('line').setData(geojson || EMPTY);
    this.lineShown = !!geojson;
    this.updateLineVisibility();
  }

  setLineWanted(on) {
    this.lineWanted = on;
    this.updateLineVisibility();
  }

  updateLineVisibility() {
    const v = this.lineWanted && !this.diffOn ? 'visible' : 'none';
    this.map.setLayoutProperty('front-line', 'visibility', v);
  }

  lineVisible() {
    return this.lineShown && this.lineWanted && !this.diffOn;
  }

  // ---- comparison ----

  setControlVisible(visible) {
    for (const id of this.controlLayerIds()) this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }

  /** The server's diff: gained and lost pieces filled, reclassified ones outlined. */
  showDiffGeojson(geojson) {
    this.diffOn = true;
    this.diffGeometry = true;
    this.setControlVisible(false);
    this.updateLineVisibility();
    this.map.getSource('diff').setData(geojson);
    for (const id of DIFF_LAYERS) this.map.setLayoutProperty(id, 'visibility', 'visible');
  }

  /** Without the server: version a's occupied ground under version b's, in contrasting colours. */
  showDiffTiles(a, b) {
    this.diffOn = true;
    this.diffGeometry = false;
    this.setControlVisible(false);
    this.updateLineVisibility();
    const m = this.map;
    m.setGlobalStateProperty('diffA', a);
    m.setGlobalStateProperty('diffB', b);
    m.setLayoutProperty('diff-a', 'visibility', 'visible');
    m.setLayoutProperty('diff-b', 'visibility', 'visible');
  }

  clearDiff() {
    const m = this.map;
    this.diffOn = false;
    m.getSource('diff').setData(EMPTY);
    for (const id of ['diff-a', 'diff-b', ...DIFF_LAYERS]) if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', 'none');
    this.setControlVisible(true);
    this.updateLineVisibility();
  }

  idle() {
    return new Promise((resolve) => (this.map.loaded() && !this.map.isMoving() ? resolve() : this.map.once('idle', resolve)));
  }

  /** Statuses drawn at a point at the shown version (the place status of static mode). */
  statusesAt(lon, lat) {
    const pt = this.map.project([lon, lat]);
    const features = this.map.queryRenderedFeatures(pt, { layers: this.controlLayerIds() });
    return [...new Set(features.map((f) => f.properties.status))];
  }

  /** Statuses of the features drawn anywhere in the view now. */
  renderedStatuses() {
    const features = this.map.queryRenderedFeatures({ layers: this.controlLayerIds() });
    return [...new Set(features.map((f) => f.properties.status))];
  }

  showPlace(place) {
    if (this.marker) this.marker.remove();
    const el = document.createElement('div');
    el.className = 'place-marker';
    el.setAttribute('aria-hidden', 'true');
    this.marker = new maplibregl.Marker({ element: el }).setLngLat([place.lon, place.lat]).addTo(this.map);
    this.map.flyTo({ center: [place.lon, place.lat], zoom: Math.max(this.map.getZoom(), 10), duration: 800 });
  }

  view() {
    const c = this.map.getCenter();
    return { zoom: this.map.getZoom(), lat: c.lat, lon: c.lng };
  }

  jumpTo(view) {
    this.map.jumpTo({ center: [view.lon, view.lat], zoom: view.zoom });
  }
}
