import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, relative, sep } from 'node:path';

/**
 * The static link check of the built site: every page's HTML is parsed once, and every internal reference —
 * links (`<a href>`), stylesheets, scripts, icons and preloads (`<link href>`, `<script src>`), images
 * (`<img src>`, `<source srcset>`) and in-page SVG references (`<use href>`) — must name a file of the site, and
 * every `#fragment` must be an element id on the page it points to. External URLs are not followed (the tests run
 * offline). What a browser adds after hydration is the browser test's concern (docs/e2e/site.test.ts).
 */

/** One reference that does not resolve. */
export interface BrokenReference {
  /** The page it is on, as a site path (`/guide/tfjs.html`). */
  readonly page: string;
  /** The reference as written (entities decoded). */
  readonly reference: string;
  readonly problem: string;
}

export interface SiteCheck {
  readonly pages: number;
  /** Internal references checked (links, resources and in-page references). */
  readonly references: number;
  /** Of those, references with a `#fragment` whose id was checked. */
  readonly anchors: number;
  readonly broken: readonly BrokenReference[];
}

const ORIGIN = 'http://site.invalid';

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>', nbsp: '\u00a0' };

/** Decodes the character references that can occur in attribute values. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The attributes of one start tag's attribute text (`a="1" b='2' c`), names lower-cased, values decoded. */
function attributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of text.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = (match[1] as string).toLowerCase();
    if (!found.has(name)) found.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return found;
}

/** Which attributes of which elements hold a URL. */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  link: ['href'],
  script: ['src'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  iframe: ['src'],
  use: ['href', 'xlink:href'],
  image: ['href', 'xlink:href'],
};

/** Every element id of a page and every URL it references, from its HTML (scripts, styles and comments skipped). */
export function parsePage(html: string): { ids: Set<string>; references: string[] } {
  const ids = new Set<string>();
  const references: string[] = [];
  // Comments and the bodies of scripts and styles are not markup.
  const markup = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1</script>')
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/gi, '$1</style>');
  for (const match of markup.matchAll(/<([a-z][a-z0-9-]*)(\s[^>]*)?>/gi)) {
    const tag = (match[1] as string).toLowerCase();
    const attrs = attributes(match[2] ?? '');
    const id = attrs.get('id');
    if (id !== undefined && id !== '') ids.add(id);
    if (tag === 'a' && attrs.has('name')) ids.add(attrs.get('name') as string);
    for (const name of URL_ATTRIBUTES[tag] ?? []) {
      const value = attrs.get(name);
      if (value === undefined) continue;
      if (name === 'srcset')
        references.push(
          ...value
            .split(',')
            .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
            .filter(Boolean),
        );
      else references.push(value.trim());
    }
  }
  return { ids, references };
}

/** Every file under `root`, as site paths (`/guide/tfjs.html`). */
function siteFiles(root: string, directory = root): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return siteFiles(root, path);
    return [`/${relative(root, path).split(sep).join('/')}`];
  });
}

/** The file a static host serves for a URL path (`/x/` → `/x/index.html`), or undefined. */
function resolvePath(files: ReadonlySet<string>, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const path = normalize(decoded.endsWith('/') ? `${decoded}index.html` : decoded)
    .split(sep)
    .join('/');
  return files.has(path) ? path : undefined;
}

/** Checks every reference of every HTML page under `root` (a built site). */
export function checkSite(root: string): SiteCheck {
  if (!existsSync(root)) throw new Error(`${root} does not exist`);
  const files = new Set(siteFiles(root));
  const pages = new Map<string, { ids: Set<string>; references: string[] }>();
  for (const file of files) if (file.endsWith('.html')) pages.set(file, parsePage(readFileSync(join(root, file), 'utf8')));

  const broken: BrokenReference[] = [];
  let references = 0;
  let anchors = 0;
  for (const [page, { references: refs }] of pages) {
    const base = new URL(page, ORIGIN);
    for (const reference of refs) {
      if (reference === '' || /^(mailto|tel|javascript|data|blob):/i.test(reference)) continue;
      let url: URL;
      try {
        url = new URL(reference, base);
      } catch {
        broken.push({ page, reference, problem: 'not a valid URL' });
        continue;
      }
      if (url.origin !== ORIGIN) continue; // external: not followed
      references += 1;
      const target = resolvePath(files, url.pathname);
      if (target === undefined) {
        broken.push({ page, reference, problem: `no file ${url.pathname}` });
        continue;
      }
      const fragment = url.hash.slice(1);
      if (fragment === '') continue;
      anchors += 1;
      const targetPage = pages.get(target);
      let id: string;
      try {
        id = decodeURIComponent(fragment);
      } catch {
        id = fragment;
      }
      if (targetPage === undefined) broken.push({ page, reference, problem: `#${id} points into ${target}, which is not a page` });
      else if (!targetPage.ids.has(id)) broken.push({ page, reference, problem: `no element with id "${id}" on ${target}` });
    }
  }
  return { pages: pages.size, references, anchors, broken };
}
