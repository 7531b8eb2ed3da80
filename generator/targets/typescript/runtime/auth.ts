/**
 * Credentials for the security schemes an operation names, and the OAuth2 token cache.
 *
 * An OAuth2 token is fetched from the scheme's tokenUrl (or `Configuration.tokenUrl`),
 * cached until 30 s before it expires, fetched by one request at a time however many
 * calls wait for it (every API object made with the same `Configuration` shares it),
 * and fetched again once when the API answers 401 to it. Without `expires_in` it is
 * reused until the API refuses it; with 30 s or less it is used once.
 */

import type { Configuration, FetchLike } from "./configuration.js";
import {
  ApiConnectionError,
  ApiTimeoutError,
  InsecureTransportError,
  MAX_ERROR_BODY,
  OAuth2TokenError,
  SdkError,
  safeUrl,
} from "./errors.js";
import type { Operation, SecurityScheme } from "./operation.js";
import { headerSafe } from "./validate.js";
import { own } from "./encode.js";
import { errorCode, readBody } from "./wire.js";

/** A token is renewed this long before the server says it expires. */
const EXPIRY_MARGIN_MS = 30_000;

/** What one scheme adds to a request, resolved for one attempt. */
export type Applied =
  | { readonly header: string; readonly value: string }
  | { readonly query: string; readonly value: string }
  | { readonly cookie: string; readonly value: string };

/** The credentials an operation uses: the schemes of the first alternative the configuration fills. */
export function schemesFor(
  op: Operation,
  config: Configuration,
): readonly SecurityScheme[] {
  refuseHalf(config);
  for (const alternative of op.security) {
    if (alternative.every((scheme) => holds(config, scheme))) {
      return alternative;
    }
  }
  if (op.security.length > 0) {
    const needed = op.security
      .map((alt) => alt.map((s) => s.name).join("+"))
      .join(" or ");
    throw new SdkError(
      `${op.operationId} needs credentials for ${needed}; set them on the Configuration`,
    );
  }
  return [];
}

function holds(config: Configuration, scheme: SecurityScheme): boolean {
  switch (scheme.type) {
    case "basic":
      return config.username !== undefined && config.password !== undefined;
    case "bearer":
      return config.accessToken !== undefined;
    case "apiKey":
      return config.apiKey !== undefined;
    default:
      return (
        (config.clientId !== undefined && config.clientSecret !== undefined) ||
        config.accessToken !== undefined
      );
  }
}

function refuseHalf(config: Configuration): void {
  const pairs: [string, unknown, unknown][] = [
    ["basic", config.username, config.password],
    ["OAuth2 client", config.clientId, config.clientSecret],
  ];
  for (const [scheme, first, second] of pairs) {
    if ((first === undefined) !== (second === undefined)) {
      throw new SdkError(
        `the ${scheme} credentials were given in part; give both`,
      );
    }
  }
}

/** What each scheme but OAuth2 client credentials adds (OAuth2 goes through `TokenCache`). */
export async function applied(
  scheme: SecurityScheme,
  config: Configuration,
): Promise<Applied | undefined> {
  switch (scheme.type) {
    case "basic":
      return {
        header: "Authorization",
        value: `Basic ${base64(`${config.username ?? ""}:${config.password ?? ""}`)}`,
      };
    case "bearer":
      return {
        header: "Authorization",
        value: `Bearer ${checked(await secret(config.accessToken, scheme), "the bearer token")}`,
      };
    case "apiKey": {
      const source = config.apiKey;
      const key =
        typeof source === "function"
          ? await source(scheme.keyName)
          : ((await source) ?? "");
      if (scheme.in === "query") {
        return { query: scheme.keyName, value: key };
      }
      checked(key, "the API key");
      return scheme.in === "header"
        ? { header: scheme.keyName, value: key }
        : { cookie: scheme.keyName, value: key };
    }
    default:
      if (config.clientId === undefined) {
        return {
          header: "Authorization",
          value: `Bearer ${checked(await secret(config.accessToken, scheme), "the access token")}`,
        };
      }
      return undefined;
  }
}

async function secret(
  source: Configuration["accessToken"],
  scheme: SecurityScheme,
): Promise<string> {
  if (typeof source === "function") {
    return source(
      scheme.name,
      scheme.type === "oauth2" ? scheme.scopes : undefined,
    );
  }
  return (await source) ?? "";
}

function checked(value: string, what: string): string {
  if (!headerSafe(value)) {
    throw new SdkError(
      `${what} holds a character an HTTP header cannot carry (a line break or another control character)`,
    );
  }
  return value;
}

/** `text` (UTF-8) in base64, as `btoa` cannot take text beyond Latin-1. */
export function base64(value: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(value)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** Whether `url` names this machine (localhost, 127.0.0.0/8, ::1). */
export function isLoopback(url: URL): boolean {
  const host = url.hostname.toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === "[::1]"
  );
}

/** Whether a credential sent to `url` would cross a network unencrypted. */
export function exposed(url: URL): boolean {
  return url.protocol === "http:" && !isLoopback(url);
}

interface Cached {
  token: string | undefined;
  expiresAt: number;
  pending: Promise<string> | undefined;
}

/** Token caches by configuration, so API objects sharing one share its tokens too. */
const CACHES = new WeakMap<Configuration, Map<string, Cached>>();

