/**
 * Settings of the open-data feed, each with its default and what it is for. They belong in
 * src/config.ts (SETTINGS) with the others; until they move there, this is their one home.
 */
export const OPEN_DATA = {
  /** Seconds a client or proxy may reuse a download before revalidating it with its ETag. */
  cacheMaxAgeSeconds: 300,
  /** Rows of facts.csv encoded per streamed chunk: larger chunks, fewer writes, more memory. */
  factsChunkRows: 1000,
  /** Licence declared in catalog.json and datapackage.json (Open Definition id and URL). */
  license: {
    name: 'CC-BY-4.0',
    title: 'Creative Commons Attribution 4.0 International',
    path: 'https://creativecommons.org/licenses/by/4.0/',
  },
  /** Who publishes the compiled datasets (facts.csv of a year) in catalog.json. */
  publisher: 'Yusuan 预算公开数据',
} as const;

/**
 * Bumped when the bytes of a file change for the same facts (a new column, another layout):
 * it is part of every ETag computed without the body.
 */
export const FORMAT_VERSION = 1;
