/**
 * One call on its way through its attempts: auth, retries, redirects and timeouts.
 *
 * Retry rule (the Python SDK's): up to `maxRetries` more attempts, when
 * - the connection failed before the request was sent (refused, no such host, connect
 *   timeout): any method;
 * - the server answered 429 Too Many Requests: any method (it did not act on it);
 * - the method is idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) and the server
 *   answered 502, 503 or 504, or the connection broke or timed out after sending.
 * So a POST or PATCH is never sent twice when the server may have acted on it, and a
 * stream body is never sent twice. The wait is exponential backoff with jitter, or the
 * server's Retry-After; one longer than `MAX_RETRY_AFTER_MS` or than what is left of
 * the deadline is not waited for: the error is thrown at once, `retryAfter` set. A 401
 * to an OAuth2 token fetches a new token and sends again, once.
 *
 * Redirect rule: followed here (`redirect: "manual"`), never by fetch. 303 continues
 * with a GET without body; 301/302 keep the method for idempotent ones and are refused
 * for POST and PATCH; 307/308 keep method and body. A body goes only to the first
 * request's origin, and so do credentials and the caller's headers: to another origin
 * only `CROSS_ORIGIN_HEADERS` go. At most `MAX_REDIRECTS` in a row, never back to a URL
 * already requested.
 *
 * Timeouts: each attempt, reading the body included, ends within `timeoutMs`; the call,
 * attempts and waits included, within `deadlineMs`; both through an AbortSignal.
 */

import { applied, exposed, type TokenCache } from "./auth.js";
import type { Configuration, FetchLike } from "./configuration.js";
import type { EncodedBody } from "./encode.js";
import {
  ApiConnectionError,
  ApiTimeoutError,
  InsecureTransportError,
  MAX_ERROR_BODY,
  RedirectError,
  ResponseDecodeError,
  TooManyRedirectsError,
  retryAfterSeconds,
  safeUrl,
} from "./errors.js";
import type { Operation, SecurityScheme } from "./operation.js";
import {
  AttemptTimer,
  aborted,
  discard,
  errorCode,
  paced,
  readBody,
  sleep,
  withoutFragment,
} from "./wire.js";

export const IDEMPOTENT: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "PUT",
  "DELETE",
  "OPTIONS",
  "TRACE",
]);
const RETRY_STATUSES = new Set([502, 503, 504]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Failures that happen before any byte of the request reaches the server. */
const UNSENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);
/** All a request redirected to another origin keeps of its headers: ones that tell
 * nothing about the caller. Any other (the configuration's, per-call ones, header
 * parameters) may hold a secret meant for the first origin only. */
const CROSS_ORIGIN_HEADERS = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "user-agent",
  "content-type",
]);
const BODY_HEADERS = ["content-type", "content-length", "transfer-encoding"];

/** The limits a call follows (BaseAPI's statics). */
export interface Limits {
  readonly MAX_REDIRECTS: number;
  readonly MAX_RESPONSE_BYTES: number;
  readonly INITIAL_BACKOFF_MS: number;
  readonly MAX_BACKOFF_MS: number;
  readonly MAX_RETRY_AFTER_MS: number;
}

/** Everything a call sends, built once before its first attempt. */
export interface Prepared {
  readonly op: Operation;
  readonly url: string;
  readonly headers: Headers;
  readonly body: EncodedBody;
  readonly schemes: readonly SecurityScheme[];
  readonly oauth: readonly TokenCache[];
  readonly config: Configuration;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
  readonly deadlineMs: number | undefined;
  readonly maxRetries: number;
  readonly signal: AbortSignal | undefined;
}

/** The answer acted on; `bytes` is its body (undefined: left unread, for a stream,
 * which `body` then gives at its reader's pace). */
export interface Final {
  readonly response: Response;
  readonly method: string;
  readonly url: string;
  readonly bytes: Uint8Array | undefined;
  readonly body?: ReadableStream<Uint8Array> | undefined;
}

export class Exchange {
  readonly #p: Prepared;
  readonly #limits: Limits;
  readonly #method: string;
  readonly #callEnd: number;
  readonly #origin: URL;
  #attempt = 0;
  #refreshed = false;
  #hops = 0;
  #asGet = false;
  #location: URL | undefined;
  readonly #visited = new Set<string>();

