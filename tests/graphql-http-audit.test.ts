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

  it('has no warning, and only the notices README lists (GET without the CSRF header is refused)', () => {
    expect(having('warn')).toEqual([]);
    expect(having('notice')).toEqual([
      'MAY accept application/x-www-form-urlencoded formatted GET requests: Response status code is not 200',
      'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json: Response status code is not 200',
      'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json: Response status code is not 200',
    ]);
  });
});
