import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * The expensive work of GraphQL requests (rendering tables, running checks, diffing revisions):
 * at most `slots` requests' operations at a time, the rest waiting in line (at most `queue`; past
 * that a request is refused as busy). Each operation first yields to the event loop, so cheap
 * requests arriving meanwhile are answered between expensive operations instead of after all of
 * them. One gate per app.
 */
export class WorkGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly slots: number,
    private readonly queue: number,
  ) {}

  /** Runs `work` when a slot is free and the request still wants it (its signal not aborted). */
  async run<T>(signal: AbortSignal, work: () => T): Promise<T> {
    await this.acquire(signal);
    try {
      // a macrotask turn: pending I/O (cheap requests) goes first
      await new Promise((resolve) => setImmediate(resolve));
      signal.throwIfAborted();
      return work();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    if (this.active < this.slots) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queue)
      throw new GraphQLError(
        'the server is busy with expensive requests (tables, checks, revisions): try again shortly',
        { extensions: { code: 'SERVER_BUSY', http: { status: 503, headers: { 'retry-after': '1' } } } },
      );
    return new Promise((resolve, reject) => {
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
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  /** Operations running and waiting (for tests and the bench). */
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

  /** Expensive synchronous work for `key`: once per request, through the gate. */
  expensive<T>(key: string, work: () => T): Promise<T> {
    return this.once(key, () => this.gate.run(this.signal, work));
  }

  /** The request is answered: its time limit no longer runs. */
  done(): void {
    clearTimeout(this.timer);
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
