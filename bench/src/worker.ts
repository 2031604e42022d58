// The worker thread of `--workers N`: receives datasets and fold jobs from the pool (pool.ts), runs each job with
// the engine named in its settings, and replies with the outcomes (and one message per finished loss, for progress).
import { parentPort } from 'node:worker_threads';
import { runFoldUnit } from './cross-validate.js';
import type { BenchDataset } from './dataset.js';
import { loadEngine, type Engine, type EngineName } from './engines.js';
import { serializeError, type WorkerReply, type WorkerRequest } from './pool.js';

const port = parentPort;
if (port === null) throw new Error('worker.js runs as a worker thread of the benchmark (see pool.ts).');

const datasets = new Map<number, BenchDataset>();
const engines = new Map<EngineName, Promise<Engine>>();
let queue: Promise<void> = Promise.resolve();

function reply(message: WorkerReply): void {
  port?.postMessage(message);
}

async function handle(request: WorkerRequest): Promise<void> {
  if (request.type === 'dataset') {
    datasets.set(request.key, request.dataset);
    return;
  }
  try {
    const dataset = datasets.get(request.datasetKey);
    if (dataset === undefined) throw new Error(`worker: dataset ${request.datasetKey} was not sent before its job`);
    let engine = engines.get(request.settings.engine);
    if (engine === undefined) {
      engine = loadEngine(request.settings.engine);
      engines.set(request.settings.engine, engine);
    }
    const outcomes = await runFoldUnit(request.settings, dataset, request.foldIndex, await engine, (loss) =>
      reply({ type: 'fit', id: request.id, loss }),
    );
    reply({ type: 'done', id: request.id, outcomes });
  } catch (error) {
    reply({ type: 'error', id: request.id, error: serializeError(error) });
  }
}

// One job at a time, in arrival order (a dataset message always precedes its first job).
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(() => handle(request));
});
