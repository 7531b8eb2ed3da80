/**
 * Errors thrown by the client.
 *
 * `ApiError` and its subclasses (one per status: `NotFoundError`, `TooManyRequestsError`,
 * ...) are answers from the server, with the error body parsed; `ApiConnectionError`,
 * `ApiTimeoutError`, `RedirectError`, `OAuth2TokenError`, `InsecureTransportError` are
 * failures to get a usable answer; `InvalidRequestError` means nothing was sent. None
 * of them carries a credential or a value the caller passed: a URL is shown without
 * its query string or user info, a refused argument by its name only.
 *
 * `ResponseDecodeError` is deliberately not an `SdkError`: the server accepted the
 * request (2xx), so a handler that catches `SdkError` to send again must not catch it.
 */

import type { ErrorClassName } from "./operation.js";

/** The most bytes of an error's body read and kept (`ApiError.body`). */
export const MAX_ERROR_BODY = 64 * 1024;
/** The most characters of the server's own text a message quotes. */
export const MAX_MESSAGE_DETAIL = 500;

/** The base of every error this SDK throws, but `ResponseDecodeError`. */
export class SdkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request breaks the spec (a missing, mistyped or out-of-bounds argument, a path
 * segment that would escape its place, a header with a line break); nothing was sent.
 * `field` is the refused argument's path (`body.to[2]`), never its value. */
export class InvalidRequestError extends SdkError {
  readonly fields: readonly string[];
  constructor(message: string, fields: readonly string[] = []) {
    super(message);
    this.fields = fields;
  }
}

/** The request could not be sent or no answer arrived (DNS, refused, reset). */
export class ApiConnectionError extends SdkError {}

/** No answer within the attempt's timeout, or the call outlasted its deadline. */
export class ApiTimeoutError extends ApiConnectionError {}

/** A redirect the client does not follow by its rules; the request was not sent again. */
export class RedirectError extends SdkError {
  readonly status: number;
  /** Where it pointed, without query string or user info. */
  readonly location: string;
  constructor(message: string, status: number, location: string) {
    super(message);
    this.status = status;
    this.location = location;
  }
}

/** More redirects in a row than `MAX_REDIRECTS`, or back to a URL already requested. */
export class TooManyRedirectsError extends RedirectError {}

/** Credentials would have gone over plain http:// to another machine; nothing was sent. */
export class InsecureTransportError extends SdkError {}

/** The OAuth2 token endpoint failed; the API request was not sent. `error` and
 * `errorDescription` are the OAuth2 error it gave (RFC 6749, 5.2), if any. */
export class OAuth2TokenError extends SdkError {
  readonly status: number | undefined;
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  constructor(
    message: string,
    status?: number,
    error?: string,
    errorDescription?: string,
  ) {
    const detail = printable(
      [error, errorDescription].filter((x) => x).join(": "),
    );
    const text =
      status === undefined
        ? message
        : `${message} (token endpoint answered ${status})`;
    super(detail ? `${text}: ${detail}` : text);
    this.status = status;
    this.error = error;
    this.errorDescription = errorDescription;
  }
}

/** What an error keeps of the answer it was made from. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The raw body, at most `MAX_ERROR_BODY` bytes. */
  readonly body: Uint8Array;
  readonly method: string;
  /** The request URL without query string or user info. */
  readonly url: string;
}

/** The server answered with an error status. `error` is the body parsed as the spec
 * declares for this status (undefined when it declares none or the body is no JSON). */
export class ApiError<E = unknown> extends SdkError {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
  readonly error: E | undefined;
  readonly method: string;
  readonly url: string;
  readonly requestId: string | undefined;
  constructor(response: ErrorResponse, error?: E) {
    super(errorMessage(response, error));
    this.status = response.status;
    this.headers = response.headers;
    this.body = response.body;
    this.error = error;
    this.method = response.method;
    this.url = response.url;
    this.requestId =
      response.headers.get("x-request-id") ??
      response.headers.get("request-id") ??
      undefined;
  }

  /** Seconds the server asks to wait before the next request, if it says. */
  get retryAfter(): number | undefined {
    return retryAfterSeconds(this.headers);
  }
}

