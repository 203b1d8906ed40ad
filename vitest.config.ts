import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds; Node loads the CommonJS one for the
    // server's dependencies, so tests must use it too, or GraphQLError and types come from two realms.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // the CLI and server the tests spawn are the compiled ones: build them from the sources first
    globalSetup: ['tests/support/build.ts'],
  },
});
