/**
 * `BaseAPI`: what every generated API class extends, and the one place a call goes
 * through: checks, URL and body, auth, the attempts (exchange.ts: retries, redirects,
 * timeouts), decoding, errors, pagination.
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

import { TokenCache, schemesFor } from "./auth.js";
import {
  Configuration,
  checkOptions,
  ownSettings,
  type FetchLike,
  type RequestOptions,
} from "./configuration.js";
import {
  baseType,
  buildUrl,
  encodeBody,
  own,
  parameterHeaders,
} from "./encode.js";
import {
  ApiError,
  ERROR_CLASSES,
  ERRORS_BY_STATUS,
  InvalidRequestError,
  ResponseDecodeError,
  SdkError,
  UnexpectedStatusError,
  safeUrl,
} from "./errors.js";
import { Exchange, type Final, type Prepared } from "./exchange.js";
import type {
  DecodeKind,
  Operation,
  Params,
  ResponseSpec,
} from "./operation.js";
import { itemsOf, nextPage } from "./pagination.js";
import { checkHeaders, checkRequest } from "./validate.js";

/** A decoded answer: `const { status, data } = await api.createMessage(...)`. */
export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly data: T;
}

/** Headers that describe the connection or the body as fetch sends it: one given by
 * the caller would contradict what goes on the wire. */
const OWNED_HEADERS = new Set([
  "content-length",
  "transfer-encoding",
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "upgrade",
]);

/** The base of every generated API class. */
export class BaseAPI {
  /** The most redirects followed in a row. */
  static MAX_REDIRECTS = 5;
  /** The largest body read into memory for a decoded answer (`requestStream` reads any size). */
  static MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
  /** Backoff: the first wait and the longest; the longest Retry-After waited for (ms). */
  static INITIAL_BACKOFF_MS = 500;
  static MAX_BACKOFF_MS = 8_000;
  static MAX_RETRY_AFTER_MS = 60_000;

  protected readonly configuration: Configuration;
  readonly #basePath: string | undefined;
  readonly #fetch: FetchLike | undefined;

  /**
   * `new MessagesApi(configuration)`, as with typescript-axios; `basePath` and
   * `fetchApi` override the configuration's.
   */
  constructor(
    configuration?: Configuration,
    basePath?: string,
    fetchApi?: FetchLike,
  ) {
    this.configuration = configuration ?? new Configuration();
    this.#basePath = basePath;
    this.#fetch = fetchApi;
  }

