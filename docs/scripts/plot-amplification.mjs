// Writes public/amplification.svg: the amplifier A(p) = σ(L·(p − 0.5)) of AnyLoss for L = 1, for each package's
// default L (read from the code through docs/scripts/defaults.mjs) and for the paper's 73, plotted from the formula
// (no chart library). Run by `pnpm --filter docs build` and `dev`; the file is git-ignored. The background is
// transparent and the colours follow the page's colour scheme (light or dark; the site sets `color-scheme`, which
// SVG images inherit).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PAPER_AMPLIFICATION } from '@anyloss/core';
import { DEFAULTS } from './defaults.mjs';

const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const amplify = (p, L) => sigmoid(L * (p - 0.5));

// Sized for a phone: 480 units wide with 15-unit text is ≥ 10.5 px when the image is 340 px wide. The legend goes
// under the plot, one curve per line.
const width = 480;
const fontSize = 15;
const lineHeight = fontSize + 7;
const plotHeight = 250;
const margin = { left: 60, right: 14, top: 12 };
const plotWidth = width - margin.left - margin.right;
const sx = (p) => margin.left + p * plotWidth;
const sy = (a) => margin.top + (1 - a) * plotHeight;

/**
 * The curves: L = 1, each package's default and the paper's 73, one curve per distinct L, labelled with everything
 * that uses it, from the flattest to the steepest.
 * @returns {{ L: number, label: string, className: string }[]}
 */
export function amplificationCurves(defaults = DEFAULTS) {
  const uses = new Map([[1, ['almost linear']]]);
  const add = (L, use) => uses.set(L, [...(uses.get(L) ?? []), use]);
  add(defaults['tfjs.amplification'].value, 'tfjs default');
  add(defaults['brain.amplification'].value, 'brain.js default');
  add(defaults['core.amplification'].value, 'core default');
  add(PAPER_AMPLIFICATION, "the paper's value");
  return [...uses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([L, labels], index) => ({ L, label: `L = ${L}: ${labels.join(', ')}`, className: `c${index}` }));
}

/** The SVG document, as a string. */
export function amplificationSvg(defaults = DEFAULTS) {
  const curves = amplificationCurves(defaults);
  const parts = [];
  const legendTop = sy(0) + 62;
  const height = legendTop + (curves.length - 1) * lineHeight + 12;
  const title = `The amplifier A(p) = 1 / (1 + exp(−L·(p − 0.5))) for ${curves.map((curve) => curve.label).join('; ')}`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="${fontSize}" role="img" aria-labelledby="title">`,
  );
  parts.push(`<title id="title">${title}</title>`);
  // Light colours by default, dark ones when the page is dark. Curves: grey, then blue, green, orange, purple.
  parts.push(`<style>
.grid { stroke: #d4d4d8; }
.axis { fill: #52525b; }
.label, .legend { fill: #27272a; }
.c0 { stroke: #8b8b94; } .c1 { stroke: #2563eb; } .c2 { stroke: #15803d; } .c3 { stroke: #c2410c; } .c4 { stroke: #7e22ce; } .c5 { stroke: #be185d; }
@media (prefers-color-scheme: dark) {
  .grid { stroke: #3f3f46; }
  .axis { fill: #a1a1aa; }
  .label, .legend { fill: #e4e4e7; }
  .c0 { stroke: #a1a1aa; } .c1 { stroke: #60a5fa; } .c2 { stroke: #4ade80; } .c3 { stroke: #fb923c; } .c4 { stroke: #c084fc; } .c5 { stroke: #f472b6; }
}
</style>`);
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line class="grid" x1="${sx(tick)}" y1="${sy(0)}" x2="${sx(tick)}" y2="${sy(1)}"/>`);
    parts.push(`<line class="grid" x1="${sx(0)}" y1="${sy(tick)}" x2="${sx(1)}" y2="${sy(tick)}"/>`);
    parts.push(`<text class="axis" x="${sx(tick)}" y="${sy(0) + 19}" text-anchor="middle">${tick}</text>`);
    parts.push(`<text class="axis" x="${sx(0) - 7}" y="${sy(tick) + 5}" text-anchor="end">${tick}</text>`);
  }
  parts.push(`<text class="label" x="${sx(0.5)}" y="${sy(0) + 40}" text-anchor="middle">probability p</text>`);
  parts.push(`<text class="label" transform="translate(14 ${sy(0.5)}) rotate(-90)" text-anchor="middle">A(p)</text>`);
  for (const { L, className } of curves) {
    const points = [];
    for (let i = 0; i <= 240; i++) {
      const p = i / 240;
      points.push(`${sx(p).toFixed(2)},${sy(amplify(p, L)).toFixed(2)}`);
    }
    parts.push(`<polyline class="${className}" fill="none" stroke-width="2.5" points="${points.join(' ')}"/>`);
  }
  curves.forEach(({ label, className }, index) => {
    const x = margin.left;
    const y = legendTop + index * lineHeight;
    parts.push(`<line class="${className}" x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke-width="2.5"/>`);
    parts.push(`<text class="legend" x="${x + 28}" y="${y + fontSize * 0.35}">${label}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../public/amplification.svg', import.meta.url));
  mkdirSync(fileURLToPath(new URL('../public/', import.meta.url)), { recursive: true });
  writeFileSync(target, amplificationSvg());
  console.log(`wrote ${target}`);
}
