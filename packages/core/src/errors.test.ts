import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AnyLossError, isAnyLossError } from './errors.js';

const built = {
  esm: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  cjs: fileURLToPath(new URL('../dist/index.cjs', import.meta.url)),
};

describe('isAnyLossError', () => {
  it('recognises AnyLossErrors, and nothing else', () => {
    expect(
      isAnyLossError(new AnyLossError('INVALID_LABEL', 'yTrue[0] must be 0 or 1, got 2.', { argument: 'yTrue', index: 0, value: 2 })),
    ).toBe(true);
    for (const value of [new Error('x'), { code: 'INVALID_LABEL', argument: 'yTrue' }, null, undefined, 'AnyLossError', 0]) {
      expect(isAnyLossError(value)).toBe(false);
    }
  });

  it("the brand is Symbol.for('@anyloss/core/AnyLossError'), not enumerable: invisible to spreads and equality", () => {
    const error = new AnyLossError('INVALID_LABEL', 'message', { argument: 'yTrue' });
    const brand = Symbol.for('@anyloss/core/AnyLossError');
    expect((error as unknown as Record<symbol, unknown>)[brand]).toBe(true);
    expect(Object.prototype.propertyIsEnumerable.call(error, brand)).toBe(false);
    expect(Object.getOwnPropertySymbols({ ...error })).toEqual([]);
  });

  // The ESM and the CommonJS build are two copies of the class: `instanceof` fails across them, the brand does not.
  it('recognises errors across the built ESM and CommonJS files, where instanceof fails', async () => {
    for (const file of Object.values(built)) {
      if (!existsSync(file))
        throw new Error(`${file} is missing: build core first (\`pnpm --filter @anyloss/core build\`; \`pnpm test\` does it).`);
    }
    const script = `
      const { createRequire } = require('node:module');
      (async () => {
        const esm = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
        const cjs = require(${JSON.stringify(built.cjs)});
        const thrown = (core) => { try { core.anyLoss(core.metrics.f1).loss([0, 2], [0.1, 0.9]); } catch (error) { return error; } };
        const fromEsm = thrown(esm);
        const fromCjs = thrown(cjs);
        console.log(JSON.stringify({
          sameClass: esm.AnyLossError === cjs.AnyLossError,
          instanceofAcross: [fromEsm instanceof cjs.AnyLossError, fromCjs instanceof esm.AnyLossError],
          instanceofOwn: [fromEsm instanceof esm.AnyLossError, fromCjs instanceof cjs.AnyLossError],
          guard: [esm.isAnyLossError(fromEsm), esm.isAnyLossError(fromCjs), cjs.isAnyLossError(fromEsm), cjs.isAnyLossError(fromCjs)],
          codes: [fromEsm.code, fromCjs.code],
        }));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      sameClass: false,
      instanceofAcross: [false, false],
      instanceofOwn: [true, true],
      guard: [true, true, true, true],
      codes: ['INVALID_LABEL', 'INVALID_LABEL'],
    });
  });
});