  /** Sends the operation and decodes the answer; throws an `ApiError` subclass on an error status. */
  protected async request<T>(
    op: Operation,
    params: Params,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<T>> {
    const final = await this.#send(op, params, body, options, false);
    const status = final.response.status;
    if (status < 200 || status >= 300) {
      throw errorFor(op, final);
    }
    return {
      status,
      headers: final.response.headers,
      data: decode(op, final) as T,
    };
  }

  /** Like `request`, but `data` is the body as it arrives, never held whole (downloads). */
  protected async requestStream(
    op: Operation,
    params: Params,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<ApiResponse<ReadableStream<Uint8Array>>> {
    const final = await this.#send(op, params, body, options, true);
    const { response } = final;
    if (final.bytes !== undefined) {
      throw errorFor(op, final);
    }
    return {
      status: response.status,
      headers: response.headers,
      data: final.body ?? new Blob([]).stream(),
    };
  }

  /** Every page of a paginated operation (`op.pagination`), fetched as iteration reaches it;
   * it stops when there is no next page or a page's arguments come round again. */
  protected async *pages<T>(
    op: Operation,
    params: Params,
    body?: unknown,
    options?: RequestOptions,
  ): AsyncGenerator<ApiResponse<T>, void, undefined> {
    const spec = op.pagination;
    let current: Params = params;
    const seen = new Set<string>();
    for (;;) {
      const page = await this.request<T>(op, current, body, options);
      yield page;
      const step =
        spec === undefined
          ? undefined
          : nextPage(op, page, itemsOf(spec, page.data), current);
      if (step === undefined) {
        return;
      }
      const key = JSON.stringify(
        Object.entries(step).sort(([a], [b]) => (a < b ? -1 : 1)),
      );
      // Asked for already: by an earlier page, or by this call itself (a server
      // answering with the very token it was given).
      if (
        seen.has(key) ||
        Object.entries(step).every(
          ([name, value]) => name in current && current[name] === value,
        )
      ) {
        return;
      }
      seen.add(key);
      current = { ...current, ...step };
    }
  }

  /** Every item of every page: `for await (const m of api.listMessagesAll(...))`. */
  protected async *paginate<I>(
    op: Operation,
    params: Params,
    body?: unknown,
    options?: RequestOptions,
  ): AsyncGenerator<I, void, undefined> {
    const spec = op.pagination;
    if (spec === undefined) {
      throw new SdkError(`${op.operationId} is not paginated`);
    }
    for await (const page of this.pages<unknown>(op, params, body, options)) {
      for (const item of itemsOf(spec, page.data)) {
        yield item as I;
      }
    }
  }

  async #send(
    op: Operation,
    params: Params,
    body: unknown,
    options: RequestOptions | undefined,
    stream: boolean,
  ): Promise<Final> {
    const config = this.configuration;
    checkOptions(options ?? {});
    const given = ownSettings(options ?? {});
    checkOwnHeaders(config.headers, "the configuration's headers");
    checkOwnHeaders(given.headers ?? {}, "options.headers");
    // The body is checked as the media type it goes in, which encodeBody then writes.
    const contentType =
      given.contentType ??
      namedType(given.headers ?? {}) ??
      namedType(config.headers);
    checkRequest(op, params, body, contentType);
    const server =
      this.#basePath ?? config.basePath ?? op.servers[config.serverIndex ?? 0];
    if (server === undefined) {
      throw new SdkError(
        `${op.operationId}: the spec declares no server for it; set basePath on the Configuration`,
      );
    }
    checkServer(server);
    const headers = new Headers(config.headers);
    for (const [name, value] of Object.entries(given.headers ?? {})) {
      headers.set(name, value);
    }
    for (const [name, value] of Object.entries(parameterHeaders(op, params))) {
      headers.set(name, value);
    }
    const accept = acceptOf(op);
    if (accept !== "" && !headers.has("accept")) {
      headers.set("Accept", accept);
    }
    const encoded = encodeBody(op, body, contentType);
    if (encoded.contentType !== undefined) {
      headers.set("Content-Type", encoded.contentType);
    } else if (encoded.body !== undefined) {
      headers.delete("content-type"); // multipart: fetch writes it with the boundary
    }
    const schemes = schemesFor(op, config);
    const fetchApi =
      this.#fetch ?? config.fetch ?? globalThis.fetch.bind(globalThis);
    const prepared: Prepared = {
      op,
      url: buildUrl(op, server, params),
      headers,
      body: encoded,
      schemes: schemes.filter(
        (scheme) => scheme.type !== "oauth2" || config.clientId === undefined,
      ),
      oauth: schemes.flatMap((scheme) =>
        scheme.type === "oauth2" && config.clientId !== undefined
          ? [new TokenCache(config, scheme)]
          : [],
      ),
      config,
      fetch: fetchApi,
      timeoutMs: given.timeoutMs ?? config.timeoutMs,
      deadlineMs: given.deadlineMs ?? config.deadlineMs,
      maxRetries: given.maxRetries ?? config.maxRetries,
      signal: given.signal,
    };
    const limits = this.constructor as typeof BaseAPI;
    return new Exchange(prepared, limits).run(stream);
  }
}

/** The Content-Type `headers` name, whatever its case; undefined when none. */
function namedType(
  headers: Readonly<Record<string, string>>,
): string | undefined {
  const name = Object.keys(headers).find(
    (key) => key.toLowerCase() === "content-type",
  );
  return name === undefined ? undefined : headers[name];
}

/** Refuses a server URL that is none, or that holds a user name or password (they would
 * show in every error), naming neither. */
function checkServer(server: string): void {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new SdkError("basePath is not a valid URL");
  }
  if (url.username !== "" || url.password !== "") {
    throw new SdkError(
      `basePath holds a user name or password; set them on the Configuration and basePath as ${safeUrl(url)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SdkError("basePath must be an http:// or https:// URL");
  }
}

function checkOwnHeaders(
  headers: Readonly<Record<string, string>>,
  what: string,
): void {
  checkHeaders(headers, what);
  for (const name of Object.keys(headers)) {
    if (OWNED_HEADERS.has(name.toLowerCase())) {
      throw new InvalidRequestError(
        `${what}: ${name} is written by the client from the request itself and cannot be given`,
        [name],
      );
    }
  }
}

/** The Accept header: the table's (the media types of the operation's responses), else
 * JSON for JSON responses and any type for binary or text ones. */
function acceptOf(op: Operation): string {
  if (op.accept !== undefined) {
    return op.accept;
  }
  let accept = ACCEPT.get(op);
  if (accept === undefined) {
    accept = defaultAccept(op);
    ACCEPT.set(op, accept); // tables never change: worked out once per operation
  }
  return accept;
}

const ACCEPT = new WeakMap<Operation, string>();

function defaultAccept(op: Operation): string {
  const kinds = new Set(
    Object.values(op.responses).flatMap((spec) => [
      spec.decode,
      ...Object.values(spec.others ?? {}),
    ]),
  );
  const types = [
    kinds.has("json") ? "application/json" : "",
    kinds.has("binary") || kinds.has("text") ? "*/*" : "",
  ];
  return types.filter((type) => type !== "").join(", ");
}

/** The spec's response for `status`: by itself, its range (2XX), or `default`. */
function responseFor(op: Operation, status: number): ResponseSpec | undefined {
  return (
    own(op.responses, String(status)) ??
    own(op.responses, `${Math.floor(status / 100)}XX`) ??
    own(op.responses, "default")
  );
}

function decode(op: Operation, final: Final): unknown {
  const { response } = final;
  const bytes = final.bytes ?? new Uint8Array(0);
  const contentType = response.headers.get("content-type") ?? "";
  const spec = responseFor(op, response.status);
  const fallback: DecodeKind =
    contentType === "" || /json/i.test(contentType) ? "json" : "binary";
  const kind =
    spec?.others?.[baseType(contentType)] ?? spec?.decode ?? fallback;
  const failed = (why: string): ResponseDecodeError =>
    new ResponseDecodeError(
      `${op.operationId}: ${why}`,
      response.status,
      response.headers,
      bytes,
    );
  switch (kind) {
    case "none":
      return undefined;
    case "text":
      return new TextDecoder().decode(bytes);
    case "binary":
      return new Blob([bytes as Uint8Array<ArrayBuffer>], {
        type: contentType,
      });
    default: {
      if (contentType !== "" && !/json/i.test(contentType)) {
        throw failed(
          `expected JSON, got ${JSON.stringify(contentType.slice(0, 100))}`,
        );
      }
      if (
        bytes.length === 0 &&
        (response.status === 204 ||
          response.status === 205 ||
          final.method === "HEAD")
      ) {
        return undefined;
      }
      try {
        return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
      } catch {
        throw failed("the response body is no valid JSON");
      }
    }
  }
}

/** The error for a non-2xx answer: the class the spec names for its status (else by
 * status), `UnexpectedStatusError` for a status the spec does not declare. */
function errorFor(op: Operation, final: Final): ApiError {
  const { response } = final;
  const status = response.status;
  const spec = responseFor(op, status);
  const body = final.bytes ?? new Uint8Array(0);
  const errorResponse = {
    status,
    headers: response.headers,
    body,
    method: final.method,
    url: safeUrl(final.url),
  };
  if (spec === undefined) {
    return new UnexpectedStatusError(errorResponse);
  }
  // The status's own class, else the one the table names (for a range or default).
  const named =
    spec.errorClass === undefined
      ? undefined
      : own(ERROR_CLASSES, spec.errorClass);
  const errorClass =
    (Object.hasOwn(ERRORS_BY_STATUS, status)
      ? ERRORS_BY_STATUS[status]
      : undefined) ??
    named ??
    ApiError;
  return new errorClass(
    errorResponse,
    spec.decode === "json" ? parsedJson(body) : undefined,
  );
}

function parsedJson(body: Uint8Array): unknown {
  if (body.length === 0) {
    return undefined;
  }
  try {
    return JSON.parse(new TextDecoder().decode(body)) as unknown;
  } catch {
    return undefined;
  }
}
