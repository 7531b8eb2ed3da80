/**
 * `BaseAPI`: what every generated API class extends, and the one place a call goes
 * through: checks, URL and body, auth, the attempts with their retries, redirects and
 * timeouts, decoding, errors, pagination.
 *
 * A generated method is one line:
 *
 *     createMessage(accountId: string, messageRequest: MessageRequest, options?: RequestOptions):
 *         Promise<ApiResponse<Message>> {
 *       return this.request(OPERATIONS.createMessage, { accountId }, messageRequest, options);
 *     }
 *
 * `params` holds the call's arguments by `ParameterSpec.name` (undefined ones are left
 * out), `body` the request body (undefined: none).
 */

import { Configuration, type FetchLike, type RequestOptions } from "./configuration.js";
import type { Operation, Params } from "./operation.js";

/** A decoded answer: `const { status, data } = await api.createMessage(...)`. */
export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
}

/** The base of every generated API class. */
export class BaseAPI {
  /** The most redirects followed in a row. */
  static readonly MAX_REDIRECTS = 5;
  /** The largest body read into memory for a decoded answer (streams read any size). */
  static readonly MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
  /** Backoff: the first wait, the longest, and the longest Retry-After waited for (ms). */
  static readonly INITIAL_BACKOFF_MS = 500;
  static readonly MAX_BACKOFF_MS = 8_000;
  static readonly MAX_RETRY_AFTER_MS = 60_000;

  protected readonly configuration: Configuration;

  /**
   * `new MessagesApi(configuration)`, as with typescript-axios; `basePath` and
   * `fetchApi` override the configuration's.
   */
  constructor(configuration?: Configuration, basePath?: string, fetchApi?: FetchLike) {
    void basePath;
    void fetchApi;
    this.configuration = configuration ?? new Configuration();
    throw new Error("not implemented");
  }

  /** Sends the operation and decodes the answer; throws an `ApiError` subclass on an error status. */
  protected request<T>(op: Operation, params: Params, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>> {
    void op, params, body, options;
    throw new Error("not implemented");
  }

  /** Like `request`, but `data` is the body as it arrives, never held whole (downloads). */
  protected requestStream(
    op: Operation,
    params: Params,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<ReadableStream<Uint8Array>>> {
    void op, params, body, options;
    throw new Error("not implemented");
  }

  /** Every page of a paginated operation (`op.pagination`), fetched as iteration reaches it. */
  protected pages<T>(op: Operation, params: Params, body?: unknown, options?: RequestOptions): AsyncGenerator<ApiResponse<T>, void, undefined> {
    void op, params, body, options;
    throw new Error("not implemented");
  }

  /** Every item of every page: `for await (const m of api.listMessagesAll(...))`. */
  protected paginate<I>(op: Operation, params: Params, body?: unknown, options?: RequestOptions): AsyncGenerator<I, void, undefined> {
    void op, params, body, options;
    throw new Error("not implemented");
  }
}
