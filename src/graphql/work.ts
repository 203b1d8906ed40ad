import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Requests doing expensive work (rendering tables, running checks, diffing revisions): at most
 * `slots` of them at a time, the others waiting in line (at most `queue` requests; past that a
 * request is refused as busy). A request takes its slot at its first expensive operation and
 * gives it back when it is answered or abandoned. Cheap requests never wait here, and each
 * expensive operation first yields to the event loop, so cheap requests arriving meanwhile are
 * answered between expensive operations, not after all of them. One gate per app.
 */
export class WorkGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** expensive operations run so far (tests and the bench read it) */
  operations = 0;

  constructor(
    private readonly slots: number,
    private readonly queue: number,
  ) {}

  /** Resolves when the request may do expensive work; the returned function gives the slot back. */
  async enter(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    if (this.active < this.slots) this.active++;
    else if (this.waiting.length >= this.queue)
      throw new GraphQLError(
        'the server is busy with expensive requests (tables, checks, revisions): try again shortly',
        { extensions: { code: 'SERVER_BUSY', http: { status: 503, headers: { 'retry-after': '1' } } } },
      );
    else
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', leave);
          this.active++;
          resolve();
        };
        const leave = () => {
          const at = this.waiting.indexOf(wake);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', leave, { once: true });
        this.waiting.push(wake);
      });
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }

  /** Requests doing expensive work and waiting to (for tests and the bench). */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }
}

/** The abort reason of a request that ran past the execution time limit. */
export function timeoutError(ms: number): GraphQLError {
  return new GraphQLError(
    `the query ran longer than the limit of ${ms} ms (YUSUAN_GRAPHQL_TIMEOUT_MS): ask for less at once`,
    { extensions: { code: 'QUERY_TIMEOUT', http: { status: 503 } } },
  );
}

/**
 * One request's work: a signal that aborts when the client goes away or the execution time limit
 * passes (GraphQL execution stops at the next field, and waiting or expensive work stops too), and
 * results computed once however often the request asks for them (the same budget's tables,
 * checks or diff under two aliases or ids are worked out once).
 */
export class RequestWork {
  readonly signal: AbortSignal;
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly timer: NodeJS.Timeout;
  private entered: Promise<void> | undefined;
  private leave: (() => void) | undefined;
  /** the request's last expensive operation: the next starts after it */
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly gate: WorkGate,
    request: AbortSignal,
    timeoutMs: number,
  ) {
    const controller = new AbortController();
    this.signal = controller.signal;
    this.timer = setTimeout(() => controller.abort(timeoutError(timeoutMs)), timeoutMs);
    this.timer.unref();
    if (request.aborted) controller.abort(request.reason);
    else request.addEventListener('abort', () => controller.abort(request.reason), { once: true });
  }

  /** `compute` for `key`, once per request (concurrent asks share the first). */
  once<T>(key: string, compute: () => Promise<T>): Promise<T> {
    let found = this.memo.get(key) as Promise<T> | undefined;
    if (!found) {
      found = compute();
      this.memo.set(key, found);
    }
    return found;
  }

  /**
   * Expensive synchronous work for `key`: once per request, inside the request's slot of the gate,
   * one operation of the request after another with a turn of the event loop before each (so
   * other requests' I/O goes between them, and an abort stops the rest).
   */
  expensive<T>(key: string, work: () => T): Promise<T> {
    return this.once(key, () => {
      const run = this.last.then(async () => {
        this.entered ??= this.gate.enter(this.signal).then((leave) => {
          this.leave = leave;
          // an abandoned request gives its slot back at once, not when its execution unwinds
          this.signal.addEventListener('abort', leave, { once: true });
        });
        await this.entered;
        await new Promise((resolve) => setImmediate(resolve));
        this.signal.throwIfAborted();
        this.gate.operations++;
        return work();
      });
      this.last = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    });
  }

  /** The request is answered: its slot is given back and its time limit no longer runs. */
  done(): void {
    clearTimeout(this.timer);
    this.leave?.();
  }
}

/**
 * Execution follows the request's work signal (Yoga passes `signal` to the executor, which stops
 * at the next field once it is aborted), and the time limit ends with the answer.
 */
export function boundedExecution(): Plugin<{ work?: RequestWork }> {
  return {
    onExecute({ args }) {
      const work = (args.contextValue as { work?: RequestWork }).work;
      if (work) (args as { signal?: AbortSignal }).signal = work.signal;
      return {
        onExecuteDone() {
          work?.done();
        },
      };
    },
  };
}
