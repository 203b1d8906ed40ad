import { serverAudits } from 'graphql-http';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { seededMemoryDatabase } from './support/database.js';

describe('the graphql-http server audits (GraphQL over HTTP)', async () => {
  const app = createApp({ db: seededMemoryDatabase(), config: loadConfig({}) });
  const audits = serverAudits({
    url: 'http://yusuan/graphql',
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init)),
  });
  const results = await Promise.all(audits.map(async (audit) => await audit.fn()));
  const having = (status: string) =>
    results.flatMap((r) => (r.status === status && r.status !== 'ok' ? [`${r.name}: ${r.reason}`] : []));

  it('runs every audit, and none is in error', () => {
    expect(results.length).toBeGreaterThan(50);
    expect(having('error')).toEqual([]);
  });

  it('has no warning and no notice: GET queries need no special header', () => {
    expect(having('warn')).toEqual([]);
    expect(having('notice')).toEqual([]);
  });
});
