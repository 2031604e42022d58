/**
 * The browser deployment path, in Chromium: a model trained on AnyLoss and saved with `saveModel` (here in Node,
 * written as the model.json + weights.bin files a static host serves) is loaded by a page that has ONLY the
 * TensorFlow.js bundle (`tf.min.js`, no @anyloss/tfjs): `tf.loadLayersModel(url)`, then through IndexedDB
 * (`model.save('indexeddb://…')` and `tf.loadLayersModel('indexeddb://…')`). Predictions must equal Node's, and
 * the AnyLoss entry of the metadata must survive both. As a control, the same model saved with a plain
 * `model.save(…, { includeOptimizer: true })` fails in that page. Skipped only when /usr/bin/chromium is missing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics } from '@anyloss/core';
import * as tf from '@tensorflow/tfjs';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoss, createMetric, saveModel } from './index.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`tfjs deploy e2e: SKIPPED — ${CHROMIUM} is missing (install it with \`apt-get install chromium\`).`);

/** The files a static host serves for a saved model: model.json (tfjs's format) and one weights file. */
function modelFiles(artifacts: tf.io.ModelArtifacts): { json: string; weights: Buffer } {
  const { weightData, weightSpecs, trainingConfig, modelTopology, userDefinedMetadata, format, generatedBy, convertedBy } = artifacts;
  const json = JSON.stringify({
    modelTopology,
    format,
    generatedBy,
    convertedBy,
    ...(trainingConfig === undefined ? {} : { trainingConfig }),
    ...(userDefinedMetadata === undefined ? {} : { userDefinedMetadata }),
    weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }],
  });
  return { json, weights: Buffer.from(weightData as ArrayBuffer) };
}

async function capture(save: (handler: tf.io.IOHandler) => Promise<unknown>): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved as tf.io.ModelArtifacts;
}

describe.skipIf(!hasChromium)('deploy: a page with only TensorFlow.js loads a model saved with saveModel', () => {
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let profile: string;
  const files = new Map<string, { body: string | Buffer; type: string }>();
  const x = [
    [0.2, -1.3, 0.7],
    [1.5, 0.4, -0.2],
    [-0.8, 0.9, 1.1],
    [0.05, 0.05, -2],
  ];
  let expected: number[] = [];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    // Train briefly on AnyLoss-F1 with AnyLoss metrics, then save both ways.
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 6, activation: 'relu', inputShape: [3], kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }),
      ],
    });
    model.compile({
      optimizer: tf.train.adam(1e-2),
      loss: createLoss(metrics.f1),
      metrics: [createMetric(metrics.f1), createMetric(metrics.mcc)],
    });
    const [xs, ys] = tf.tidy(() => {
      const inputs = tf.randomNormal([128, 3], 0, 1, 'float32', 5);
      return [inputs, tf.cast(tf.greater(tf.sum(inputs, 1, true), 0.8), 'float32')];
    });
    await model.fit(xs, ys, { epochs: 3, batchSize: 32, verbose: 0 });
    expected = Array.from(tf.tidy(() => (model.predict(tf.tensor2d(x)) as tf.Tensor).dataSync()));
    const deployable = modelFiles(await capture((handler) => saveModel(model, handler)));
    const raw = modelFiles(await capture((handler) => model.save(handler, { includeOptimizer: true })));
    tf.dispose([xs, ys]);
    model.dispose();

    const require = createRequire(import.meta.url);
    files.set('/tf.min.js', { body: readFileSync(require.resolve('@tensorflow/tfjs/dist/tf.min.js')), type: 'text/javascript' });
    files.set('/index.html', {
      body: '<!doctype html><meta charset="utf-8"><script src="/tf.min.js"></script><title>deploy</title>',
      type: 'text/html',
    });
    files.set('/model/model.json', { body: deployable.json, type: 'application/json' });
    files.set('/model/weights.bin', { body: deployable.weights, type: 'application/octet-stream' });
    files.set('/raw/model.json', { body: raw.json, type: 'application/json' });
    files.set('/raw/weights.bin', { body: raw.weights, type: 'application/octet-stream' });
    server = createServer((request, response) => {
      const file = files.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      response.writeHead(file === undefined ? 404 : 200, { 'content-type': file?.type ?? 'text/plain' });
      response.end(file?.body ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'anyloss-tfjs-deploy-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    // Offline by construction: only the local server answers.
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('predicts what the trained model predicts, from http and from IndexedDB; the previous format fails there', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/index.html`);
    const result = await page.evaluate(
      async ({ x, base }) => {
        const tf = (globalThis as unknown as { tf: typeof import('@tensorflow/tfjs') }).tf;
        await tf.setBackend('cpu');
        const predict = (model: import('@tensorflow/tfjs').LayersModel): number[] =>
          Array.from((model.predict(tf.tensor2d(x)) as import('@tensorflow/tfjs').Tensor).dataSync());
        const fromHttp = await tf.loadLayersModel(`${base}/model/model.json`);
        await fromHttp.save('indexeddb://anyloss-deploy');
        const fromIndexedDb = await tf.loadLayersModel('indexeddb://anyloss-deploy');
        let previousFormat = 'loaded';
        try {
          await tf.loadLayersModel(`${base}/raw/model.json`);
        } catch (error) {
          previousFormat = (error as Error).message;
        }
        return {
          http: predict(fromHttp),
          indexedDb: predict(fromIndexedDb),
          compiled: fromHttp.optimizer !== undefined,
          metadata: Object.keys(fromIndexedDb.getUserDefinedMetadata() ?? {}),
          previousFormat,
        };
      },
      { x, base: origin },
    );
    // float32 on the same backend kind: the same numbers as in Node, to float32 rounding of the last layer
    result.http.forEach((value, i) => expect(value).toBeCloseTo(expected[i] as number, 6));
    expect(result.indexedDb).toEqual(result.http);
    expect(result.compiled).toBe(false);
    expect(result.metadata).toEqual(['@anyloss/tfjs']); // kept through IndexedDB, so loadModel could still resume
    expect(result.previousFormat).toMatch(/Unknown entry in loss dictionary: "anyloss"/);
    expect(errors).toEqual([]);
    await page.close();
  });
});
