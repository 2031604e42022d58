/**
 * @anyloss/tfjs on TensorFlow.js's webgl backend, in chromium with SwiftShader (chromium's software GL, WebGL2 with
 * no GPU): the BUILT packages (`packages/core/dist`, `packages/tfjs/dist`, built by `pnpm test` first) are loaded by
 * a plain page (docs/e2e/webgl-page/) through an import map, as a browser app would load them. Checks that
 * `createLoss` agrees with core's float64 reference — loss and gradient, every built-in metric, core's conformance
 * cases — within float32 tolerance, leaks no tensors, and trains a small model. Skipped only when
 * /usr/bin/chromium is missing.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithReference, conformanceCases, referenceResult } from '@anyloss/core/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium, warnIfNoChromium, type Browser } from './browser';
import { serveDirectory, type StaticServer } from './static-server';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const tfjsDist = join(dirname(createRequire(here('../package.json')).resolve('@tensorflow/tfjs/package.json')), 'dist');
const coreDist = here('../../packages/core/dist/');
const adapterDist = here('../../packages/tfjs/dist/');

// float32 tensors against core's float64 reference: the tolerance of the cpu and wasm conformance suites.
const tolerance = { relative: 1e-3, absolute: 1e-6 };

warnIfNoChromium('docs e2e (webgl)');

describe.skipIf(!hasChromium)('@anyloss/tfjs on the webgl backend (chromium, SwiftShader)', () => {
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    for (const dist of [coreDist, adapterDist]) {
      if (!existsSync(join(dist, 'index.js')))
        throw new Error(`${dist}index.js is missing: build the packages first (\`pnpm build\`; \`pnpm test\` does it).`);
    }
    server = await serveDirectory(here('./webgl-page/'), {
      '/page/': here('./webgl-page/'),
      '/tfjs/': tfjsDist,
      '/anyloss-core/': coreDist,
      '/anyloss-tfjs/': adapterDist,
    });
    browser = await launchChromium({ gpu: 'swiftshader' });
    ({ page, problems } = await browser.open(`${server.url}/index.html`));
    await page.locator('#status', { hasText: 'ready' }).waitFor({ timeout: 20_000 });
  }, 40_000); // chromium start plus parsing the 1 MB tfjs bundle: a few seconds, more under a parallel `pnpm test`

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs on WebGL2 with float32 render targets', async () => {
    const info = await page.evaluate(() =>
      (window as unknown as { anylossWebgl: { backendInfo(): Promise<Record<string, unknown>> } }).anylossWebgl.backendInfo(),
    );
    expect(info, JSON.stringify(info)).toMatchObject({ ready: true, backend: 'webgl', webglVersion: 2, float32: true });
    expect(String(info['renderer'])).toMatch(/SwiftShader/i);
  });

  it("agrees with core's float64 loss and gradient on every conformance case", async () => {
    const cases = conformanceCases();
    const input = cases.map((c) => ({
      metric: c.metric.name,
      yTrue: [...c.yTrue],
      yPred: [...c.yPred],
      sampleWeight: c.sampleWeight === undefined ? null : [...c.sampleWeight],
      amplification: c.amplification,
      from: c.from,
    }));
    const output = await page.evaluate(
      (batch) =>
        (
          window as unknown as {
            anylossWebgl: {
              lossAndGradient(cases: unknown): { results: { loss: number; gradient: number[] }[]; leakedTensors: number; backend: string };
            };
          }
        ).anylossWebgl.lossAndGradient(batch),
      input,
    );
    expect(output.backend).toBe('webgl');
    expect(output.results).toHaveLength(cases.length);
    const mismatches = cases.flatMap((c, i) => {
      const mismatch = compareWithReference(output.results[i] as { loss: number; gradient: number[] }, referenceResult(c), tolerance);
      return mismatch === undefined ? [] : [`${c.name}: ${mismatch}`];
    });
    expect(mismatches).toEqual([]);
    expect(cases.length).toBeGreaterThan(100); // 14 metrics × 9 batches
    expect(output.leakedTensors).toBe(0);
  });

  it('trains a small model, as the cpu backend does', async () => {
    type Training = { backend: string; positives: number; f1Before: number; f1After: number; losses: number[]; leakedTensors: number };
    const train = (backend: string): Promise<Training> =>
      page.evaluate(
        (name) =>
          (window as unknown as { anylossWebgl: { trainSmallModel(backend: string): Promise<Training> } }).anylossWebgl.trainSmallModel(
            name,
          ),
        backend,
      );
    const webgl = await train('webgl');
    const cpu = await train('cpu');
    if (process.env['SHOW_WEBGL']) console.log(JSON.stringify({ webgl, cpu }));
    expect(webgl.backend, JSON.stringify(webgl)).toBe('webgl');
    expect(webgl.positives).toBeGreaterThan(50); // of 400 rows
    expect(webgl.losses).toHaveLength(15);
    expect(webgl.losses.every(Number.isFinite)).toBe(true);
    expect(webgl.losses.at(-1)).toBeLessThan((webgl.losses[0] as number) - 0.3);
    expect(webgl.f1Before).toBeLessThan(0.5);
    expect(webgl.f1After).toBeGreaterThan(0.8);
    expect(webgl.leakedTensors).toBe(0);
    // The same seeded model, data and row order on the cpu backend: the same training up to the backends'
    // float32 arithmetic (measured: the epoch losses differ by 1e-4 after one epoch, 1.5e-3 after 15).
    expect(cpu.backend).toBe('cpu');
    const largestDifference = Math.max(...webgl.losses.map((loss, epoch) => Math.abs(loss - (cpu.losses[epoch] as number))));
    expect(largestDifference).toBeLessThan(5e-3);
    expect(Math.abs(webgl.f1After - cpu.f1After)).toBeLessThan(0.02);
    expect(problems).toEqual([]);
  });
});
