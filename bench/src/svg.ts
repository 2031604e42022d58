/** A point of a scatter chart. */
export interface ScatterPoint {
  /** Horizontal value. */
  readonly x: number;
  /** Vertical value. */
  readonly y: number;
  /** Tooltip text (a `<title>`). */
  readonly label: string;
}

/** Options of {@link scatterChart}. */
export interface ScatterOptions {
  /** Chart title. */
  readonly title: string;
  /** Horizontal axis label. */
  readonly xLabel: string;
  /** Vertical axis label. */
  readonly yLabel: string;
  /** Axis ranges; default the data's range. */
  readonly xDomain?: readonly [number, number];
  /** Vertical range; default the data's range. */
  readonly yDomain?: readonly [number, number];
  /** Draw the y = x line (for "A vs B" comparisons). */
  readonly diagonal?: boolean;
  /** Draw the y = 0 line. */
  readonly zeroLine?: boolean;
  /** Format axis ticks as percentages. */
  readonly xPercent?: boolean;
}

const WIDTH = 520;
const HEIGHT = 400;
const MARGIN = { left: 62, right: 18, top: 36, bottom: 52 };

/** Escapes text for SVG/XML. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function ticks(lower: number, upper: number, count = 5): number[] {
  const span = upper - lower || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lower / step) * step; t <= upper + step * 1e-9; t += step) out.push(Math.round(t / step) * step);
  return out;
}

function format(value: number, percent = false): string {
  if (percent) return `${Math.round(value * 100)}%`;
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

function domain(values: readonly number[], given?: readonly [number, number]): [number, number] {
  if (given !== undefined) return [given[0], given[1]];
  const finite = values.filter(Number.isFinite);
  let lower = Math.min(...finite);
  let upper = Math.max(...finite);
  if (!Number.isFinite(lower)) return [0, 1];
  if (lower === upper) {
    lower -= 0.5;
    upper += 0.5;
  }
  const pad = (upper - lower) * 0.05;
  return [lower - pad, upper + pad];
}

function frame(title: string, xLabel: string, yLabel: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(title)}</text>`,
    body,
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 10}" text-anchor="middle">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(16 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/** A scatter chart as a standalone SVG document (no chart library). */
export function scatterChart(points: readonly ScatterPoint[], options: ScatterOptions): string {
  const [x0, x1] = domain(
    points.map((p) => p.x),
    options.xDomain,
  );
  const [y0, y1] = domain(
    points.map((p) => p.y),
    options.yDomain,
  );
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number): number => MARGIN.left + ((x - x0) / (x1 - x0)) * plotWidth;
  const sy = (y: number): number => MARGIN.top + plotHeight - ((y - y0) / (y1 - y0)) * plotHeight;
  const parts: string[] = [];
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`);
  for (const t of ticks(x0, x1)) {
    parts.push(
      `<line x1="${sx(t).toFixed(1)}" y1="${MARGIN.top}" x2="${sx(t).toFixed(1)}" y2="${MARGIN.top + plotHeight}" stroke="#eee"/>`,
    );
    parts.push(
      `<text x="${sx(t).toFixed(1)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${format(t, options.xPercent)}</text>`,
    );
  }
  for (const t of ticks(y0, y1)) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${sy(t).toFixed(1)}" x2="${MARGIN.left + plotWidth}" y2="${sy(t).toFixed(1)}" stroke="#eee"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${format(t)}</text>`);
  }
  if (options.diagonal === true) {
    const lower = Math.max(x0, y0);
    const upper = Math.min(x1, y1);
    parts.push(
      `<line x1="${sx(lower).toFixed(1)}" y1="${sy(lower).toFixed(1)}" x2="${sx(upper).toFixed(1)}" y2="${sy(upper).toFixed(1)}" stroke="#888" stroke-dasharray="4 3"/>`,
    );
  }
  if (options.zeroLine === true && y0 < 0 && y1 > 0) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${sy(0).toFixed(1)}" x2="${MARGIN.left + plotWidth}" y2="${sy(0).toFixed(1)}" stroke="#888" stroke-dasharray="4 3"/>`,
    );
  }
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    parts.push(
      `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="#2b6cb0" fill-opacity="0.7" stroke="#1a365d"><title>${escapeXml(p.label)}</title></circle>`,
    );
  }
  return frame(options.title, options.xLabel, options.yLabel, parts.join('\n'));
}

/** A bar of {@link barChart}. */
export interface Bar {
  /** Category label under the bar. */
  readonly label: string;
  /** Bar height. */
  readonly value: number;
}

