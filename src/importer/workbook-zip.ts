import zlib from 'node:zlib';
import { grouped, LIMIT_ENV } from './limits.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Why a workbook's zip would inflate past `max` bytes, or cannot be measured (null when it
 * inflates to at most `max`). The central directory (what the XLSX library reads the zip by) is
 * walked: each part's declared size is added up first, then each part is inflated with zlib
 * stopping at the bytes left (maxOutputLength), since a declared size can lie. So no more than
 * `max` bytes are ever inflated, and a zip bomb is refused while inflating, not after.
 */
export function inflatedSizeProblem(zip: Buffer, max: number): { expected: string; found: string } | null {
  const bounded = `a workbook that inflates to at most ${grouped(max)} bytes (${LIMIT_ENV.maxInflatedBytes})`;
  const damaged = (why: string) => ({
    expected: 'an .xlsx workbook',
    found: `a file that cannot be opened as one (${why})`,
  });
  const u16 = (at: number) => zip.readUInt16LE(at);
  const u32 = (at: number) => zip.readUInt32LE(at);
  // the last end-of-central-directory record, as the XLSX library's zip reader finds it
  let end = zip.length - 4;
  while (end >= 0 && u32(end) !== EOCD) end--;
  if (end < 0 || end + 22 > zip.length) return damaged(`not a zip archive: no central directory`);
  const count = u16(end + 10);
  let at = u32(end + 16);
  if (count === 0xffff || at === 0xffffffff)
    return damaged(`a ZIP64 archive: an .xlsx workbook is a plain zip`);
  const parts: { data: Buffer; method: number; size: number }[] = [];
  let declared = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || u32(at) !== CENTRAL)
      return damaged(`a zip whose central directory entry ${i + 1} is damaged`);
    const method = u16(at + 10);
    const compressed = u32(at + 20);
    const size = u32(at + 24);
    const local = u32(at + 42);
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff)
      return damaged(`a ZIP64 archive: an .xlsx workbook is a plain zip`);
    if (method !== 0 && method !== 8)
      return damaged(`a zip part compressed with method ${method}, neither stored nor deflated`);
    declared += size;
    if (declared > max)
      return { expected: bounded, found: `parts that declare ${grouped(declared)} bytes or more` };
    if (local + 30 > zip.length || u32(local) !== LOCAL)
      return damaged(`a zip whose part ${i + 1} is damaged`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + compressed > zip.length) return damaged(`a zip whose part ${i + 1} is cut short`);
    parts.push({ data: zip.subarray(start, start + compressed), method, size });
    at += 46 + u16(at + 28) + u16(at + 30) + u16(at + 32);
  }
  let inflated = 0;
  for (const part of parts) {
    const left = max - inflated;
    if (part.method === 0) inflated += part.data.length;
    else {
      try {
        // one byte more than is left: a part that reaches it inflates past the limit
        inflated += zlib.inflateRawSync(part.data, { maxOutputLength: left + 1 }).length;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
          return {
            expected: bounded,
            found: `parts that inflate to more than ${grouped(max)} bytes (inflating stopped there)`,
          };
        return damaged(`a zip part that cannot be inflated: ${(error as Error).message}`);
      }
    }
    if (inflated > max)
      return {
        expected: bounded,
        found: `parts that inflate to more than ${grouped(max)} bytes (inflating stopped there)`,
      };
  }
  return null;
}
