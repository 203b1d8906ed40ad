#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm install` or `npm run build`); in a clone that has not
// been built, the TypeScript sources through tsx.
import fs from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (fs.existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
