import type { ProgressEvent } from './run.js';

/** A writable text stream (process.stderr or a test double). */
export interface TextSink {
  /** Writes text. */
  write(text: string): unknown;
  /** True when the sink is a terminal (the bar redraws in place). */
  readonly isTTY?: boolean;
}

/**
 * A progress bar for stderr: redrawn in place on a terminal; elsewhere (CI logs, pipes) one line per 10%.
 * Returns the `onProgress` callback and a `finish` that ends the line.
 */
export function progressBar(sink: TextSink, label: string): { update: (event: ProgressEvent) => void; finish: () => void } {
  const started = performance.now();
  let lastDecile = -1;
  return {
    update(event) {
      const share = event.total > 0 ? event.done / event.total : 1;
      const seconds = (performance.now() - started) / 1000;
      const width = 28;
      const filled = Math.round(share * width);
      const bar = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${event.done}/${event.total} ${seconds.toFixed(0)}s ${event.dataset} ${event.loss}`;
      if (sink.isTTY === true) sink.write(`\r${bar.padEnd(110).slice(0, 110)}`);
      else {
        const decile = Math.floor(share * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          sink.write(`${bar}\n`);
        }
      }
    },
    finish() {
      if (sink.isTTY === true) sink.write('\n');
    },
  };
}
