// One data source, two implementations: `api` asks the frontline server, `static` reads the
// files of an exported site. The UI calls the same methods and checks `capabilities` for what
// a mode cannot answer (static mode has no diff geometry, place timelines or regions by date).

export async function fetchJson(url, init) {
  const r = await fetch(url, init);
  if (!r.ok) {
    let message = `${r.status} ${r.statusText}`;
    try {
      const body = await r.json();
      if (body && body.error) return Promise.reject(Object.assign(new Error(body.error.message), { code: body.error.code, status: r.status }));
    } catch { /* not JSON: keep the status line */ }
    throw Object.assign(new Error(`${url}: ${message}`), { status: r.status });
  }
  return r.json();
}

/** Folds case and Latin diacritics so "Kramators'k" finds "Kramatorsk" and "покровськ" finds "Покровськ". */
export function fold(s) {
  return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’ʼ'`-]/g, '').toLowerCase().trim();
}

/** Edit distance of a and b, or max + 1 as soon as it exceeds max (for nearest spellings). */
export function editDistance(a, b, max = 2) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

function placeFromApi(p) {
  return {
    id: p.id, name: p.name, name_uk: p.name_uk, detail: [p.raion, p.oblast].filter(Boolean).join(', '),
    oblast: p.oblast, lon: p.lon, lat: p.lat, kind: p.kind, population: p.population,
  };
}

class ApiSource {
  constructor(site, siteUrl) {
    this.mode = 'api';
    this.site = site;
    this.url = (p) => new URL(p.replace(/^\//, ''), siteUrl).href;
    this.capabilities = { diffGeometry: true, placeTimeline: true, regionsAt: true, placeStatus: true, line: true };
  }

  versions(map) { return once(this, map, () => fetchJson(this.url(`api/maps/${enc(map)}/versions`))); }

  gains(map, versions) {
    // The server wants a range: from the first version's day to the last version's time.
    const from = versions[0].version_time.slice(0, 10);
    const to = versions[versions.length - 1].version_time;
    return fetchJson(this.url(`api/maps/${enc(map)}/gains?by=month&tz=Europe/Kyiv&from=${from}&to=${enc(to)}`));
  }

  async diff(map, a, b) {
    const geojson = await fetchJson(this.url(`api/maps/${enc(map)}/diff?from=${enc(a.version_time)}&to=${enc(b.version_time)}`));
    const sums = { gained: 0, lost: 0, reclassified: 0 };
    for (const f of geojson.features) sums[f.properties.change] = (sums[f.properties.change] || 0) + (f.properties.area_km2 || 0);
    return { geojson, ...sums, net: b.occupied_total_km2 - a.occupied_total_km2 };
  }

  /** Exact names first, then names that start with q, then the nearest spellings (the server ranks). */
  async searchPlaces(q, { signal } = {}) {
    const params = new URLSearchParams({ q, limit: '10' });
    const list = await fetchJson(this.url(`api/places/search?${params}`), { signal });
    return { results: list.map(placeFromApi) };
  }

  async resolvePlace(item) {
    if (item.lon !== undefined && item.lon !== null) return item;
    return placeFromApi(await fetchJson(this.url(`api/places/${item.id}`)));
  }

  placeAt(id, map, version) {
    return fetchJson(this.url(`api/places/${id}?map=${enc(map)}&at=${enc(version.version_time)}`));
  }

  placeTimeline(id, map) { return fetchJson(this.url(`api/places/${id}/timeline?map=${enc(map)}`)); }

  regions(map, version) {
    return fetchJson(this.url(`api/regions?level=oblast&map=${enc(map)}&at=${enc(version.version_time)}`));
  }

  /** The line of contact of a version as GeoJSON (LineStrings; the server takes about 0.1 s). */
  line(map, version, { signal } = {}) {
    return fetchJson(this.url(`api/maps/${enc(map)}/line?at=${enc(version.version_time)}&format=geojson`), { signal });
  }
}

class StaticSource {
  constructor(site, siteUrl) {
    this.mode = 'static';
    this.site = site;
    this.url = (p) => new URL(p.replace(/^\//, ''), siteUrl).href;
    this.capabilities = { diffGeometry: false, placeTimeline: false, regionsAt: false, placeStatus: false, line: false };
    this.places = null;
  }

  versions(map) { return once(this, map, () => fetchJson(this.url(`data/${map}/versions.json`))); }

  gains(map) { return fetchJson(this.url(`data/${map}/gains-month.json`)); }

  async diff(map, a, b) {
    return { geojson: null, net: b.occupied_total_km2 - a.occupied_total_km2 };
  }

  async searchPlaces(q) {
    this.places ||= fetchJson(this.url('data/places.json')).then((rows) => rows.map((p) => ({
      ...p, keys: [...new Set([p.name, p.name_en, ...(p.aliases || [])].filter(Boolean).map(fold))],
    })));
    const all = await this.places;
    const f = fold(q);
    if (!f) return { results: [] };
    // As the server ranks: exact names, then names that start with the query, then names that
    // contain it, and when none does, the nearest spellings of the names' starts.
    const rank = (p) => (p.keys.some((k) => k === f) ? 0 : p.keys.some((k) => k.startsWith(f)) ? 1 : p.keys.some((k) => k.includes(f)) ? 2 : 9);
    let hits = all.map((p) => [rank(p), p]).filter(([r]) => r < 9);
    if (!hits.length && f.length >= 4) {
      const max = f.length >= 8 ? 2 : 1;
      hits = all.map((p) => [3 + Math.min(...p.keys.map((k) => Math.min(editDistance(f, k, max), editDistance(f, k.slice(0, f.length), max)))), p])
        .filter(([r]) => r <= 3 + max);
    }
    hits = hits.sort((x, y) => x[0] - y[0] || (y[1].population || 0) - (x[1].population || 0)).slice(0, 10);
    return {
      results: hits.map(([, p]) => ({ id: p.id, name: p.name_en || p.name, name_uk: p.name, detail: p.oblast || '', oblast: p.oblast, lon: p.lon, lat: p.lat, kind: p.kind })),
    };
  }

  async resolvePlace(item) { return item; }

  async placeAt() { return null; }

  async placeTimeline() { return null; }

  regions(map) { return fetchJson(this.url(`data/${map}/regions-oblast.json`)); }
}

function enc(s) { return encodeURIComponent(s); }

/** A map's versions are asked for once (a failed answer is asked for again). */
function once(source, map, get) {
  source.versionsCache ||= new Map();
  if (!source.versionsCache.has(map)) {
    const p = get();
    source.versionsCache.set(map, p);
    p.catch(() => source.versionsCache.delete(map));
  }
  return source.versionsCache.get(map);
}

export function createDataSource(site, siteUrl) {
  return site.mode === 'static' ? new StaticSource(site, siteUrl) : new ApiSource(site, siteUrl);
}
