/**
 * How a call's arguments become an HTTP request: URL (path and query), header and
 * cookie parameters, and the body, by the styles and media types of the operation
 * table. Plain functions without state; `checkRequest` has already refused what the
 * spec does not allow.
 */

import { InvalidRequestError, SdkError } from "./errors.js";
import type {
  BodyContent,
  FieldEncoding,
  Operation,
  ParameterSpec,
  ParameterStyle,
  Params,
} from "./operation.js";

/** A body the runtime sends as bytes. */
export type BinaryBody =
  Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array>;

/** What `fetch` is given as a body, and whether it can be given again. */
export interface EncodedBody {
  readonly body: BodyInit | undefined;
  readonly contentType: string | undefined;
  /** False for a stream: sent once, never retried nor redirected with its body. */
  readonly replayable: boolean;
}

/** `table[key]` when `table` itself has it: a key from the caller (a tag, a field name)
 * such as "constructor" or "__proto__" must not find what Object.prototype holds. */
export function own<T>(
  table: Readonly<Record<string, T>>,
  key: string,
): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function isBinary(value: unknown): value is BinaryBody {
  return (
    (typeof Blob !== "undefined" && value instanceof Blob) ||
    value instanceof Uint8Array ||
    value instanceof ArrayBuffer ||
    (typeof ReadableStream !== "undefined" && value instanceof ReadableStream)
  );
}

/** A parameter's value as text; a `Date` for a "date" parameter as `YYYY-MM-DD`. */
function paramText(parameter: ParameterSpec, value: unknown): string {
  return parameter.rule.kind === "date" && value instanceof Date
    ? value.toISOString().slice(0, 10)
    : text(value);
}

/** One value as text; arrays and objects as the `simple` style writes them (`a,b`, `k,v`). */
export function text(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map(text).join(",");
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${key},${text(item)}`)
      .join(",");
  }
  return String(value);
}

/** The URL of the call: `server` + the path with its parameters, and the query string. */
export function buildUrl(
  op: Operation,
  server: string,
  params: Params,
): string {
  let path = op.path;
  const query: string[] = [];
  for (const parameter of op.parameters) {
    const value = params[parameter.name];
    if (value === undefined || value === null) {
      continue;
    }
    if (parameter.in === "path") {
      // Every character but the unreserved ones is escaped ("/", "?", "#", "%"
      // included), so a value stays one segment; "." and ".." were refused.
      path = path
        .split(`{${parameter.wireName}}`)
        .join(pathValue(parameter, value));
    } else if (parameter.in === "query") {
      query.push(...queryPairs(parameter, value));
    }
  }
  const base = server.replace(/\/+$/, "");
  return query.length > 0
    ? `${base}${path}?${query.join("&")}`
    : `${base}${path}`;
}

/** Header parameters as text, and the Cookie header of the cookie parameters. */
export function parameterHeaders(
  op: Operation,
  params: Params,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const parameter of op.parameters) {
    const value = params[parameter.name];
    if (value === undefined || value === null) {
      continue;
    }
    if (parameter.in === "header") {
      headers[parameter.wireName] = paramText(parameter, value);
    } else if (parameter.in === "cookie") {
      cookies.push(
        `${parameter.wireName}=${encodeURIComponent(paramText(parameter, value))}`,
      );
    }
  }
  if (cookies.length > 0) {
    headers["Cookie"] = cookies.join("; ");
  }
  return headers;
}

function pathValue(parameter: ParameterSpec, value: unknown): string {
  const style = parameter.style ?? "simple";
  const explode = parameter.explode ?? false;
  const items = Array.isArray(value)
    ? value.map((item) => encodeURIComponent(text(item)))
    : undefined;
  const joined =
    items !== undefined
      ? items.join(
          explode && style !== "simple"
            ? style === "label"
              ? "."
              : `;${parameter.wireName}=`
            : ",",
        )
      : typeof value === "object" && value !== null && !(value instanceof Date)
        ? Object.entries(value)
            .filter(([, item]) => item !== undefined)
            .map(
              ([key, item]) =>
                `${encodeURIComponent(key)}${explode ? "=" : ","}${encodeURIComponent(text(item))}`,
            )
            .join(",")
        : encodeURIComponent(paramText(parameter, value));
  if (style === "label") {
    return `.${joined}`;
  }
  if (style === "matrix") {
    return `;${encodeURIComponent(parameter.wireName)}=${joined}`;
  }
  return joined;
}

/** Characters `allowReserved` leaves as they are: RFC 3986's reserved ones, but for
 * those that would change the query's meaning (`&`, `=`, `#`, `+`). */
function escapeQuery(value: string, allowReserved: boolean): string {
  const escaped = encodeURIComponent(value);
  return allowReserved
    ? escaped.replace(/%(3A|2F|3F|5B|5D|40|21|24|27|28|29|2A|2C|3B)/gi, (m) =>
        decodeURIComponent(m),
      )
    : escaped;
}

function queryPairs(parameter: ParameterSpec, value: unknown): string[] {
  if (value instanceof Date) {
    value = paramText(parameter, value);
  }
  return styledPairs(
    parameter.wireName,
    value,
    parameter.style ?? "form",
    parameter.explode,
    parameter.allowReserved ?? false,
  );
}

function styledPairs(
  name: string,
  value: unknown,
  style: ParameterStyle,
  explodeGiven: boolean | undefined,
  allowReserved: boolean,
): string[] {
  const explode = explodeGiven ?? style === "form";
  const key = encodeURIComponent(name);
  const esc = (item: unknown): string => escapeQuery(text(item), allowReserved);
  if (Array.isArray(value)) {
    if (explode) {
      return value.map((item) => `${key}=${esc(item)}`);
    }
    const delimiter =
      style === "spaceDelimited"
        ? "%20"
        : style === "pipeDelimited"
          ? "|"
          : ",";
    return [`${key}=${value.map(esc).join(delimiter)}`];
  }
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    const entries = Object.entries(value).filter(
      ([, item]) => item !== undefined,
    );
    if (style === "deepObject") {
      return entries.map(
        ([k, item]) => `${key}%5B${encodeURIComponent(k)}%5D=${esc(item)}`,
      );
    }
    if (explode) {
      return entries.map(
        ([k, item]) => `${encodeURIComponent(k)}=${esc(item)}`,
      );
    }
    return [
      `${key}=${entries.map(([k, item]) => `${encodeURIComponent(k)},${esc(item)}`).join(",")}`,
    ];
  }
  return [`${key}=${esc(value)}`];
}

