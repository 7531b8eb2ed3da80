/**
 * The client's settings: where to send, the credentials, timeouts and retries.
 *
 * `new Configuration()` and the fields of typescript-axios's `ConfigurationParameters`
 * (`basePath`, `username`, `password`, `accessToken`, `apiKey`, `serverIndex`) work as
 * they did, so code written for that SDK keeps compiling; the rest is ours. Secrets
 * live in private fields behind accessors: `util.inspect`, `console.log`,
 * `JSON.stringify` and `String()` of a configuration (or of a client holding one)
 * show `<redacted>` in their place.
 */

import { InvalidRequestError, safeUrl } from "./errors.js";

/** The `fetch` the client sends with: the platform's, or a test's / a proxy agent's. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** A token given directly, as a promise, or produced on demand (e.g. read from a vault);
 * a function gets the scheme's name and scopes, as typescript-axios passes them. */
export type SecretSource =
  | string
  | Promise<string>
  | ((name?: string, scopes?: readonly string[]) => string | Promise<string>);

/** One retry about to happen, as `onRetry` is told of it (the Python SDK logs the same
 * at INFO on its logger). No credential, header, query or body is in it. */
export interface RetryEvent {
  readonly operationId: string;
  readonly method: string;
  /** The operation's path template (`/users/{accountId}/messages`), not the URL. */
  readonly path: string;
  /** The status that is retried (`"503"`), or the system's code of a failed attempt. */
  readonly reason: string;
  /** This retry's number, from 1, and the most there may be. */
  readonly attempt: number;
  readonly maxRetries: number;
  readonly delayMs: number;
}

/** An API key given directly, as a promise, or per scheme (`name`: the key's name). */
export type ApiKeySource =
  string | Promise<string> | ((name: string) => string | Promise<string>);

export interface ConfigurationParameters {
  /** Sends every operation here instead of the spec's servers (no trailing slash needed). */
  basePath?: string;
  /** Picks another of an operation's servers than its first. */
  serverIndex?: number;
  /** HTTP Basic. */
  username?: string;
  password?: string;
  /** A bearer token (also used for OAuth2 schemes when no clientId is given). */
  accessToken?: SecretSource;
  /** API keys, for header, query or cookie schemes. */
  apiKey?: ApiKeySource;
  /** OAuth2 client credentials: a token is fetched, cached and renewed by the client. */
  clientId?: string;
  clientSecret?: string;
  /** Replaces the spec's tokenUrl. */
  tokenUrl?: string;
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>>;
  /** Each attempt, reading the body included, ends within this (default 60000 ms). */
  timeoutMs?: number;
  /** The whole call, retries and waits included, ends within this (default: none). */
  deadlineMs?: number;
  /** Attempts after the first (default 2). */
  maxRetries?: number;
  /** Credentials may go over plain http:// to another machine (default false). */
  allowInsecureHttp?: boolean;
  /** The `fetch` to send with (default: the global one). */
  fetch?: FetchLike;
  /** Told of each retry before its wait, for logging; what it throws is ignored. */
  onRetry?: (event: RetryEvent) => void;
}

/** Settings of one call; they override the configuration's for it. */
export interface RequestOptions {
  /** Headers for this call, over the configuration's. */
  headers?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  deadlineMs?: number;
  maxRetries?: number;
  /** Aborts the call (an `ApiConnectionError` whose `cause` is the signal's reason). */
  signal?: AbortSignal;
  /** The Content-Type of a binary or text body, when the spec offers several. */
  contentType?: string;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** The client's settings. Secrets are readable (`configuration.password`) but never shown. */
export class Configuration {
  basePath: string | undefined;
  serverIndex: number | undefined;
  username: string | undefined;
  clientId: string | undefined;
  tokenUrl: string | undefined;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  deadlineMs: number | undefined;
  maxRetries: number;
  allowInsecureHttp: boolean;
  fetch: FetchLike | undefined;
  onRetry: ((event: RetryEvent) => void) | undefined;
  #password: string | undefined;
  #accessToken: SecretSource | undefined;
  #apiKey: ApiKeySource | undefined;
  #clientSecret: string | undefined;

  constructor(given: ConfigurationParameters = {}) {
    const parameters = ownSettings(given);
    this.basePath = parameters.basePath;
    this.serverIndex = parameters.serverIndex;
    this.username = parameters.username;
    this.#password = parameters.password;
    this.#accessToken = parameters.accessToken;
    this.#apiKey = parameters.apiKey;
    this.clientId = parameters.clientId;
    this.#clientSecret = parameters.clientSecret;
    this.tokenUrl = parameters.tokenUrl;
    this.headers = parameters.headers ?? {};
    this.timeoutMs = parameters.timeoutMs ?? 60_000;
    this.deadlineMs = parameters.deadlineMs;
    this.maxRetries = parameters.maxRetries ?? 2;
    this.allowInsecureHttp = parameters.allowInsecureHttp ?? false;
    this.fetch = parameters.fetch;
    this.onRetry = parameters.onRetry;
    checkSettings(
      {
        timeoutMs: this.timeoutMs,
        deadlineMs: this.deadlineMs,
        maxRetries: this.maxRetries,
      },
      "the configuration",
    );
  }

