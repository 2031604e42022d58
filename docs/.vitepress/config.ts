import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { pageSource } from './source';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The API sidebar written by typedoc-vitepress-theme (absent until `typedoc` has run). */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const file = here('../api/typedoc-sidebar.json');
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[];
}

const guideSidebar: DefaultTheme.SidebarItem[] = [
  {
    text: 'Getting started',
    items: [
      { text: 'Introduction', link: '/getting-started' },
      { text: 'Core only', link: '/getting-started#core-only' },
      { text: 'TensorFlow.js', link: '/getting-started#tensorflow-js' },
      { text: 'brain.js', link: '/getting-started#brain-js' },
    ],
  },
  {
    text: 'Concepts',
    items: [
      { text: 'Amplification', link: '/concepts/amplification' },
      { text: 'Soft confusion matrix', link: '/concepts/soft-confusion-matrix' },
      { text: 'The one chain rule', link: '/concepts/chain-rule' },
      { text: 'Batch metrics are biased', link: '/concepts/batch-metrics' },
      { text: 'Numerics', link: '/concepts/numerics' },
    ],
  },
  { text: 'Metrics catalogue', link: '/metrics' },
  {
    text: 'Guides',
    items: [
      { text: 'Which loss should I use?', link: '/guide/which-loss' },
      { text: 'TensorFlow.js', link: '/guide/tfjs' },
      { text: 'brain.js', link: '/guide/brain' },
      { text: 'After training: choose the threshold', link: '/guide/threshold' },
    ],
  },
  {
    text: 'Recipes',
    items: [
      { text: 'Imbalanced data', link: '/recipes/imbalanced-data' },
      { text: 'Choosing L and the learning rate', link: '/recipes/amplification-and-learning-rate' },
      { text: 'Custom metrics', link: '/recipes/custom-metrics' },
      { text: 'Multi-class', link: '/recipes/multi-class' },
    ],
  },
  { text: 'Live demo', link: '/demo' },
  { text: 'Benchmarks', link: '/benchmarks' },
  { text: 'FAQ & troubleshooting', link: '/faq' },
  { text: 'API reference', link: '/api/' },
];

const source = (path: string): string => here(`../../${path}`);

// The reproduction report (docs/reproduction/, written by `pnpm bench`) is a page of this site when present;
// until it has been generated, links to it are expected to dangle.
const hasReproduction = existsSync(here('../reproduction/index.md'));

export default defineConfig({
  title: 'AnyLoss',
  description: 'Any confusion-matrix metric — F1, balanced accuracy, MCC, … — as a differentiable training loss, for JavaScript.',
  lang: 'en-GB',
  cleanUrls: false,
  lastUpdated: false,
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  // Defaults are rendered from the code, and snippets shown in JavaScript and TypeScript (./source.ts).
  markdown: { math: true, config: pageSource },
  ignoreDeadLinks: hasReproduction ? false : [/^\/reproduction\//],
  // The API reference is generated; the reproduction report has its own assets.
  srcExclude: ['**/README.md', 'snippets/**', 'e2e/**'],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Metrics', link: '/metrics' },
      { text: 'Demo', link: '/demo' },
      { text: 'Benchmarks', link: '/benchmarks' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: {
      '/api/': [{ text: 'API reference', link: '/api/', items: apiSidebar() }],
      '/': guideSidebar,
    },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    footer: { message: 'MIT licensed. After Han, Moniz & Chawla, “AnyLoss”, KDD 2024 (arXiv 2405.14745).' },
  },
  // The reproduction report links its raw results (JSON) as plain files; VitePress copies only public/ and
  // imported assets, so copy the report's other files next to its page.
  buildEnd(siteConfig) {
    const report = here('../reproduction/');
    if (!existsSync(report)) return;
    const target = join(siteConfig.outDir, 'reproduction');
    mkdirSync(target, { recursive: true });
    // Recursively (the multi-class report lives in a subfolder); the .md pages are built by VitePress itself.
    cpSync(report, target, { recursive: true, filter: (path) => !path.endsWith('.md') });
  },
  vite: {
    resolve: {
      // The demo imports the workspace packages from source, so the site needs no package build.
      alias: [
        { find: /^@anyloss\/core$/, replacement: source('packages/core/src/index.ts') },
        { find: /^@anyloss\/core\/multiclass$/, replacement: source('packages/core/src/multiclass/index.ts') },
        { find: /^@anyloss\/core\/internal$/, replacement: source('packages/core/src/internal/index.ts') },
        { find: /^@anyloss\/tfjs$/, replacement: source('packages/tfjs/src/index.ts') },
      ],
    },
    build: { chunkSizeWarningLimit: 4000 },
  },
});
