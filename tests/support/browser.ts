import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/**
 * Browser tests drive Debian's chromium (`apt-get install chromium`) through playwright-core:
 * never a downloaded browser. Each launch gets a fresh profile, so no test sees another's cache.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why browser tests cannot run here, or undefined when they can. On a developer's machine without
 * chromium they are skipped; in CI (`CI` set, as .ci/run sets it) a missing chromium fails the run
 * instead, so a broken install never passes as green.
 */
export const chromiumMissing: string | undefined = fs.existsSync(CHROMIUM_PATH)
  ? undefined
  : `${CHROMIUM_PATH} is not installed (apt-get install chromium): browser tests skipped`;
if (chromiumMissing && process.env.CI)
  throw new Error(`${CHROMIUM_PATH} is not installed, and CI needs the browser tests`);

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless chromium with a new user-data-dir, removed again on close. */
export async function launchChromium(): Promise<Chromium> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yusuan-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/** Serves a node request listener (such as createApp's adapter) on an ephemeral local port. */
export async function serve(listener: http.RequestListener): Promise<RunningServer> {
  const server = http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
