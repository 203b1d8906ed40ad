import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import {
  type Chromium,
  chromiumMissing,
  launchChromium,
  type RunningServer,
  serve,
} from './support/browser.js';
import { seededMemoryDatabase } from './support/database.js';

describe.skipIf(chromiumMissing)(
  `GraphiQL in chromium${chromiumMissing ? ` (${chromiumMissing})` : ''}`,
  () => {
    let server: RunningServer;
    let browser: Chromium;

    beforeAll(async () => {
      server = await serve(createApp({ db: seededMemoryDatabase(), config: loadConfig({}) }));
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('opens /graphql with the example query, runs it and shows 512.02 in the result pane', async () => {
      const page = await browser.context.newPage();
      const failedRequests: string[] = [];
      page.on('requestfailed', (request) => failedRequests.push(request.url()));
      await page.goto(`${server.url}/graphql`, { waitUntil: 'load' });
      expect(await page.title()).toBe('Yusuan 预算 GraphQL');
      const run = page.locator('.graphiql-execute-button');
      await run.waitFor({ timeout: 20_000 });
      const editor = page.locator('.graphiql-query-editor .view-lines');
      await expect
        .poll(async () => (await editor.innerText()).replace(/\u00a0/g, ' '), { timeout: 20_000 })
        .toContain('unit(code: "122201")');
      await run.click();
      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.innerText(), { timeout: 20_000 }).toContain('"512.02"');
      const text = await result.innerText();
      expect(text).toContain('"194.01"');
      expect(text).toContain('"93.28"');
      expect(failedRequests).toEqual([]);
      await page.close();
    });

    it('has the docs explorer with the schema’s descriptions', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}/graphql`, { waitUntil: 'load' });
      await page.locator('button[aria-label="Show Documentation Explorer"]').click({ timeout: 20_000 });
      const docs = page.locator('.graphiql-doc-explorer');
      await expect.poll(() => docs.innerText(), { timeout: 20_000 }).toContain('Query');
      await docs.getByText('Query', { exact: true }).first().click();
      await expect
        .poll(() => docs.innerText(), { timeout: 20_000 })
        .toContain('单位 A department or unit by its code (and region, where the code is in more than one).');
      await page.close();
    });
  },
);
