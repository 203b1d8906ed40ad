/** Licences the feed can declare (Open Definition ids), by the id SETTINGS.openDataLicense names. */
export const LICENSES = {
  'CC-BY-4.0': {
    title: 'Creative Commons Attribution 4.0 International',
    path: 'https://creativecommons.org/licenses/by/4.0/',
  },
  'CC0-1.0': {
    title: 'Creative Commons CC0 1.0 Universal',
    path: 'https://creativecommons.org/publicdomain/zero/1.0/',
  },
  'ODC-BY-1.0': {
    title: 'Open Data Commons Attribution License 1.0',
    path: 'https://opendatacommons.org/licenses/by/1-0/',
  },
  'ODbL-1.0': {
    title: 'Open Data Commons Open Database License 1.0',
    path: 'https://opendatacommons.org/licenses/odbl/1-0/',
  },
} as const;

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