/** A vertical bar chart as a standalone SVG document; values are printed above the bars. */
export function barChart(bars: readonly Bar[], options: { title: string; xLabel: string; yLabel: string; digits?: number }): string {
  const finite = bars.map((b) => b.value).filter(Number.isFinite);
  const upper = Math.max(0, ...finite) * 1.12 || 1;
  const lower = Math.min(0, ...finite) * 1.12;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sy = (y: number): number => MARGIN.top + plotHeight - ((y - lower) / (upper - lower)) * plotHeight;
  const slot = plotWidth / Math.max(1, bars.length);
  const parts: string[] = [];
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`);
  for (const t of ticks(lower, upper)) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${sy(t).toFixed(1)}" x2="${MARGIN.left + plotWidth}" y2="${sy(t).toFixed(1)}" stroke="#eee"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${format(t)}</text>`);
  }
  bars.forEach((bar, i) => {
    const x = MARGIN.left + i * slot + slot * 0.15;
    const value = Number.isFinite(bar.value) ? bar.value : 0;
    const top = Math.min(sy(value), sy(0));
    const height = Math.abs(sy(value) - sy(0));
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${height.toFixed(1)}" fill="#2b6cb0"><title>${escapeXml(`${bar.label}: ${bar.value}`)}</title></rect>`,
    );
    parts.push(
      `<text x="${(x + slot * 0.35).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle">${Number.isFinite(bar.value) ? bar.value.toFixed(options.digits ?? 3) : 'n/a'}</text>`,
    );
    parts.push(
      `<text x="${(x + slot * 0.35).toFixed(1)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle" font-size="${bars.length > 6 ? 10 : 12}">${escapeXml(bar.label)}</text>`,
    );
  });
  return frame(options.title, options.xLabel, options.yLabel, parts.join('\n'));
}

/** A group of {@link groupedBarChart}: one category with one value per series. */
export interface BarGroup {
  /** Category label under the group. */
  readonly label: string;
  /** One value per series, in series order. */
  readonly values: readonly number[];
}

const SERIES_COLOURS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5'];

/**
 * A vertical grouped bar chart (one bar per series in each category) as a standalone SVG document, with a legend;
 * the vertical axis spans [lower, upper] (default: from 0 to the largest value).
 */
export function groupedBarChart(
  groups: readonly BarGroup[],
  options: {
    title: string;
    xLabel: string;
    yLabel: string;
    series: readonly string[];
    domain?: readonly [number, number];
    digits?: number;
  },
): string {
  const finite = groups.flatMap((g) => g.values).filter(Number.isFinite);
  const [lower, upper] = options.domain ?? [0, Math.max(0, ...finite) * 1.08 || 1];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sy = (y: number): number =>
    MARGIN.top + plotHeight - ((Math.min(Math.max(y, lower), upper) - lower) / (upper - lower)) * plotHeight;
  const slot = plotWidth / Math.max(1, groups.length);
  const barWidth = (slot * 0.8) / Math.max(1, options.series.length);
  const parts: string[] = [];
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999"/>`);
  for (const t of ticks(lower, upper)) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${sy(t).toFixed(1)}" x2="${MARGIN.left + plotWidth}" y2="${sy(t).toFixed(1)}" stroke="#eee"/>`,
    );
    parts.push(`<text x="${MARGIN.left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${format(t)}</text>`);
  }
  groups.forEach((group, g) => {
    group.values.forEach((value, s) => {
      const x = MARGIN.left + g * slot + slot * 0.1 + s * barWidth;
      const top = sy(Number.isFinite(value) ? value : lower);
      const colour = SERIES_COLOURS[s % SERIES_COLOURS.length] as string;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(barWidth * 0.92).toFixed(1)}" height="${(sy(lower) - top).toFixed(1)}" fill="${colour}"><title>${escapeXml(`${group.label}, ${options.series[s] ?? ''}: ${Number.isFinite(value) ? value.toFixed(options.digits ?? 3) : 'n/a'}`)}</title></rect>`,
      );
    });
    const lines = group.label.split('\n');
    lines.forEach((line, i) => {
      parts.push(
        `<text x="${(MARGIN.left + g * slot + slot / 2).toFixed(1)}" y="${MARGIN.top + plotHeight + 14 + i * 11}" text-anchor="middle" font-size="10">${escapeXml(line)}</text>`,
      );
    });
  });
  options.series.forEach((name, s) => {
    const x = MARGIN.left + 8 + s * 110;
    parts.push(
      `<rect x="${x}" y="${MARGIN.top + 6}" width="10" height="10" fill="${SERIES_COLOURS[s % SERIES_COLOURS.length] as string}"/>`,
    );
    parts.push(`<text x="${x + 14}" y="${MARGIN.top + 15}">${escapeXml(name)}</text>`);
  });
  return frame(options.title, options.xLabel, options.yLabel, parts.join('\n'));
}
