// Types of defaults.mjs (a plain ES module, so that Node runs it as `pnpm docs:defaults` and VitePress's config
// imports it unbuilt).
export type Kind =
  'amplification' | 'learningRate' | 'epochs' | 'batchSize' | 'units' | 'momentum' | 'errorThresh' | 'period' | 'seed' | 'share';
export interface DefaultEntry {
  readonly value: number;
  readonly text: string;
  readonly kind: Kind;
  readonly subject: 'core' | 'tfjs' | 'brain' | 'bench' | 'demo';
  readonly source: string;
}
export const ROOT: string;
export const DEFAULTS: Readonly<Record<string, DefaultEntry>>;
export function renderDefaults(text: string): string;
export function checkMarkers(text: string): { line: number; key: string; kind: 'unknown' | 'stale' | 'pin'; message: string }[];
export function proseFiles(root?: string): string[];
export function fileSubjects(file: string): string[];
export function proseUnits(file: string, text: string): { line: number; text: string; measurements: boolean; tableDefault: boolean }[];
export function scanDefaults(file: string, text: string): { line: number; text: string; reason: string }[];
