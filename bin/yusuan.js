#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` or `npm run build`); in a clone that has not
// been built, the TypeScript sources through tsx.
import fs from 'node:fs';

// `yusuan check | head`: a reader that goes away ends the output quietly
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const compiled = new URL('../dist/cli.js', import.meta.url);
let cli;
if (fs.existsSync(compiled)) cli = await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('../src/cli.ts');
}
process.exitCode = await cli.main(process.argv.slice(2), process);