/**
 * The body as `fetch` takes it, in the media type the caller named (`contentType`),
 * else the one the body's type calls for (bytes, text, a model holding a file), else
 * the spec's first.
 */
export function encodeBody(
  op: Operation,
  body: unknown,
  contentType: string | undefined,
): EncodedBody {
  if (body === undefined || op.body === undefined) {
    return { body: undefined, contentType: undefined, replayable: true };
  }
  const content = chooseContent(op, body, contentType);
  switch (content.kind) {
    case "json":
      return {
        body: json(op, body),
        contentType: contentType ?? content.mediaType,
        replayable: true,
      };
    case "form":
      return {
        body: formBody(body, content),
        contentType: contentType ?? content.mediaType,
        replayable: true,
      };
    case "multipart":
      // fetch writes the Content-Type itself, with the parts' boundary.
      return {
        body: multipartBody(body, content),
        contentType: undefined,
        replayable: true,
      };
    case "text":
      return {
        body: text(body),
        contentType: contentType ?? content.mediaType,
        replayable: true,
      };
    default:
      return binaryBody(op, body, content, contentType);
  }
}

/** The body as JSON, or `InvalidRequestError` for one JSON cannot write (a cycle, a BigInt). */
function json(op: Operation, body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw new InvalidRequestError(
      `${op.operationId}: not sent, the spec does not allow it: body: cannot be written as JSON (a cycle or a BigInt in it)`,
      ["body"],
    );
  }
}

/** The media type the body goes in: the one named, else the one its value calls for
 * (bytes, text, an object holding a file), else the default (the first). */
export function chooseContent(
  op: Operation,
  body: unknown,
  contentType: string | undefined,
): BodyContent {
  const contents = op.body?.contents ?? [];
  const first = contents[0];
  if (first === undefined) {
    throw new SdkError(
      `${op.operationId}: the spec declares no media type for the body`,
    );
  }
  if (contentType !== undefined) {
    const base = baseType(contentType);
    const range = `${base.split("/")[0]}/*`;
    const named =
      contents.find((c) => baseType(c.mediaType) === base) ??
      contents.find((c) => [range, "*/*"].includes(baseType(c.mediaType)));
    if (named !== undefined) {
      return named;
    }
    if (contents.length > 1) {
      // As the Python client: a body is not sent in a media type the spec does not offer.
      throw new SdkError(
        `${op.operationId}: the body cannot be sent as ${JSON.stringify(contentType.slice(0, 80))}; the spec allows ${contents.map((c) => c.mediaType).join(", ")}`,
      );
    }
  }
  const wanted = isBinary(body)
    ? ["binary"]
    : typeof body === "string"
      ? ["text", "binary"]
      : holdsFile(body)
        ? ["multipart"]
        : [];
  for (const kind of wanted) {
    const found = contents.find((c) => c.kind === kind);
    if (found !== undefined) {
      return found;
    }
  }
  return first;
}

