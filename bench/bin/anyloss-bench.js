#!/usr/bin/env node
// Thin wrapper: the command lives in ../dist/cli.js (build with `pnpm --filter @anyloss/bench build`).
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
