import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, ROOT, SETTINGS } from '../src/config.js';

const LIMITS = [
  'maxDepth',
  'maxCost',
  'maxAliases',
  'maxDirectives',
  'maxTokens',
  'maxBodyBytes',
  'maxPageSize',
  'openDataCacheSeconds',
  'factsChunkBytes',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'keepAliveTimeoutMs',
  'maxConnections',
  'graphqlTimeoutMs',
  'expensiveSlots',
  'expensiveQueue',
  'importMaxFileBytes',
  'importMaxInflatedBytes',
  'importMaxTextChars',
  'importMaxListItems',
  'importMaxTableRows',
  'importMaxDepth',
  'importMaxProblems',
] as const;

describe('settings', () => {
  it('every setting has a default, an environment variable and a one-line description', () => {
    for (const [key, setting] of Object.entries(SETTINGS)) {
      expect(setting.env, key).toMatch(/^[A-Z_]+$/);
      expect(setting.description, key).toMatch(/^\S.*\.$/);
      expect(setting.description.includes('\n'), key).toBe(false);
    }
  });

  it('SECURITY.md lists every limit with its environment variable and default', () => {
    const page = fs.readFileSync(path.join(ROOT, 'SECURITY.md'), 'utf8');
    for (const key of LIMITS) {
      const setting = SETTINGS[key];
      expect(page, key).toContain(`| \`${key}\` | \`${setting.env}\` | ${setting.default} |`);
    }
  });

  it('reads each setting from its environment variable, and names a bad value', () => {
    expect(loadConfig({ YUSUAN_MAX_DEPTH: '20', YUSUAN_PRODUCTION: 'true' })).toMatchObject({
      maxDepth: 20,
      production: true,
    });
    expect(() => loadConfig({ YUSUAN_MAX_COST: 'lots' })).toThrow(
      new ConfigError('YUSUAN_MAX_COST must be a whole number from 1 to 1000000000, found "lots"'),
    );
    expect(() => loadConfig({ YUSUAN_PRODUCTION: 'maybe' })).toThrow(
      'YUSUAN_PRODUCTION must be true or false, found "maybe"',
    );
  });
});
