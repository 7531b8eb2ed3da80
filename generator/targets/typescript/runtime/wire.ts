/**
 * What every request does with fetch at the lowest level: an attempt's AbortSignal (its
 * timeout and the caller's signal), waiting between attempts, reading a body within a
 * size limit, and naming why a fetch failed without quoting it.
 */

import { ApiConnectionError, ApiTimeoutError, safeUrl } from "./errors.js";

/** setTimeout's longest delay; a longer wait is no wait at all to it. */
const MAX_TIMER = 2 ** 31 - 1;

/** One attempt's AbortSignal: aborted when its time is up or the caller's signal fires. */
export class AttemptTimer {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  reason: "timeout" | "caller" | undefined;
  readonly #onAbort = (): void => this.#abort("caller");

  constructor(end: number, caller: AbortSignal | undefined) {
    this.#caller = caller;
    const wait = end - Date.now();
    if (wait < MAX_TIMER) {
      this.#timer = setTimeout(() => this.#abort("timeout"), Math.max(0, wait));
    }
    if (caller?.aborted) {
      this.#abort("caller");
    } else {
      caller?.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Ends the attempt `ms` from now unless `pause` comes first (a streamed body's read). */
  rearm(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer =
      ms < MAX_TIMER ? setTimeout(() => this.#abort("timeout"), ms) : undefined;
  }

  /** Only the caller's signal ends the attempt now: a streamed body waits for its reader. */
  pause(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener("abort", this.#onAbort);
  }

  #abort(reason: "timeout" | "caller"): void {
    if (this.reason === undefined) {
      this.reason = reason;
      this.#controller.abort(new Error(`the attempt was aborted (${reason})`));
    }
  }
}

export function aborted(
  signal: AbortSignal | undefined,
  url: string,
  method: string,
): ApiConnectionError {
  const error = new ApiConnectionError(
    `${method} ${safeUrl(url)} was aborted by the caller's signal`,
  );
  Object.defineProperty(error, "cause", {
    value: signal?.reason,
    enumerable: false,
  });
  return error;
}

/**
 * `body` read at its reader's pace: a read waits at most `idleMs` for the server's next
 * bytes (as httpx's read timeout does for the Python client), however long the reader
 * takes between reads; the caller's signal still ends it at any time.
 */
export function paced(
  body: ReadableStream<Uint8Array>,
  timer: AttemptTimer,
  idleMs: number,
  request: { readonly method: string; readonly url: string },
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  timer.pause();
  return new ReadableStream<Uint8Array>({
    async pull(controller): Promise<void> {
      timer.rearm(idleMs);
      try {
        const { done, value } = await reader.read();
        if (done) {
          timer.clear();
          controller.close();
        } else {
          timer.pause();
          controller.enqueue(value);
        }
      } catch (error) {
        timer.clear();
        controller.error(
          timer.reason === "timeout"
            ? new ApiTimeoutError(
                `${request.method} ${safeUrl(request.url)}: the body stalled (no bytes within ${idleMs} ms)`,
              )
            : timer.reason === "caller"
              ? aborted(signal, request.url, request.method)
              : error,
        );
      }
    },
    async cancel(reason): Promise<void> {
      timer.clear();
      await reader.cancel(reason);
    },
  });
}

/** Waits `ms`; a caller's abort ends the wait (the next attempt then throws). */
export function sleep(
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (ms <= 0 || signal?.aborted) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Lets go of a body that will not be read, so the connection can be reused or closed. */
export function discard(response: Response): void {
  void response.body?.cancel().catch(() => undefined);
}

export function withoutFragment(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = "";
  return copy.href;
}

/**
 * The body of `response`, at most `limit` bytes; `over` is called when it is longer
 * (it may throw), else the first `limit` bytes are kept.
 */
export async function readBody(
  response: Response,
  limit: number,
  over?: () => void,
): Promise<Uint8Array> {
  const reader = response.body?.getReader();
  if (reader === undefined) {
    return new Uint8Array(0);
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      parts.push(value);
      size += value.length;
      if (size > limit) {
        over?.();
        break;
      }
    }
  } finally {
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
  const out = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const part of parts) {
    const take = part.subarray(0, Math.max(0, out.length - at));
    out.set(take, at);
    at += take.length;
  }
  return out;
}

/** The system's error code of a failed fetch (ECONNREFUSED, ...), else the error's name. */
export function errorCode(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  for (const candidate of [cause, error]) {
    if (
      typeof candidate === "object" &&
      candidate !== null &&
      "code" in candidate
    ) {
      const code = (candidate as { code: unknown }).code;
      if (typeof code === "string" && /^[A-Z0-9_]+$/.test(code)) {
        return code;
      }
    }
  }
  return error instanceof Error ? error.name : "unknown error";
}
