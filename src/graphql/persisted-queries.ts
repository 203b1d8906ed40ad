import crypto from 'node:crypto';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { BoundedMap } from '../db/version.js';

/**
 * Automatic persisted queries (Apollo's APQ protocol, version 1). A client sends
 * `extensions: {"persistedQuery": {"version": 1, "sha256Hash": …}}` without the query; a server
 * that knows the hash runs the query it stands for, one that does not answers
 * PERSISTED_QUERY_NOT_FOUND and the client sends the query with its hash once, which is then kept.
 * So a long query goes by GET in a short URL, and a CDN can cache it by that URL.
 *
 * The queries are kept in memory, at most `entries` of them (least recently used dropped first);
 * each is at most the body limit in size. A hash that is not the query's SHA-256 is refused, so
 * no one can make a hash stand for another query. (@graphql-yoga/plugin-apq does the same, but
 * wants @graphql-tools/utils 10 while graphql-yoga 5.24 brings 11.)
 */
export function persistedQueries(entries: number): Plugin {
  const known = new BoundedMap<string, string>(entries);
  const refuse = (message: string, code: string, status = 400) =>
    createGraphQLError(message, { extensions: { code, http: { status } } });
  return {
    onParams({ params, setParams }) {
      const persisted = (params.extensions as { persistedQuery?: unknown } | undefined)?.persistedQuery;
      if (persisted === undefined) return;
      const { version, sha256Hash: hash } = (persisted ?? {}) as { version?: unknown; sha256Hash?: unknown };
      if (version !== 1 || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
        throw refuse(
          'extensions.persistedQuery must be {"version": 1, "sha256Hash": "<64 lowercase hex digits>"}',
          'PERSISTED_QUERY_INVALID',
        );
      if (entries === 0) throw refuse('PersistedQueryNotSupported', 'PERSISTED_QUERY_NOT_SUPPORTED');
      if (params.query === undefined || params.query === null || params.query === '') {
        const query = known.get(hash);
        // the message is the protocol's: clients match it, then send the query
        if (query === undefined) throw refuse('PersistedQueryNotFound', 'PERSISTED_QUERY_NOT_FOUND', 200);
        setParams({ ...params, query });
        return;
      }
      if (crypto.createHash('sha256').update(params.query).digest('hex') !== hash)
        throw refuse(
          'the sha256Hash of extensions.persistedQuery is not the query’s',
          'PERSISTED_QUERY_MISMATCH',
        );
      known.set(hash, params.query);
    },
  };
}
