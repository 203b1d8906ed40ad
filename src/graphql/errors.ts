import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { clipEcho } from '../echo.js';

/** graphql-js's suggestions: "Did you mean "name"?", "Did you mean the enum value "FUNCTIONAL"?" */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** The code of an error that has none: what the client sent, or the server's fault. */
function codeOf(error: GraphQLError): string {
  if (/^Invalid global ID\b/.test(error.message) || /^(Variable|Argument) /.test(error.message))
    return 'BAD_USER_INPUT';
  return 'INTERNAL_SERVER_ERROR';
}

/**
 * Every GraphQL error as a client gets it: with a code (extensions.code, as every error Yusuan
 * raises itself has), its echo of the request clipped (clipEcho), and in production without any
 * suggestion (graphql-armor hides those of fields and arguments; graphql-js also suggests enum
 * values and types). Runs on every answer, validation errors included.
 */
export function cleanErrors(production: boolean): Plugin {
  const clean = (error: GraphQLError): GraphQLError => {
    let message = clipEcho(error.message);
    if (production) message = message.replace(SUGGESTION, ' [Suggestion hidden]');
    const code = error.extensions?.code ?? codeOf(error);
    if (message === error.message && error.extensions?.code !== undefined) return error;
    return new GraphQLError(message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: { ...error.extensions, code },
    });
  };
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map((e) => clean(e as GraphQLError)) });
    },
  };
}
