// The MapLibre map: base layers from the base GeoJSON (no external style, so it works
// offline), one fill layer per status over the history tiles, and the diff layers. A slider
// step only changes the layers' filters: the tiles already hold every version.
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Protocol } from 'pmtiles';

maplibregl.setWorkerUrl(workerUrl);
// A slider step re-buckets the history tiles in a worker. Sharing that worker with the large
// base GeoJSON indexes made each step pay for their garbage collection (several hundred ms on a
// 2-core machine). MapLibre hands sources to workers in turn: the style's three GeoJSON sources
// take three, the history source the fourth.
maplibregl.setWorkerCount(4);
let pmtilesAdded = false;

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

export function timeFilter(i) {
  return ['all', ['<=', ['get', 'from'], i], ['>', ['get', 'to'], i]];
}

function statusFilter(statuses, i) {
  const s = Array.isArray(statuses) ? ['in', ['get', 'status'], ['literal', statuses]] : ['==', ['get', 'status'], statuses];
  return ['all', s, timeFilter(i)];
}

const EMPTY = { type: 'FeatureCollection', features: [] };

export class FrontMap {
  constructor(container, { site, siteUrl, view, palette, onView }) {
    this.site = site;
    this.siteUrl = siteUrl;
    this.palette = palette;
    this.statuses = [];
    this.index = 0;
    this.abs = (u) => new URL(u, siteUrl).href;
    this.map = new maplibregl.Map({
      container,
      style: this.baseStyle(),
      center: [view.lon, view.lat],
      zoom: view.zoom,
      minZoom: 3,
      maxZoom: 14,
      attributionControl: { compact: true, customAttribution: 'Map data: DeepState; boundaries: © Мінрегіон, © OpenStreetMap contributors' },
      fadeDuration: 0,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
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
  }

  baseStyle() {
    const base = this.site.base || {};
    // A coarser simplification than MapLibre's default: software WebGL pays for every vertex
    // of the base fills on each frame, and a border drawn at country scale needs few.
    const src = (u) => ({ type: 'geojson', data: u ? this.abs(u) : EMPTY, tolerance: 1.5, buffer: 32 });
    return {
      version: 8,
      sources: { neighbours: src(base.neighbours), oblasts: src(base.oblasts), diff: { type: 'geojson', data: EMPTY } },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#dde6ec' } },
        { id: 'neighbours-fill', type: 'fill', source: 'neighbours', paint: { 'fill-color': '#ecebe6' } },
        { id: 'neighbours-line', type: 'line', source: 'neighbours', paint: { 'line-color': '#b8b5aa', 'line-width': 0.6 } },
        { id: 'ukraine-fill', type: 'fill', source: 'oblasts', paint: { 'fill-color': '#fbfaf6' } },
        // The status layers go here (setHistory), under the borders and the diff.
        { id: 'oblasts-line', type: 'line', source: 'oblasts', paint: { 'line-color': '#555', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.5, 9, 1.5] } },
        ...this.diffLayers(),
      ],
    };
  }

