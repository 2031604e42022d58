// The public surface, as a committed list (sorted): a change to what the package exports fails here until the
// list is updated on purpose — with a changeset saying so. Besides its own names it re-exports exactly
// @anyloss/core's main entry, whose list core's api.test.ts commits (so it is not repeated here).
import * as core from '@anyloss/core';
import { expect, it } from 'vitest';
import * as brain from './index.js';

const OWN_NAMES = ['TRAIN_DEFAULTS', 'train', 'trainAsync', 'withSeededRandom'];

it('@anyloss/brain exports exactly its committed names and all of @anyloss/core', () => {
  expect(Object.keys(brain).sort()).toEqual([...OWN_NAMES, ...Object.keys(core)].sort());
  for (const name of Object.keys(core)) expect(brain[name as keyof typeof brain], name).toBe(core[name as keyof typeof core]);
});
