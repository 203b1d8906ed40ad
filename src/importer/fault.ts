import { SETTINGS } from '../config.js';

/**
 * Fault injection for the kill test (YUSUAN_FAULT_PAUSE_AFTER): at the named point an import
 * announces the pause on stderr and blocks until it is killed. Read from the environment itself,
 * so that no other setting can fail an import half-way.
 */
export function faultPoint(name: string): void {
  if (process.env[SETTINGS.faultPauseAfter.env] !== name) return;
  process.stderr.write(`yusuan: paused inside the import after ${name}\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0);
}
