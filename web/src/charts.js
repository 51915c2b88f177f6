// Two plain SVG charts: occupied area over time (line) and monthly net gains (bars), each
// with a hover read-out. Drawn once per data set; only the marker of the shown version moves.
import { t, num, signed } from './i18n.js';

const NS = 'http://www.w3.org/2000/svg';
const H = 150;
const PAD = { l: 52, r: 8, t: 8, b: 20 };

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function niceTicks(min, max, count = 4) {
  const span = max - min || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) || 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) ticks.push(v);
  return ticks;
}

function yearTicks(t0, t1) {
  const out = [];
  for (let y = new Date(t0).getUTCFullYear() + 1; y <= new Date(t1).getUTCFullYear(); y++) out.push([Date.UTC(y, 0, 1), String(y)]);
  return out;
}

function frame(container, label) {
  container.textContent = '';
  const w = Math.max(240, container.clientWidth || 300);
  const svg = el('svg', { width: w, height: H, viewBox: `0 0 ${w} ${H}`, role: 'img', 'aria-label': label, class: 'chart' }, container);
  const tip = document.createElement('div');
  tip.className = 'chart-tip';
  tip.hidden = true;
  container.appendChild(tip);
  return { svg, tip, w };
}

function axisY(svg, w, y, ticks, fmt) {
  for (const v of ticks) {
    el('line', { x1: PAD.l, x2: w - PAD.r, y1: y(v), y2: y(v), class: 'grid' }, svg);
    el('text', { x: PAD.l - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, svg).textContent = fmt(v);
  }
}

function showTip(tip, container, x, html) {
  tip.innerHTML = html;
  tip.hidden = false;
  const max = container.clientWidth - tip.offsetWidth - 2;
  tip.style.left = `${Math.max(0, Math.min(max, x + 8))}px`;
}

/** Occupied area over time; clicking picks that version. Returns {setIndex}. */
export function occupiedChart(container, versions, onPick) {
  const { svg, tip, w } = frame(container, t('chart_occupied'));
  const times = versions.map((v) => Date.parse(v.version_time));
  const vals = versions.map((v) => v.occupied_total_km2);
  const t0 = times[0];
  const t1 = times[times.length - 1];
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const pad = (hi - lo) * 0.05 || 1;
  const ymin = lo - pad;
  const ymax = hi + pad;
  const x = (tm) => PAD.l + ((tm - t0) / (t1 - t0 || 1)) * (w - PAD.l - PAD.r);
  const y = (v) => PAD.t + (1 - (v - ymin) / (ymax - ymin)) * (H - PAD.t - PAD.b);
  axisY(svg, w, y, niceTicks(ymin, ymax), (v) => num(v / 1000, 0) + 'k');
  for (const [tm, label] of yearTicks(t0, t1)) {
    el('line', { x1: x(tm), x2: x(tm), y1: PAD.t, y2: H - PAD.b, class: 'grid' }, svg);
    el('text', { x: x(tm), y: H - 6, 'text-anchor': 'middle', class: 'tick' }, svg).textContent = label;
  }
  el('path', { d: vals.map((v, i) => `${i ? 'L' : 'M'}${x(times[i]).toFixed(1)},${y(v).toFixed(1)}`).join(''), class: 'series' }, svg);
  const marker = el('line', { y1: PAD.t, y2: H - PAD.b, class: 'marker' }, svg);
  const hover = el('line', { y1: PAD.t, y2: H - PAD.b, class: 'hover', visibility: 'hidden' }, svg);

  const nearest = (px) => {
    const tm = t0 + ((px - PAD.l) / (w - PAD.l - PAD.r)) * (t1 - t0);
    let lo2 = 0;
    let hi2 = times.length - 1;
    while (lo2 < hi2) { const mid = (lo2 + hi2) >> 1; if (times[mid] < tm) lo2 = mid + 1; else hi2 = mid; }
    return lo2 > 0 && Math.abs(times[lo2 - 1] - tm) < Math.abs(times[lo2] - tm) ? lo2 - 1 : lo2;
  };
  const px = (ev) => ev.clientX - svg.getBoundingClientRect().left;
  svg.addEventListener('mousemove', (ev) => {
    const i = nearest(px(ev));
    hover.setAttribute('x1', x(times[i])); hover.setAttribute('x2', x(times[i]));
    hover.setAttribute('visibility', 'visible');
    showTip(tip, container, x(times[i]), `${versions[i].version_time.slice(0, 16).replace('T', ' ')}<br>${num(vals[i])} ${t('km2')}`);
  });
  svg.addEventListener('mouseleave', () => { tip.hidden = true; hover.setAttribute('visibility', 'hidden'); });
  svg.addEventListener('click', (ev) => onPick(nearest(px(ev))));
  return {
    setIndex(i) {
      marker.setAttribute('x1', x(times[i]));
      marker.setAttribute('x2', x(times[i]));
    },
  };
}

/** Monthly net change of occupied ground as bars, gained and lost in the read-out. */
export function gainsChart(container, rows, onPick) {
  const { svg, tip, w } = frame(container, t('chart_gains'));
  const data = rows.filter((r) => r.net_km2 !== null && r.net_km2 !== undefined);
  if (!data.length) return;
  const vals = data.map((r) => r.net_km2);
  const ymin = Math.min(0, ...vals);
  const ymax = Math.max(0, ...vals);
  const y = (v) => PAD.t + (1 - (v - ymin) / (ymax - ymin || 1)) * (H - PAD.t - PAD.b);
  axisY(svg, w, y, niceTicks(ymin, ymax), (v) => num(v, 0));
  const bw = (w - PAD.l - PAD.r) / data.length;
  data.forEach((r, i) => {
    const v = r.net_km2;
    const bar = el('rect', {
      x: (PAD.l + i * bw + bw * 0.1).toFixed(1), width: Math.max(1, bw * 0.8).toFixed(1),
      y: y(Math.max(0, v)).toFixed(1), height: Math.max(0.5, Math.abs(y(v) - y(0))).toFixed(1),
      class: v >= 0 ? 'bar gain' : 'bar loss', 'data-period': r.period,
    }, svg);
    const text = `${r.period}: ${t('net')} ${signed(v)} ${t('km2')} (${t('gained')} ${num(r.gained_km2)}, ${t('lost')} ${num(r.lost_km2)})`;
    el('title', {}, bar).textContent = text;
    bar.addEventListener('mouseenter', () => showTip(tip, container, PAD.l + i * bw, text.replace(': ', '<br>')));
    bar.addEventListener('click', () => onPick && onPick(r));
    if (r.period.endsWith('-01')) el('text', { x: PAD.l + i * bw, y: H - 6, class: 'tick' }, svg).textContent = r.period.slice(0, 4);
  });
  el('line', { x1: PAD.l, x2: w - PAD.r, y1: y(0), y2: y(0), class: 'axis' }, svg);
  svg.addEventListener('mouseleave', () => { tip.hidden = true; });
}
