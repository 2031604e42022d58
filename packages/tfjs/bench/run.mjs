// `pnpm --filter @anyloss/tfjs bench [name] [...options]`: builds the package, then runs bench/<name>.mjs
// (default: speed). Names: speed, amplification, evidence.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [name = 'speed', ...rest] = process.argv.slice(2);
const allowed = ['speed', 'amplification', 'evidence'];
if (!allowed.includes(name)) {
  console.error(`unknown bench "${name}"; choose one of ${allowed.join(', ')}`);
  process.exit(2);
}
const script = fileURLToPath(new URL(`./${name}.mjs`, import.meta.url));
const result = spawnSync(process.execPath, [script, ...rest], { stdio: 'inherit' });
process.exit(result.status ?? 1);
