import fs from 'node:fs';
import { grouped, importLimits, LIMIT_ENV } from './limits.js';
import type { ImportProblem } from './problems.js';

/** What a path is when it is not a regular file, as a problem names it. */
function kindOf(stat: fs.Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isSymbolicLink()) return 'a symbolic link (links are not followed)';
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Reads one input file of an import, or records why it is not read: only a regular file is read
 * (a symbolic link, device, FIFO or folder is refused by its lstat, without being opened), and only
 * up to the import's maxFileBytes (a larger file is refused by its size, before it is opened).
 * `shown` is the file as problems name it.
 */
export function readInputFile(file: string, shown: string, problems: ImportProblem[]): Buffer | null {
  const { maxFileBytes } = importLimits();
  const refuse = (expected: string, found: string) => {
    problems.push({ file: shown, row: null, column: null, expected, found });
    return null;
  };
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return refuse('the file to exist', code === 'ENOENT' ? 'no such file' : `it cannot be read (${code})`);
  }
  const kind = kindOf(stat);
  if (kind) return refuse('a regular file', kind);
  const tooLarge = (size: number) =>
    refuse(
      `a file of at most ${grouped(maxFileBytes)} bytes (${LIMIT_ENV.maxFileBytes})`,
      `${grouped(size)} bytes`,
    );
  if (stat.size > maxFileBytes) return tooLarge(stat.size);
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: what was swapped in since the lstat is neither followed nor waited on
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    return refuse('a readable file', `it cannot be opened (${(error as NodeJS.ErrnoException).code})`);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stat.ino || opened.dev !== stat.dev)
      return refuse('a regular file', 'a file replaced while it was opened');
    // one byte more than the limit: a file that grew since its stat is refused, not cut short
    const buffer = Buffer.allocUnsafe(Math.min(opened.size, maxFileBytes) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxFileBytes) return tooLarge(length);
      if (length === buffer.length)
        return refuse('a file that does not change while it is read', 'one that grew');
    }
    return buffer.subarray(0, length);
  } catch (error) {
    return refuse('a readable file', `it cannot be read (${(error as NodeJS.ErrnoException).code})`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Why a text from an input cannot be stored (null when it can): a NUL character (U+0000), or more
 * characters than the import's maxTextChars.
 */
export function textProblem(text: string): { expected: string; found: string } | null {
  const nul = text.indexOf('\u0000');
  if (nul >= 0)
    return {
      expected: 'text without NUL characters (U+0000)',
      found: `a NUL character at character ${nul + 1}`,
    };
  const { maxTextChars } = importLimits();
  if (text.length > maxTextChars)
    return {
      expected: `a text of at most ${grouped(maxTextChars)} characters (${LIMIT_ENV.maxTextChars})`,
      found: `${grouped(text.length)} characters`,
    };
  return null;
}