function binaryBody(
  op: Operation,
  body: unknown,
  content: BodyContent,
  given: string | undefined,
): EncodedBody {
  if (!isBinary(body) && typeof body !== "string") {
    throw new InvalidRequestError(
      `${op.operationId}: not sent, the spec does not allow it: body: must be a Blob, Uint8Array, ArrayBuffer, ReadableStream or string`,
      ["body"],
    );
  }
  const binaryTypes = (op.body?.contents ?? [])
    .filter((c) => c.kind === "binary")
    .map((c) => c.mediaType);
  let contentType =
    given ??
    (typeof Blob !== "undefined" && body instanceof Blob && body.type
      ? body.type
      : undefined);
  if (contentType === undefined) {
    const single = binaryTypes.length === 1 ? content.mediaType : undefined;
    if (single === undefined || /[*]/.test(single)) {
      if (
        binaryTypes.length > 1 &&
        !binaryTypes.some(
          (t) => t === "application/octet-stream" || t === "*/*",
        )
      ) {
        throw new SdkError(
          `${op.operationId}: the body's media type is unknown; name it with options.contentType (one of ${binaryTypes.join(", ")})`,
        );
      }
      contentType = "application/octet-stream";
    } else {
      contentType = single;
    }
  }
  const replayable = !(
    typeof ReadableStream !== "undefined" && body instanceof ReadableStream
  );
  const sent: BodyInit = typeof body === "string" ? body : (body as BodyInit);
  return { body: sent, contentType, replayable };
}

function holdsFile(body: unknown): boolean {
  return (
    typeof body === "object" &&
    body !== null &&
    Object.values(body).some((value) => isBinary(value))
  );
}

function formBody(body: unknown, content: BodyContent): string {
  const pairs: string[] = [];
  for (const [name, value] of fields(body)) {
    const encoding: FieldEncoding =
      (content.encoding && own(content.encoding, name)) ?? {};
    if (
      encoding.contentType !== undefined &&
      /json/i.test(encoding.contentType)
    ) {
      pairs.push(
        `${encodeURIComponent(name)}=${encodeURIComponent(JSON.stringify(value))}`,
      );
    } else {
      pairs.push(
        ...styledPairs(
          name,
          value,
          encoding.style ?? "form",
          encoding.explode,
          encoding.allowReserved ?? false,
        ),
      );
    }
  }
  return pairs.join("&");
}

function multipartBody(body: unknown, content: BodyContent): FormData {
  const form = new FormData();
  for (const [name, value] of fields(body)) {
    const partType =
      content.encoding && own(content.encoding, name)?.contentType;
    for (const item of Array.isArray(value) && !isBinary(value)
      ? value
      : [value]) {
      if (typeof Blob !== "undefined" && item instanceof Blob) {
        form.append(
          name,
          item,
          "name" in item && typeof item.name === "string" ? item.name : name,
        );
      } else if (item instanceof Uint8Array || item instanceof ArrayBuffer) {
        form.append(
          name,
          new Blob([item as Uint8Array<ArrayBuffer>], {
            type: partType ?? "application/octet-stream",
          }),
          name,
        );
      } else if (
        typeof item === "object" &&
        item !== null &&
        !(item instanceof Date)
      ) {
        form.append(
          name,
          new Blob([JSON.stringify(item)], {
            type: partType ?? "application/json",
          }),
        );
      } else {
        form.append(name, text(item));
      }
    }
  }
  return form;
}

function fields(body: unknown): [string, unknown][] {
  if (typeof body !== "object" || body === null) {
    throw new SdkError("a form or multipart body must be an object of fields");
  }
  return Object.entries(body).filter(
    ([, value]) => value !== undefined && value !== null,
  );
}

/** `text/csv; charset=utf-8` -> `text/csv`. */
export function baseType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}