/** A status the spec does not declare for the operation. */
export class UnexpectedStatusError<E = unknown> extends ApiError<E> {}
export class BadRequestError<E = unknown> extends ApiError<E> {}
export class UnauthorizedError<E = unknown> extends ApiError<E> {}
export class PaymentRequiredError<E = unknown> extends ApiError<E> {}
export class ForbiddenError<E = unknown> extends ApiError<E> {}
export class NotFoundError<E = unknown> extends ApiError<E> {}
export class MethodNotAllowedError<E = unknown> extends ApiError<E> {}
export class NotAcceptableError<E = unknown> extends ApiError<E> {}
export class RequestTimeoutError<E = unknown> extends ApiError<E> {}
export class ConflictError<E = unknown> extends ApiError<E> {}
export class GoneError<E = unknown> extends ApiError<E> {}
export class PreconditionFailedError<E = unknown> extends ApiError<E> {}
export class PayloadTooLargeError<E = unknown> extends ApiError<E> {}
export class UnsupportedMediaTypeError<E = unknown> extends ApiError<E> {}
export class UnprocessableEntityError<E = unknown> extends ApiError<E> {}
/** 429: `retryAfter` says how long the server asks to wait. */
export class TooManyRequestsError<E = unknown> extends ApiError<E> {}
export class InternalServerError<E = unknown> extends ApiError<E> {}
export class NotImplementedError<E = unknown> extends ApiError<E> {}
export class BadGatewayError<E = unknown> extends ApiError<E> {}
export class ServiceUnavailableError<E = unknown> extends ApiError<E> {}
export class GatewayTimeoutError<E = unknown> extends ApiError<E> {}

type ErrorClass = new (response: ErrorResponse, error?: unknown) => ApiError;

/** Every status error class by name, as the operation table names them. */
export const ERROR_CLASSES: Readonly<Record<ErrorClassName, ErrorClass>> = {
  ApiError,
  BadRequestError,
  UnauthorizedError,
  PaymentRequiredError,
  ForbiddenError,
  NotFoundError,
  MethodNotAllowedError,
  NotAcceptableError,
  RequestTimeoutError,
  ConflictError,
  GoneError,
  PreconditionFailedError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  UnprocessableEntityError,
  TooManyRequestsError,
  InternalServerError,
  NotImplementedError,
  BadGatewayError,
  ServiceUnavailableError,
  GatewayTimeoutError,
};

/** The class for a status: its own when the runtime has one, else `ApiError`. */
export const ERRORS_BY_STATUS: Readonly<Record<number, ErrorClass>> = {
  400: BadRequestError,
  401: UnauthorizedError,
  402: PaymentRequiredError,
  403: ForbiddenError,
  404: NotFoundError,
  405: MethodNotAllowedError,
  406: NotAcceptableError,
  408: RequestTimeoutError,
  409: ConflictError,
  410: GoneError,
  412: PreconditionFailedError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: UnprocessableEntityError,
  429: TooManyRequestsError,
  500: InternalServerError,
  501: NotImplementedError,
  502: BadGatewayError,
  503: ServiceUnavailableError,
  504: GatewayTimeoutError,
};

/**
 * The request SUCCEEDED (2xx: the server acted on it) but its body is not what the
 * spec declares. Not an `SdkError`: do not send the request again.
 */
export class ResponseDecodeError extends Error {
  readonly succeeded = true;
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string;
  /** What came of the body (the first `MAX_RESPONSE_BYTES` of it at most). */
  readonly body: Uint8Array;
  constructor(
    message: string,
    status: number,
    headers: Headers,
    body: Uint8Array = new Uint8Array(0),
  ) {
    super(
      `${message} (the request succeeded with status ${status}; do not send it again)`,
    );
    this.name = "ResponseDecodeError";
    this.status = status;
    this.headers = headers;
    this.contentType = headers.get("content-type") ?? "";
    this.body = body;
  }
}

/** Text from a server fit for one line of a message: control characters escaped,
 * at most `MAX_MESSAGE_DETAIL` characters. */
export function printable(text: string): string {
  let out = text.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (out.length > MAX_MESSAGE_DETAIL) {
    out = `${out.slice(0, MAX_MESSAGE_DETAIL)}...`;
  }
  return out;
}

/** `url` without its query string, fragment and user info, which may hold secrets. */
export function safeUrl(url: string | URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return "<invalid URL>";
  }
}

const SECONDS = /^\s*(\d+)(\.\d+)?\s*$/;

/** The Retry-After header in seconds (seconds or an HTTP date); undefined when there
 * is none or it is neither. A number too long for a double is Infinity. */
export function retryAfterSeconds(headers: Headers): number | undefined {
  const value = headers.get("retry-after");
  if (!value) {
    return undefined;
  }
  if (SECONDS.test(value)) {
    return Number(value.trim());
  }
  // Date.parse reads far more than HTTP dates; require the IMF-fixdate shape's day name.
  if (!/^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s/i.test(value)) {
    return undefined;
  }
  const when = Date.parse(value);
  if (!Number.isFinite(when)) {
    return undefined;
  }
  return Math.max(0, (when - Date.now()) / 1000);
}

const REASONS: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

function errorMessage(response: ErrorResponse, error: unknown): string {
  const reason = REASONS[response.status] ?? "error";
  let detail = "";
  if (error !== undefined) {
    detail = JSON.stringify(error) ?? "";
  } else if (response.body.length > 0) {
    detail = new TextDecoder().decode(
      response.body.subarray(0, MAX_MESSAGE_DETAIL),
    );
  }
  const text = `${response.status} ${reason} from ${response.method} ${response.url}`;
  return detail ? `${text}: ${printable(detail)}` : text;
}
