import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../src/config.js';

/** Compiles src/ to dist/ before the tests, so the commands they spawn run the code under test. */
export default function setup() {
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}
