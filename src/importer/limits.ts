import { AsyncLocalStorage } from 'node:async_hooks';
import { type Config, SETTINGS } from '../config.js';

/** The bounds every import input is read within (src/config.ts has each as a setting). */
export interface ImportLimits {
  /** largest file read (bytes), checked before it is opened */
  maxFileBytes: number;
  /** most bytes a workbook's parts inflate to, counted while inflating */
  maxInflatedBytes: number;
  /** longest text: a manifest field, a table cell, a document line */
  maxTextChars: number;
  /** most entries of each list of a manifest */
  maxListItems: number;
  /** most rows of one table */
  maxTableRows: number;
  /** deepest nesting of a manifest's objects and lists */
  maxDepth: number;
  /** most problems listed for one refused input (the rest are counted) */
  maxProblems: number;
}

/** The settings' defaults: what an import is bounded by when no setting says otherwise. */
export const DEFAULT_LIMITS: ImportLimits = limitsOf({
  importMaxFileBytes: SETTINGS.importMaxFileBytes.default,
  importMaxInflatedBytes: SETTINGS.importMaxInflatedBytes.default,
  importMaxTextChars: SETTINGS.importMaxTextChars.default,
  importMaxListItems: SETTINGS.importMaxListItems.default,
  importMaxTableRows: SETTINGS.importMaxTableRows.default,
  importMaxDepth: SETTINGS.importMaxDepth.default,
  importMaxProblems: SETTINGS.importMaxProblems.default,
});

type LimitSettings = Pick<
  Config,
  | 'importMaxFileBytes'
  | 'importMaxInflatedBytes'
  | 'importMaxTextChars'
  | 'importMaxListItems'
  | 'importMaxTableRows'
  | 'importMaxDepth'
  | 'importMaxProblems'
>;

/** The import limits of a configuration. */
export function limitsOf(config: LimitSettings): ImportLimits {
  return {
    maxFileBytes: config.importMaxFileBytes,
    maxInflatedBytes: config.importMaxInflatedBytes,
    maxTextChars: config.importMaxTextChars,
    maxListItems: config.importMaxListItems,
    maxTableRows: config.importMaxTableRows,
    maxDepth: config.importMaxDepth,
    maxProblems: config.importMaxProblems,
  };
}

/** The environment variable of each limit, for the messages that name it. */
export const LIMIT_ENV: Record<keyof ImportLimits, string> = {
  maxFileBytes: SETTINGS.importMaxFileBytes.env,
  maxInflatedBytes: SETTINGS.importMaxInflatedBytes.env,
  maxTextChars: SETTINGS.importMaxTextChars.env,
  maxListItems: SETTINGS.importMaxListItems.env,
  maxTableRows: SETTINGS.importMaxTableRows.env,
  maxDepth: SETTINGS.importMaxDepth.env,
  maxProblems: SETTINGS.importMaxProblems.env,
};

// The limits of the import being read: every reader (document, manifest, CSV, workbook) asks
// here, so that they need not be passed through each parser; an async workbook read keeps its own.
const current = new AsyncLocalStorage<ImportLimits>();

/** The limits of the import being read (the defaults outside one). */
export function importLimits(): ImportLimits {
  return current.getStore() ?? DEFAULT_LIMITS;
}

/** Runs `read` (sync or async) with these limits in force for every reader it calls. */
export function withLimits<T>(limits: ImportLimits | undefined, read: () => T): T {
  const inForce = limits ?? importLimits();
  running += 1;
  let result: T;
  try {
    result = current.run(inForce, read);
  } catch (error) {
    settled();
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(settled) as T;
  }
  settled();
  return result;
}

// An AsyncLocalStorage in use turns on Node's promise hooks for the whole process, and every
// promise pays for them; a server that seeded its database at start would pay on every request
// ever after. So the store is disabled again once no import is being read (run enables it).
let running = 0;
function settled(): void {
  running -= 1;
  if (running === 0) current.disable();
}

/** 12345 → "12,345", for messages. */
export const grouped = (n: number): string => n.toLocaleString('en-US');