  diffLayers() {
    const p = this.palette;
    const is = (c) => ['==', ['get', 'change'], c];
    return [
      { id: 'diff-gained', type: 'fill', source: 'diff', filter: is('gained'), paint: { 'fill-color': p.gained, 'fill-opacity': 0.75 } },
      { id: 'diff-lost', type: 'fill', source: 'diff', filter: is('lost'), paint: { 'fill-color': p.lost, 'fill-opacity': 0.75 } },
      { id: 'diff-gained-line', type: 'line', source: 'diff', filter: is('gained'), paint: { 'line-color': p.gained, 'line-width': 1.5 } },
      { id: 'diff-lost-line', type: 'line', source: 'diff', filter: is('lost'), paint: { 'line-color': p.lost, 'line-width': 1.5 } },
      { id: 'diff-reclassified-line', type: 'line', source: 'diff', filter: is('reclassified'), paint: { 'line-color': p.reclassified, 'line-width': 0.8, 'line-dasharray': [2, 2] } },
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

  /** (Re)creates the history source and one fill layer per status of the map. */
  setHistory(mapInfo, statuses, index) {
    const m = this.map;
    for (const id of this.controlLayerIds()) m.removeLayer(id);
    for (const id of ['diff-a', 'diff-b']) if (m.getLayer(id)) m.removeLayer(id);
    if (m.getSource('history')) m.removeSource('history');
    const url = mapInfo.history_tiles;
    let source;
    if (url.startsWith('pmtiles://')) {
      if (!pmtilesAdded) { maplibregl.addProtocol('pmtiles', new Protocol().tile); pmtilesAdded = true; }
      source = { type: 'vector', url: 'pmtiles://' + this.abs(url.slice('pmtiles://'.length)) };
    } else {
      // MapLibre needs absolute tile URLs; encodeURI would escape the braces of {z}/{x}/{y}.
      source = { type: 'vector', tiles: [this.abs(url).replace(/%7B/g, '{').replace(/%7D/g, '}')], minzoom: 0, maxzoom: mapInfo.history_maxzoom ?? 8 };
      if (mapInfo.history_bounds) source.bounds = mapInfo.history_bounds;
    }
    m.addSource('history', source);
    this.statuses = STATUS_ORDER.filter((s) => statuses.includes(s));
    this.index = index;
    const before = m.getLayer('hromadas-line') ? 'hromadas-line' : 'oblasts-line';
    for (const s of this.statuses) {
      m.addLayer({
        id: `control-${s}`, type: 'fill', source: 'history', 'source-layer': 'control',
        filter: statusFilter(s, index),
        paint: { 'fill-color': this.palette[s], 'fill-opacity': OPACITY[s], 'fill-antialias': false },
      }, before);
    }
    this.addTileDiffLayers();
  }

  /** Drops the layers of statuses the map never draws (the legend follows the layers). */
  keepStatuses(statuses) {
    for (const s of this.statuses) if (!statuses.includes(s)) this.map.removeLayer(`control-${s}`);
    this.statuses = this.statuses.filter((s) => statuses.includes(s));
  }

  controlLayerIds() {
    return STATUS_ORDER.map((s) => `control-${s}`).filter((id) => this.map.getLayer(id));
  }

  /** Shows version i; resolves with the milliseconds from `since` until the map is idle again. */
  setIndex(i, since = performance.now()) {
    this.index = i;
    for (const s of this.statuses) this.map.setFilter(`control-${s}`, statusFilter(s, i), { validate: false });
    return new Promise((resolve) => this.map.once('idle', () => resolve(performance.now() - since)));
  }

  setPalette(palette) {
    this.palette = palette;
    for (const s of this.statuses) this.map.setPaintProperty(`control-${s}`, 'fill-color', palette[s]);
    for (const [id, key] of [['diff-gained', 'gained'], ['diff-lost', 'lost'], ['diff-gained-line', 'gained'], ['diff-lost-line', 'lost'], ['diff-reclassified-line', 'reclassified'], ['diff-a', 'lost'], ['diff-b', 'gained']]) {
      if (this.map.getLayer(id)) this.map.setPaintProperty(id, id.endsWith('line') ? 'line-color' : 'fill-color', palette[key]);
    }
  }

  addTileDiffLayers() {
    for (const [id, key] of [['diff-a', 'lost'], ['diff-b', 'gained']]) {
      this.map.addLayer({
        id, type: 'fill', source: 'history', 'source-layer': 'control', filter: statusFilter(OCCUPIED, 0),
        layout: { visibility: 'none' }, paint: { 'fill-color': this.palette[key], 'fill-opacity': 0.55, 'fill-antialias': false },
      }, 'diff-gained');
    }
  }

  setControlVisible(visible) {
    for (const id of this.controlLayerIds()) this.map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }

  /** The server's diff: gained and lost pieces filled, reclassified ones outlined. */
  showDiffGeojson(geojson) {
    this.setControlVisible(false);
    this.map.getSource('diff').setData(geojson);
  }

  /** Without the server: version a's occupied ground under version b's, in contrasting colours. */
  showDiffTiles(a, b) {
    this.setControlVisible(false);
    const m = this.map;
    m.setFilter('diff-a', statusFilter(OCCUPIED, a));
    m.setFilter('diff-b', statusFilter(OCCUPIED, b));
    m.setLayoutProperty('diff-a', 'visibility', 'visible');
    m.setLayoutProperty('diff-b', 'visibility', 'visible');
  }

  clearDiff() {
    const m = this.map;
    m.getSource('diff').setData(EMPTY);
    for (const id of ['diff-a', 'diff-b']) if (m.getLayer(id)) m.setLayoutProperty(id, 'visibility', 'none');
    this.setControlVisible(true);
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
