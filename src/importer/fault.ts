import { SETTINGS } from '../config.js';

/**
 * Fault injection for the kill tests (YUSUAN_FAULT_PAUSE_AFTER): at the named point an import
 * announces the pause on stderr and blocks until it is killed; with "trace" it announces every
 * point and goes on. Read from the environment itself,
 * so that no other setting can fail an import half-way.
 */
export function faultPoint(name: string): void {
  const pauseAfter = process.env[SETTINGS.faultPauseAfter.env];
  if (pauseAfter === undefined || pauseAfter === '') return;
  // "trace": each point is announced and the import goes on (a test kills it at random moments)
  if (pauseAfter === 'trace') {
    process.stderr.write(`yusuan: at ${name}\n`);
    return;
  }
  if (pauseAfter !== name) return;
  process.stderr.write(`yusuan: paused inside the import after ${name}\n`);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) Atomics.wait(cell, 0, 0);
}