  constructor(prepared: Prepared, limits: Limits) {
    this.#p = prepared;
    this.#limits = limits;
    this.#method = prepared.op.method;
    this.#callEnd =
      Date.now() + (prepared.deadlineMs ?? Number.POSITIVE_INFINITY);
    this.#origin = new URL(prepared.url);
  }

  /** Attempts until an answer is the one to act on; `stream` leaves a 2xx body unread. */
  async run(stream: boolean): Promise<Final> {
    // Each pass returns, throws, or spends one of a bounded number of retries,
    // redirects or token refreshes.
    for (;;) {
      this.#checkCaller();
      if (this.#remaining() <= 0) {
        throw new ApiTimeoutError(
          `${this.#p.op.operationId} took longer than its deadline of ${this.#p.deadlineMs ?? 0} ms`,
        );
      }
      const timer = new AttemptTimer(
        Math.min(Date.now() + this.#p.timeoutMs, this.#callEnd),
        this.#p.signal,
      );
      let keep = false;
      let url = this.#location?.href ?? this.#p.url;
      try {
        const tokens = await this.#tokens(timer);
        const built = await this.#build(tokens, timer.signal);
        url = built.url;
        let response: Response;
        try {
          response = await this.#p.fetch(built.url, built.init);
        } catch (error) {
          const delay = this.#afterError(error, timer, url);
          timer.clear();
          await sleep(delay, this.#p.signal);
          continue;
        }
        const delay = this.#afterResponse(response, built.sent, url);
        if (delay !== undefined) {
          discard(response);
          timer.clear();
          await sleep(delay, this.#p.signal);
          continue;
        }
        const ok = response.status >= 200 && response.status < 300;
        if (stream && ok) {
          const method = built.init.method ?? this.#method;
          keep = response.body !== null; // the stream owns the timer from here
          return {
            response,
            method,
            url,
            bytes: undefined,
            body:
              response.body === null
                ? undefined
                : paced(
                    response.body,
                    timer,
                    this.#p.timeoutMs,
                    { method, url },
                    this.#p.signal,
                  ),
          };
        }
        let bytes: Uint8Array;
        try {
          bytes = await readBody(
            response,
            ok ? this.#limits.MAX_RESPONSE_BYTES : MAX_ERROR_BODY,
            () => {
              if (ok) {
                throw new ResponseDecodeError(
                  `${this.#p.op.operationId}: the response body is larger than MAX_RESPONSE_BYTES (${this.#limits.MAX_RESPONSE_BYTES} bytes); use the streaming method`,
                  response.status,
                  response.headers,
                );
              }
            },
          );
        } catch (error) {
          if (error instanceof ResponseDecodeError) {
            throw error;
          }
          if (!ok) {
            bytes = new Uint8Array(0); // the error status is thrown with what could be read: nothing
          } else if (IDEMPOTENT.has(this.#method)) {
            const wait = this.#afterError(error, timer, url);
            timer.clear();
            await sleep(wait, this.#p.signal);
            continue;
          } else {
            // Even when the caller aborted: what matters is that the server acted on it.
            throw new ResponseDecodeError(
              `${this.#p.op.operationId}: the body of the answer could not be read (${timer.reason ?? errorCode(error)})`,
              response.status,
              response.headers,
            );
          }
        }
        return {
          response,
          method: built.init.method ?? this.#method,
          url,
          bytes,
        };
      } catch (error) {
        if (
          timer.reason === "caller" &&
          !(error instanceof ResponseDecodeError)
        ) {
          throw aborted(this.#p.signal, url, this.#method);
        }
        throw error;
      } finally {
        if (!keep) {
          timer.clear();
        }
      }
    }
  }

  #remaining(): number {
    return this.#callEnd - Date.now();
  }

  #checkCaller(): void {
    if (this.#p.signal?.aborted) {
      throw aborted(
        this.#p.signal,
        this.#location?.href ?? this.#p.url,
        this.#method,
      );
    }
  }

  async #tokens(timer: AttemptTimer): Promise<string[]> {
    const tokens: string[] = [];
    for (const cache of this.#p.oauth) {
      tokens.push(await cache.token(this.#p.fetch, timer.signal));
    }
    return tokens;
  }

  /** The next attempt's URL and init, with credentials unless it goes to another origin. */
  async #build(
    tokens: readonly string[],
    signal: AbortSignal,
  ): Promise<{
    url: string;
    init: RequestInit & { duplex?: "half" };
    sent: readonly string[];
  }> {
    const target = new URL(this.#location?.href ?? this.#p.url);
    const cross = target.origin !== this.#origin.origin;
    const headers = new Headers();
    for (const [name, value] of this.#p.headers) {
      if (this.#asGet && BODY_HEADERS.includes(name)) {
        continue;
      }
      if (!cross || CROSS_ORIGIN_HEADERS.has(name)) {
        headers.append(name, value);
      }
    }
    if (!cross) {
      await this.#authorize(target, headers, tokens);
    }
    const body = this.#asGet ? undefined : this.#p.body.body;
    const init: RequestInit & { duplex?: "half" } = {
      method: this.#asGet ? "GET" : this.#method,
      headers,
      body: body ?? null,
      redirect: "manual",
      signal,
    };
    if (!this.#p.body.replayable && body !== undefined) {
      init.duplex = "half"; // what fetch asks of a stream body
    }
    // The tokens sent: none to another origin, so a 401 from there refreshes nothing.
    return { url: target.href, init, sent: cross ? [] : tokens };
  }

  async #authorize(
    target: URL,
    headers: Headers,
    tokens: readonly string[],
  ): Promise<void> {
    const { op, config } = this.#p;
    if (
      (this.#p.schemes.length > 0 || tokens.length > 0) &&
      exposed(target) &&
      !config.allowInsecureHttp
    ) {
      throw new InsecureTransportError(
        `${op.operationId}: credentials would go unencrypted to ${target.hostname} over http://; use an https:// basePath (or allowInsecureHttp)`,
      );
    }
    for (const scheme of this.#p.schemes) {
      const added = await applied(scheme, config);
      if (added === undefined) {
        continue;
      }
      if ("header" in added) {
        headers.set(added.header, added.value);
      } else if ("query" in added) {
        const pair = `${encodeURIComponent(added.query)}=${encodeURIComponent(added.value)}`;
        target.search = target.search ? `${target.search}&${pair}` : `?${pair}`;
      } else {
        // Beside the operation's own cookie parameters, not instead of them.
        const cookie = `${added.cookie}=${encodeURIComponent(added.value)}`;
        const before = headers.get("cookie");
        headers.set("Cookie", before ? `${before}; ${cookie}` : cookie);
      }
    }
    for (const token of tokens) {
      headers.set("Authorization", `Bearer ${token}`);
    }
  }

  /** Milliseconds to wait before trying again; throws when the call has failed. */
  #afterError(error: unknown, timer: AttemptTimer, url: string): number {
    if (timer.reason === "caller") {
      throw aborted(this.#p.signal, url, this.#method);
    }
    const code = timer.reason === "timeout" ? "timeout" : errorCode(error);
    let delay: number | undefined;
    if (UNSENT.has(code) || IDEMPOTENT.has(this.#method)) {
      delay = this.#retry(undefined, code);
    }
    if (delay === undefined) {
      const where = `${this.#method} ${safeUrl(url)}`;
      throw timer.reason === "timeout"
        ? new ApiTimeoutError(
            `${where} timed out (no whole answer within ${this.#p.timeoutMs} ms or the call's deadline)`,
          )
        : new ApiConnectionError(`${where} failed: ${code}`);
    }
    return delay;
  }

  /** Milliseconds to wait before sending again, or undefined: `response` is the answer. */
  #afterResponse(
    response: Response,
    tokens: readonly string[],
    url: string,
  ): number | undefined {
    const status = response.status;
    if (response.type === "opaqueredirect") {
      throw new RedirectError(
        `${this.#p.op.operationId}: a redirect this platform's fetch does not show (a browser); not followed`,
        status,
        "",
      );
    }
    const location = response.headers.get("location");
    if (REDIRECTS.has(status) && location !== null) {
      this.#redirect(status, location, url);
      return 0;
    }
    if (
      status === 401 &&
      tokens.length > 0 &&
      this.#p.body.replayable &&
      !this.#refreshed
    ) {
      this.#refreshed = true;
      tokens.forEach((token, index) => this.#p.oauth[index]?.invalidate(token));
      return 0;
    }
    if (
      status === 429 ||
      (RETRY_STATUSES.has(status) && IDEMPOTENT.has(this.#method))
    ) {
      return this.#retry(retryAfterSeconds(response.headers), String(status));
    }
    return undefined;
  }

  /** Points the next attempt where the redirect leads, or throws when the rule refuses it. */
  #redirect(status: number, location: string, url: string): void {
    const op = this.#p.op.operationId;
    const method = this.#asGet ? "GET" : this.#method;
    let target: URL | undefined;
    try {
      target = new URL(location, url);
    } catch {
      target = undefined;
    }
    if (
      target === undefined ||
      !["http:", "https:"].includes(target.protocol) ||
      !target.hostname
    ) {
      throw new RedirectError(
        `${op}: ${status} redirect to a URL that is not http(s); not followed`,
        status,
        "",
      );
    }
    const shown = safeUrl(target);
    this.#visited.add(withoutFragment(new URL(url)));
    if (this.#visited.has(withoutFragment(target))) {
      throw new TooManyRedirectsError(
        `${op}: ${status} redirect back to a URL already requested (a loop); not sent there again`,
        status,
        shown,
      );
    }
    if (this.#hops >= this.#limits.MAX_REDIRECTS) {
      throw new TooManyRedirectsError(
        `${op}: more than ${this.#limits.MAX_REDIRECTS} redirects in a row`,
        status,
        shown,
      );
    }
    const asGet = this.#asGet || (status === 303 && method !== "HEAD");
    const keepsBody = this.#p.body.body !== undefined && !asGet;
    if (
      (status === 301 || status === 302) &&
      !IDEMPOTENT.has(method) &&
      !asGet
    ) {
      throw new RedirectError(
        `${op}: ${status} to a ${method} is not followed (it could be sent again as a GET or twice); the request was not sent again`,
        status,
        shown,
      );
    }
    if (keepsBody && !this.#p.body.replayable) {
      throw new RedirectError(
        `${op}: ${status} redirect not followed: the body cannot be sent again`,
        status,
        shown,
      );
    }
    if (keepsBody && target.origin !== this.#origin.origin) {
      throw new RedirectError(
        `${op}: ${status} redirect to another origin (${target.hostname}) not followed: the request body goes only to the origin it was meant for`,
        status,
        shown,
      );
    }
    this.#hops += 1;
    this.#asGet = asGet;
    this.#location = target;
  }

  /** The wait before the next attempt, or undefined when there is to be none. */
  #retry(retryAfter: number | undefined, reason: string): number | undefined {
    const limits = this.#limits;
    if (this.#attempt >= this.#p.maxRetries || !this.#p.body.replayable) {
      return undefined;
    }
    let delay: number;
    if (retryAfter !== undefined) {
      if (retryAfter * 1000 > limits.MAX_RETRY_AFTER_MS) {
        return undefined; // longer than the client waits: thrown, retryAfter set
      }
      delay = retryAfter * 1000;
    } else {
      const backoff = Math.min(
        limits.INITIAL_BACKOFF_MS * 2 ** this.#attempt,
        limits.MAX_BACKOFF_MS,
      );
      delay = backoff * (0.75 + Math.random() / 4);
    }
    if (delay >= this.#remaining()) {
      return undefined; // the call would outlast its deadline waiting
    }
    this.#attempt += 1;
    this.#tell(reason, delay);
    return delay;
  }

  /** The configuration's `onRetry`, if any: a logging hook cannot fail the call. */
  #tell(reason: string, delayMs: number): void {
    const hook = this.#p.config.onRetry;
    if (typeof hook !== "function") {
      return;
    }
    const { op } = this.#p;
    try {
      hook({
        operationId: op.operationId,
        method: this.#method,
        path: op.path,
        reason,
        attempt: this.#attempt,
        maxRetries: this.#p.maxRetries,
        delayMs,
      });
    } catch {
      // Logging is the caller's business; the retry goes on as it would without it.
    }
  }
}
