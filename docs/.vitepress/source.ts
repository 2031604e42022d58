import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MarkdownRenderer } from 'vitepress';
import { renderDefaults } from '../scripts/defaults.mjs';
import { stripTypes } from '../scripts/strip-types.mjs';

const snippets = fileURLToPath(new URL('../snippets/', import.meta.url));

/** A fenced code block that no snippet can close early. */
function fence(language: string, title: string, code: string): string {
  return [`\`\`\`\`${language} [${title}]`, code.trimEnd(), '````'].join('\n');
}

/**
 * Expands each `<<< @/snippets/<file>` line: a TypeScript snippet becomes a code group with its JavaScript version
 * (the same file with the types removed, docs/scripts/strip-types.mjs) and the TypeScript itself; a `.cjs` or
 * `.mjs` snippet is shown as it is. docs/snippets.test.ts runs every version shown.
 */
export function expandSnippets(markdown: string): string {
  return markdown.replace(/^<<< @\/snippets\/([\w.-]+)[ \t]*$/gm, (_, file: string) => {
    const code = readFileSync(snippets + file, 'utf8');
    if (file.endsWith('.ts')) {
      return ['::: code-group', '', fence('js', 'JavaScript', stripTypes(code, file)), '', fence('ts', 'TypeScript', code), '', ':::'].join(
        '\n',
      );
    }
    return fence('js', file.endsWith('.cjs') ? 'CommonJS' : 'JavaScript', code);
  });
}

/**
 * Rewrites each page's source before it is parsed: default markers get the values the code has now
 * (docs/scripts/defaults.mjs), and snippets are shown in JavaScript and TypeScript.
 */
export function pageSource(md: MarkdownRenderer): void {
  md.core.ruler.before('normalize', 'anyloss-page-source', (state) => {
    state.src = expandSnippets(renderDefaults(state.src));
  });
}
