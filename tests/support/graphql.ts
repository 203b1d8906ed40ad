import { createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Db } from '../../src/db/client.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** Runs one GraphQL request through the app's fetch handler: no port, no network. */
export function graphqlClient(db: Db, settings: Partial<Config> = {}) {
  const app = createApp({ db, config: { ...loadConfig({}), ...settings } });
  return async function graphql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<T>> {
    const response = await app.fetch(
      new Request('http://yusuan/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      }),
    );
    return (await response.json()) as GraphQLResponse<T>;
  };
}
