// SVG charts drawn by hand: bar, line, funnel and donut. Each returns a <figure> with a
// caption, an SVG that scales to its box (viewBox), visible value labels, and a <title>
// per mark so a pointer or screen reader gets the exact figure. Colours come from the
// stylesheet (.series-N), never from inline styles, which the CSP forbids.

import { h, s } from './dom.js';

// Charts are drawn for the screen they open on: a narrower canvas on phones keeps the text
// (scaled with the SVG) at a readable size instead of shrinking a desktop layout.
const narrow = () => window.matchMedia('(max-width: 760px)').matches;
const layout = () => (narrow()
  ? { width: 360, label: 92, value: 58, clip: 7, funnelLabel: 70, xLabels: 4 }
  : { width: 560, label: 150, value: 90, clip: 12, funnelLabel: 120, xLabels: 7 });

function figure(kind, title, svg, legend) {
  return h('figure', { class: `chart chart-${kind}`, dataset: { chart: kind } },
    h('figcaption', {}, title), svg, legend || null);
}

function frame(width, height, title) {
  return s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'xMidYMid meet' });
}

function emptyNote(kind, title, text) {
  return figure(kind, title, h('p', { class: 'empty' }, text));
}

function clip(text, max) {
  const value = String(text);
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Horizontal bars: data [{ label, value }]; `format` turns a value into its label. */
export function barChart({ title, data, format = String, emptyText = '—' }) {
  if (!data.length || data.every((d) => !d.value)) return emptyNote('bar', title, emptyText);
  const { width, label: labelWidth, value: valueWidth, clip: maxChars } = layout();
  const rowHeight = 30;
  const height = data.length * rowHeight + 10;
  const max = Math.max(...data.map((d) => d.value), 1);
  const svg = frame(width, height, title);
  data.forEach((d, i) => {
    const y = 5 + i * rowHeight;
    const barWidth = Math.max(2, ((width - labelWidth - valueWidth) * d.value) / max);
    svg.append(
      s('text', { x: labelWidth - 8, y: y + rowHeight / 2 + 5, 'text-anchor': 'end', class: 'axis-label' }, clip(d.label, maxChars)),
      s('rect', { x: labelWidth, y: y + 4, width: barWidth, height: rowHeight - 8, rx: 3, class: `mark series-${i % 8}` },
        s('title', {}, `${d.label}: ${format(d.value)}`)),
      s('text', { x: labelWidth + barWidth + 6, y: y + rowHeight / 2 + 5, class: 'value-label' }, format(d.value)),
    );
  });
  return figure('bar', title, svg);
}

/** Lines over shared x labels: series [{ name, values: [number|null] }]; gaps stay gaps. */
export function lineChart({ title, labels, series, format = String, min, max, emptyText = '—' }) {
  const all = series.flatMap((line) => line.values).filter((v) => v !== null && v !== undefined);
  if (!labels.length || !all.length) return emptyNote('line', title, emptyText);
  const { width, xLabels } = layout();
  const height = 260;
  const pad = { left: 44, right: 20, top: 16, bottom: 40 };
  const low = min ?? Math.min(0, ...all);
  const high = max ?? Math.max(...all, low + 1);
  const x = (i) => pad.left + (labels.length === 1 ? 0.5 : i / (labels.length - 1)) * (width - pad.left - pad.right);
  const y = (v) => pad.top + (1 - (v - low) / (high - low)) * (height - pad.top - pad.bottom);
  const svg = frame(width, height, title);
  for (let step = 0; step <= 4; step += 1) {
    const value = low + ((high - low) * step) / 4;
    svg.append(s('line', { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: 'grid' }),
      s('text', { x: pad.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis-label' }, format(Math.round(value))));
  }
  const every = Math.ceil(labels.length / xLabels); // only as many x labels as stay legible
  labels.forEach((text, i) => {
    if (i % every === 0 || i === labels.length - 1) {
      // The end labels align inwards so that they are never cut at the edges.
      const anchor = labels.length > 1 && i === 0 ? 'start' : labels.length > 1 && i === labels.length - 1 ? 'end' : 'middle';
      svg.append(s('text', { x: x(i), y: height - pad.bottom + 18, 'text-anchor': anchor, class: 'axis-label' }, text));
    }
  });
  series.forEach((line, index) => {
    let path = '';
    line.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      path += `${path && line.values[i - 1] !== null && line.values[i - 1] !== undefined ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    svg.append(s('path', { d: path, class: `line series-${index}` }));
    line.values.forEach((v, i) => {
      if (v === null || v === undefined) return;
      svg.append(s('circle', { cx: x(i), cy: y(v), r: 3.5, class: `mark series-${index}` },
        s('title', {}, `${line.name} ${labels[i]}: ${format(v)}`)));
    });
  });
  const legend = h('ul', { class: 'legend' }, series.map((line, index) =>
    h('li', {}, h('span', { class: `swatch series-${index}`, 'aria-hidden': 'true' }), line.name)));
  return figure('line', title, svg, legend);
}

/** A funnel: data [{ label, value }] from the widest stage down, each with its share of the first. */
export function funnelChart({ title, data, format = String, emptyText = '—' }) {
  if (!data.length || !data[0].value) return emptyNote('funnel', title, emptyText);
  const { width, funnelLabel: labelWidth } = layout();
  const rowHeight = 34;
  const height = data.length * rowHeight + 8;
  const first = data[0].value;
  const span = width - labelWidth - 10;
  const svg = frame(width, height, title);
  data.forEach((d, i) => {
    const w = Math.max(4, (span * d.value) / first);
    const xLeft = labelWidth + (span - w) / 2;
    const y = 4 + i * rowHeight;
    const share = Math.round((100 * d.value) / first);
    svg.append(
      s('text', { x: labelWidth - 8, y: y + rowHeight / 2 + 4, 'text-anchor': 'end', class: 'axis-label' }, clip(d.label, 10)),
      s('rect', { x: xLeft, y: y + 2, width: w, height: rowHeight - 6, rx: 4, class: `mark series-${i % 8}` },
        s('title', {}, `${d.label}: ${format(d.value)} (${share}%)`)),
      s('text', { x: labelWidth + span / 2, y: y + rowHeight / 2 + 4, 'text-anchor': 'middle', class: 'inside-label' },
        `${format(d.value)} · ${share}%`),
    );
  });
  return figure('funnel', title, svg);
}

/** A donut of shares: data [{ label, value }], with a legend giving count and percent. */
export function donutChart({ title, data, format = String, centre = '', emptyText = '—' }) {
  const total = data.reduce((sum, d) => sum + d.value, 0);
  if (!total) return emptyNote('donut', title, emptyText);
  const size = 220;
  const radius = 90;
  const thickness = 34;
  const svg = s('svg', { viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': title, class: 'donut' });
  let angle = -Math.PI / 2;
  data.forEach((d, i) => {
    if (!d.value) return;
    const sweep = (2 * Math.PI * d.value) / total;
    svg.append(s('path', { d: arc(size / 2, radius, thickness, angle, angle + sweep), class: `mark series-${i % 8}` },
      s('title', {}, `${d.label}: ${format(d.value)} (${Math.round((100 * d.value) / total)}%)`)));
    angle += sweep;
  });
  svg.append(s('text', { x: size / 2, y: size / 2 + 8, 'text-anchor': 'middle', class: 'donut-total' }, centre || format(total)));
  const legend = h('ul', { class: 'legend' }, data.map((d, i) => h('li', {},
    h('span', { class: `swatch series-${i % 8}`, 'aria-hidden': 'true' }),
    `${d.label} ${format(d.value)} (${Math.round((100 * d.value) / total)}%)`)));
  return figure('donut', title, svg, legend);
}

function arc(c, r, thickness, start, end) {
  // A full circle cannot be one arc: stop just short so the path stays drawable.
  const stop = end - start >= 2 * Math.PI ? end - 0.0001 : end;
  const inner = r - thickness;
  const point = (radius, a) => `${(c + radius * Math.cos(a)).toFixed(2)},${(c + radius * Math.sin(a)).toFixed(2)}`;
  const large = stop - start > Math.PI ? 1 : 0;
  return `M${point(r, start)}A${r},${r} 0 ${large} 1 ${point(r, stop)}L${point(inner, stop)}A${inner},${inner} 0 ${large} 0 ${point(inner, start)}Z`;
}
