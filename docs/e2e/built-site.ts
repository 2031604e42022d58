import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Throws a message saying how to build the site when `dist` holds no built site. */
export function requireBuiltSite(dist: string): void {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}index.html is missing: build the site first (\`pnpm --filter docs build\`; \`pnpm test\` does it).`);
  }
}
