import { LICENSES } from '../config.js';

export interface License {
  name: string;
  title: string;
  path: string;
}

/** The licence a configured id names; throws for an id Yusuan does not know. */
export function licenseOf(id: string): License {
  const known = (LICENSES as Record<string, { title: string; path: string }>)[id];
  if (!known)
    throw new Error(
      `YUSUAN_OPENDATA_LICENSE must be one of ${Object.keys(LICENSES).join(', ')}, found "${id}"`,
    );
  return { name: id, ...known };
}

/**
 * Bumped when the bytes of a file change for the same facts (a new column, another layout):
 * it is part of every ETag computed without the body.
 */
export const FORMAT_VERSION = 2;