/** The OAuth2 client-credentials tokens of one configuration. */
export class TokenCache {
  readonly #config: Configuration;
  readonly #scheme: Extract<SecurityScheme, { type: "oauth2" }>;
  readonly #cached: Cached;

  constructor(
    config: Configuration,
    scheme: Extract<SecurityScheme, { type: "oauth2" }>,
  ) {
    this.#config = config;
    this.#scheme = scheme;
    let caches = CACHES.get(config);
    if (caches === undefined) {
      caches = new Map();
      CACHES.set(config, caches);
    }
    const key = `${this.tokenUrl} ${config.clientId ?? ""} ${(scheme.scopes ?? []).join(" ")}`;
    let cached = caches.get(key);
    if (cached === undefined) {
      cached = { token: undefined, expiresAt: 0, pending: undefined };
      caches.set(key, cached);
    }
    this.#cached = cached;
  }

  get tokenUrl(): string {
    return this.#config.tokenUrl ?? this.#scheme.tokenUrl;
  }

  /**
   * A valid token, fetched when there is none; one fetch at a time. A call that waited
   * on another's fetch which failed (that call's timeout, say) fetches one itself, as
   * the Python client's waiters do once they hold the lock. Waiting ends with the
   * attempt's `signal`.
   */
  async token(fetchApi: FetchLike, signal: AbortSignal): Promise<string> {
    const cached = this.#cached;
    const pending = cached.pending;
    if (pending !== undefined) {
      try {
        return await untilAborted(pending, signal);
      } catch (error) {
        if (signal.aborted) {
          throw error;
        }
      }
    }
    if (cached.token !== undefined && Date.now() < cached.expiresAt) {
      return cached.token;
    }
    if (cached.pending === undefined) {
      const fetched = this.#fetch(fetchApi, signal).finally(() => {
        if (cached.pending === fetched) {
          cached.pending = undefined;
        }
      });
      cached.pending = fetched;
    }
    return untilAborted(cached.pending, signal);
  }

  /** Forgets `used`, unless another call already replaced it. */
  invalidate(used: string): void {
    if (this.#cached.token === used) {
      this.#cached.token = undefined;
    }
  }

  async #fetch(fetchApi: FetchLike, signal: AbortSignal): Promise<string> {
    let url: URL;
    try {
      url = new URL(this.tokenUrl);
    } catch {
      throw new SdkError("the OAuth2 token URL is not a valid URL");
    }
    if (exposed(url) && !this.#config.allowInsecureHttp) {
      throw new InsecureTransportError(
        `the OAuth2 client secret would go unencrypted to ${url.hostname}; use an https:// token URL (or allowInsecureHttp)`,
      );
    }
    const form = new URLSearchParams({ grant_type: "client_credentials" });
    if (this.#scheme.scopes !== undefined && this.#scheme.scopes.length > 0) {
      form.set("scope", this.#scheme.scopes.join(" "));
    }
    const auth = base64(
      `${this.#config.clientId ?? ""}:${this.#config.clientSecret ?? ""}`,
    );
    let response: Response;
    let body: Uint8Array;
    try {
      response = await fetchApi(url.href, {
        method: "POST",
        headers: {
          Authorization: `Basic ${auth}`,
          Accept: "application/json",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: form.toString(),
        redirect: "manual",
        signal,
      });
      body = await readBody(response, MAX_ERROR_BODY);
    } catch (error) {
      throw signal.aborted
        ? new ApiTimeoutError(
            `POST ${safeUrl(url)} (OAuth2 token) took longer than the timeout`,
          )
        : new ApiConnectionError(
            `POST ${safeUrl(url)} (OAuth2 token) failed: ${errorCode(error)}`,
          );
    }
    const payload = parsed(body);
    const field = (name: string): string | undefined => {
      const value = payload && own(payload, name);
      return typeof value === "string" ? value : undefined;
    };
    if (response.status < 200 || response.status >= 300) {
      throw new OAuth2TokenError(
        "no OAuth2 token",
        response.status,
        field("error"),
        field("error_description"),
      );
    }
    const token = field("access_token");
    if (payload === undefined) {
      throw new OAuth2TokenError(
        "the token answer is no JSON object",
        response.status,
      );
    }
    if (token === undefined || token === "") {
      throw new OAuth2TokenError(
        "the token answer has no access_token",
        response.status,
      );
    }
    if (!headerSafe(token)) {
      throw new OAuth2TokenError(
        "the token endpoint answered an access_token an HTTP header cannot carry",
        response.status,
      );
    }
    const expiresIn = Number(payload["expires_in"] ?? Number.NaN);
    this.#cached.token = token;
    this.#cached.expiresAt = Number.isFinite(expiresIn)
      ? Date.now() + Math.max(0, expiresIn * 1000 - EXPIRY_MARGIN_MS)
      : Number.POSITIVE_INFINITY;
    return token;
  }
}

/** `promise`, or its attempt's end: the abort rejects at once, the fetch goes on for others. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    return Promise.reject(
      new ApiTimeoutError("the OAuth2 token did not come within the timeout"),
    );
  }
  return new Promise<T>((resolve, reject) => {
    const stop = (): void =>
      reject(
        new ApiTimeoutError("the OAuth2 token did not come within the timeout"),
      );
    signal.addEventListener("abort", stop, { once: true });
    promise
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", stop));
  });
}

function parsed(
  body: Uint8Array,
): Readonly<Record<string, unknown>> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(body));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Readonly<Record<string, unknown>>)
      : undefined;
  } catch {
    return undefined;
  }
}