  get password(): string | undefined {
    return this.#password;
  }
  set password(value: string | undefined) {
    this.#password = value;
  }
  get accessToken(): SecretSource | undefined {
    return this.#accessToken;
  }
  set accessToken(value: SecretSource | undefined) {
    this.#accessToken = value;
  }
  get apiKey(): ApiKeySource | undefined {
    return this.#apiKey;
  }
  set apiKey(value: ApiKeySource | undefined) {
    this.#apiKey = value;
  }
  get clientSecret(): string | undefined {
    return this.#clientSecret;
  }
  set clientSecret(value: string | undefined) {
    this.#clientSecret = value;
  }

  /** Whether `mime` is a JSON media type (typescript-axios has it too). */
  isJsonMime(mime: string): boolean {
    return /^(application\/json|[^;/ \t]+\/[^;/ \t]+[+]json)[ \t]*(;.*)?$/i.test(
      mime,
    );
  }

  /** What `JSON.stringify` shows: the settings, each secret as "<redacted>" when set. */
  toJSON(): Record<string, unknown> {
    const shown: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this)) {
      if (typeof value !== "function") {
        shown[key] = value;
      }
    }
    // A URL may carry a password (user info) or a key (the query): shown without either.
    for (const key of ["basePath", "tokenUrl"] as const) {
      const url = this[key];
      if (url !== undefined) {
        shown[key] = safeUrl(url);
      }
    }
    // A header may carry a credential (an API key sent by hand): its name is shown, not its value.
    shown["headers"] = Object.fromEntries(
      Object.keys(this.headers).map((name) => [name, "<redacted>"]),
    );
    for (const [key, value] of Object.entries(this.#secrets())) {
      if (value !== undefined) {
        shown[key] = "<redacted>";
      }
    }
    return shown;
  }

  toString(): string {
    return `Configuration ${JSON.stringify(this)}`;
  }

  [INSPECT](): string {
    return this.toString();
  }

  #secrets(): Record<string, unknown> {
    return {
      password: this.#password,
      accessToken: this.#accessToken,
      apiKey: this.#apiKey,
      clientSecret: this.#clientSecret,
    };
  }
}

/**
 * `settings`' own properties in an object of no prototype: a setting is read only where
 * the caller wrote it, never inherited from an `Object.prototype` another library let
 * be polluted (a `fetch` or `basePath` there would receive every credential).
 */
export function ownSettings<T extends object>(settings: T): Partial<T> {
  return Object.assign(Object.create(null) as Partial<T>, settings);
}

/** The keys `RequestOptions` has: any other is a misspelling, refused as tsc would. */
export const REQUEST_OPTIONS: ReadonlySet<string> = new Set([
  "headers",
  "timeoutMs",
  "deadlineMs",
  "maxRetries",
  "signal",
  "contentType",
]);

/** Throws `InvalidRequestError` naming an unknown option of a call (from JavaScript,
 * where no compiler catches it) or a setting that is no number of the right range. */
export function checkOptions(options: RequestOptions): void {
  if (typeof options !== "object" || options === null) {
    throw new InvalidRequestError(
      "options must be an object of RequestOptions",
    );
  }
  const unknown = Object.keys(options).filter(
    (key) => !REQUEST_OPTIONS.has(key),
  );
  if (unknown.length > 0) {
    throw new InvalidRequestError(
      `options: unknown option ${unknown.map((key) => JSON.stringify(key.slice(0, 40))).join(", ")}; the options are ${[...REQUEST_OPTIONS].join(", ")}`,
      unknown,
    );
  }
  checkSettings(ownSettings(options), "options");
}

/** Throws `InvalidRequestError` naming a setting that is no number of the right range. */
export function checkSettings(
  settings: {
    timeoutMs?: number | undefined;
    deadlineMs?: number | undefined;
    maxRetries?: number | undefined;
  },
  what: string,
): void {
  const { timeoutMs, deadlineMs, maxRetries } = settings;
  if (
    maxRetries !== undefined &&
    !(Number.isInteger(maxRetries) && maxRetries >= 0)
  ) {
    throw new InvalidRequestError(
      `${what}: maxRetries must be an integer of 0 or more`,
      ["maxRetries"],
    );
  }
  for (const [name, value] of [
    ["timeoutMs", timeoutMs],
    ["deadlineMs", deadlineMs],
  ] as const) {
    if (
      value !== undefined &&
      !(typeof value === "number" && value > 0 && !Number.isNaN(value))
    ) {
      throw new InvalidRequestError(
        `${what}: ${name} must be a number of milliseconds above 0`,
        [name],
      );
    }
  }
}
