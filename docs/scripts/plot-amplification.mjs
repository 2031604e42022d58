// Writes public/amplification.svg: the amplifier A(p) = σ(L·(p − 0.5)) of AnyLoss for several L, plotted
// from the formula (no chart library). Run by `pnpm --filter docs build` and `dev`; the file is git-ignored.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sigmoid = (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const amplify = (p, L) => sigmoid(L * (p - 0.5));

const width = 560;
const height = 300;
const margin = { left: 48, right: 112, top: 16, bottom: 40 };
const plotWidth = width - margin.left - margin.right;
const plotHeight = height - margin.top - margin.bottom;
const sx = (p) => margin.left + p * plotWidth;
const sy = (a) => margin.top + (1 - a) * plotHeight;
const curves = [
  { L: 1, colour: '#9aa0a6', label: 'L = 1 (almost linear)' },
  { L: 10, colour: '#3f8fe0', label: 'L = 10' },
  { L: 30, colour: '#2e9e5b', label: 'L = 30' },
  { L: 73, colour: '#e0693f', label: 'L = 73 (paper)' },
];

/** The SVG document, as a string. */
export function amplificationSvg() {
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12" role="img" aria-labelledby="title">`);
  parts.push('<title id="title">The amplifier A(p) = 1 / (1 + exp(−L·(p − 0.5))) for L = 1, 10, 30 and 73</title>');
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(`<line x1="${sx(tick)}" y1="${sy(0)}" x2="${sx(tick)}" y2="${sy(1)}" stroke="#e4e4e7"/>`);
    parts.push(`<line x1="${sx(0)}" y1="${sy(tick)}" x2="${sx(1)}" y2="${sy(tick)}" stroke="#e4e4e7"/>`);
    parts.push(`<text x="${sx(tick)}" y="${sy(0) + 16}" text-anchor="middle" fill="#52525b">${tick}</text>`);
    parts.push(`<text x="${sx(0) - 8}" y="${sy(tick) + 4}" text-anchor="end" fill="#52525b">${tick}</text>`);
  }
  parts.push(`<text x="${sx(0.5)}" y="${height - 6}" text-anchor="middle" fill="#27272a">probability p</text>`);
  parts.push(`<text transform="translate(14 ${sy(0.5)}) rotate(-90)" text-anchor="middle" fill="#27272a">A(p)</text>`);
  curves.forEach(({ L, colour, label }, index) => {
    const points = [];
    for (let i = 0; i <= 200; i++) {
      const p = i / 200;
      points.push(`${sx(p).toFixed(2)},${sy(amplify(p, L)).toFixed(2)}`);
    }
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2.25" points="${points.join(' ')}"/>`);
    const y = margin.top + 14 + index * 20;
    parts.push(`<line x1="${width - margin.right + 10}" y1="${y - 4}" x2="${width - margin.right + 28}" y2="${y - 4}" stroke="${colour}" stroke-width="2.25"/>`);
    parts.push(`<text x="${width - margin.right + 32}" y="${y}" fill="#27272a">${label}</text>`);
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
