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

// The server answers a name that fits several places with a list in the error's message
// ("  2016: Mykolaivka (Novhorod-Siverskyi raion, Chernihiv oblast)"), and an unknown one with
// suggestions ("did you mean A (r, o), B (r, o) or C (r, o)?"); both become choices.
export function parsePlaceError(message) {
  const listed = [...message.matchAll(/^\s*(\d+): (.+?) \((.+)\)\s*$/gm)].map((m) => ({ id: Number(m[1]), name: m[2], detail: m[3] }));
  if (listed.length) return { results: listed, suggestions: [] };
  const dym = message.match(/did you mean (.+)\?\s*$/s);
  const suggestions = dym ? [...dym[1].matchAll(/(?:^|, | or )([^,()]+?) \(([^()]+)\)/g)].map((m) => ({ name: m[1].trim(), detail: m[2] })) : [];
  return { results: [], suggestions };
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
    this.capabilities = { diffGeometry: true, placeTimeline: true, regionsAt: true, placeStatus: true };
  }

  versions(map) { return fetchJson(this.url(`api/maps/${enc(map)}/versions`)); }

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

  async searchPlaces(q, oblast) {
    const params = new URLSearchParams({ q });
    if (oblast) params.set('oblast', oblast);
    try {
      const p = await fetchJson(this.url(`api/places?${params}`));
      const list = Array.isArray(p) ? p : [p];
      return { results: list.map(placeFromApi), suggestions: [] };
    } catch (e) {
      if (e.code === 'not_found' || e.code === 'bad_request') return parsePlaceError(e.message || '');
      throw e;
    }
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
}

class StaticSource {
  constructor(site, siteUrl) {
    this.mode = 'static';
    this.site = site;
    this.url = (p) => new URL(p.replace(/^\//, ''), siteUrl).href;
    this.capabilities = { diffGeometry: false, placeTimeline: false, regionsAt: false, placeStatus: false };
    this.places = null;
  }

  versions(map) { return fetchJson(this.url(`data/${map}/versions.json`)); }

  gains(map) { return fetchJson(this.url(`data/${map}/gains-month.json`)); }

  async diff(map, a, b) {
    return { geojson: null, net: b.occupied_total_km2 - a.occupied_total_km2 };
  }

  async searchPlaces(q) {
    this.places ||= fetchJson(this.url('data/places.json')).then((rows) => rows.map((p) => ({
      ...p, keys: [p.name, p.name_en, ...(p.aliases || [])].map(fold),
    })));
    const all = await this.places;
    const f = fold(q);
    if (!f) return { results: [], suggestions: [] };
    // Exact names first, then names that start with the query, then any that contain it.
    const rank = (p) => (p.keys.some((k) => k === f) ? 0 : p.keys.some((k) => k.startsWith(f)) ? 1 : p.keys.some((k) => k.includes(f)) ? 2 : 9);
    const hits = all.map((p) => [rank(p), p]).filter(([r]) => r < 9)
      .sort((x, y) => x[0] - y[0] || (y[1].population || 0) - (x[1].population || 0)).slice(0, 20);
    return {
      results: hits.map(([, p]) => ({ id: p.id, name: p.name_en || p.name, name_uk: p.name, detail: p.oblast || '', oblast: p.oblast, lon: p.lon, lat: p.lat, kind: p.kind })),
      suggestions: [],
    };
  }

  async resolvePlace(item) { return item; }

  async placeAt() { return null; }

  async placeTimeline() { return null; }

  regions(map) { return fetchJson(this.url(`data/${map}/regions-oblast.json`)); }
}

function enc(s) { return encodeURIComponent(s); }

export function createDataSource(site, siteUrl) {
  return site.mode === 'static' ? new StaticSource(site, siteUrl) : new ApiSource(site, siteUrl);
}
