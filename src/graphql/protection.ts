import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/**
 * The GraphQL endpoint's protections, composed in one place: graphql-armor's limits on depth,
 * aliases, directives and tokens (and field suggestions hidden in production). There is no CSRF
 * prevention: Yusuan is public, anonymous and read-only (no cookies, no credentials, no
 * mutations), so a cross-site request can do nothing a direct one cannot (SECURITY.md). Query cost (list sizes multiplied down each path) is Pothos's complexity plugin
 * (src/graphql/builder.ts); page sizes are checked where connections resolve.
 */
export function protections(config: Config): Plugin[] {
  const armor = new EnvelopArmor({
    maxDepth: { enabled: true, n: config.maxDepth },
    // every alias counts, __typename's too (graphql-armor exempts those by default)
    maxAliases: { enabled: true, n: config.maxAliases, allowList: [] },
    maxDirectives: { enabled: true, n: config.maxDirectives },
    maxTokens: { enabled: true, n: config.maxTokens },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  });
  return [rejectionsAsValidationErrors, ...(armor.protect().plugins as Plugin[])];
}

/**
 * graphql-armor throws its rejections out of validation, which skips Yoga's handling of
 * validation errors (the code GRAPHQL_VALIDATION_FAILED; 400 for a client that accepts
 * application/graphql-response+json). Returned instead, they are validation errors like any other.
 */
const rejectionsAsValidationErrors: Plugin = {
  onValidate({ validateFn, setValidationFn }) {
    setValidationFn((...args) => {
      try {
        return validateFn(...args);
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
    });
  },
};
