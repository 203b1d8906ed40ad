/** The most characters of a client's input an error message repeats. */
export const ECHO_LIMIT = 100;

/**
 * A message with every long run of input cut to ECHO_LIMIT characters and an ellipsis: a quoted
 * value ("…" as graphql-js quotes names and values) or any run without spaces (a global id, a
 * path). An error never repeats more of a request than that.
 */
export function clipEcho(message: string): string {
  return message.replace(LONG_ECHO, (run, quoted: string | undefined) =>
    quoted === undefined ? `${run.slice(0, ECHO_LIMIT)}…` : `"${quoted.slice(0, ECHO_LIMIT)}…"`,
  );
}
const LONG_ECHO = new RegExp(`"((?:[^"\\\\]|\\\\.){${ECHO_LIMIT + 1},})"|\\S{${ECHO_LIMIT + 1},}`, 'g');
