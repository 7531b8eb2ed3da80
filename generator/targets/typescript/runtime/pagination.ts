/**
 * The next page's arguments, by the operation's `pagination` (README: "Pagination").
 *
 * `nextPage` reads a page and the arguments that fetched it, and gives the arguments
 * to change for the next page, or undefined when there is none. The iteration in
 * `BaseAPI.pages` stops there, and when a page's arguments come round again.
 */

import type {
  Operation,
  PaginationSpec,
  Params,
  ParameterSpec,
} from "./operation.js";

/** What pagination reads of a page. */
export interface Page {
  readonly headers: Headers;
  readonly data: unknown;
}

/** The items of a page: the list at `spec.items` ("" = the body), else none. */
export function itemsOf(
  spec: PaginationSpec,
  data: unknown,
): readonly unknown[] {
  const list = spec.items === "" ? data : at(data, spec.items);
  return Array.isArray(list) ? list : [];
}

/** The arguments to change for the next page, or undefined when there is none. */
export function nextPage(
  op: Operation,
  page: Page,
  items: readonly unknown[],
  params: Params,
): Params | undefined {
  const spec = op.pagination;
  if (spec === undefined) {
    return undefined;
  }
  const found = (value: unknown, name: string): Params | undefined =>
    value === undefined || value === null || value === ""
      ? undefined
      : { [name]: value };
  switch (spec.in) {
    case "body": {
      let value = at(page.data, spec.path);
      const parameter = byName(op, spec.parameter);
      if (
        typeof value === "string" &&
        /^(https?:|\/|\?)/.test(value) &&
        parameter !== undefined
      ) {
        // A next address: the parameter's value in its query.
        const query = new URL(value, "http://next.invalid").searchParams.get(
          parameter.wireName,
        );
        value = query === null ? undefined : fromQuery(query, parameter);
      }
      return found(value, spec.parameter);
    }
    case "header":
      return found(page.headers.get(spec.header) ?? undefined, spec.parameter);
    case "link": {
      const next = nextLink(page.headers.get("link") ?? "");
      if (next === undefined) {
        return undefined;
      }
      const query = new URL(next, "http://next.invalid").searchParams;
      const step: Record<string, unknown> = {};
      for (const parameter of op.parameters) {
        const value =
          parameter.in === "query" ? query.get(parameter.wireName) : null;
        if (value !== null) {
          step[parameter.name] = fromQuery(value, parameter);
        }
      }
      return Object.keys(step).length > 0 ? step : undefined;
    }
    case "page": {
      if (
        items.length === 0 ||
        (spec.hasMore !== undefined && !at(page.data, spec.hasMore))
      ) {
        return undefined;
      }
      const current = params[spec.parameter];
      return {
        [spec.parameter]:
          (typeof current === "number" ? current : (spec.first ?? 1)) + 1,
      };
    }
    case "offset": {
      if (
        items.length === 0 ||
        (spec.hasMore !== undefined && !at(page.data, spec.hasMore))
      ) {
        return undefined;
      }
      const current = params[spec.parameter];
      return {
        [spec.parameter]:
          (typeof current === "number" ? current : 0) + items.length,
      };
    }
    default: {
      if (items.length === 0 || !at(page.data, spec.hasMore)) {
        return undefined;
      }
      return found(at(items[items.length - 1], spec.path), spec.parameter);
    }
  }
}

/** The value at a dotted path of wire names, or undefined. */
export function at(value: unknown, path: string): unknown {
  let current = value;
  for (const name of path.split(".")) {
    if (typeof current !== "object" || current === null) {
      return undefined;
    }
    current = (current as Readonly<Record<string, unknown>>)[name];
  }
  return current;
}

/** The address marked rel="next" in a Link header (RFC 8288). */
export function nextLink(header: string): string | undefined {
  for (const link of header.split(",")) {
    const [target = "", ...attributes] = link.split(";");
    for (const attribute of attributes) {
      const [name = "", value = ""] = attribute.split("=", 2);
      const rels = value
        .trim()
        .replace(/^"|"$/g, "")
        .toLowerCase()
        .split(/\s+/);
      if (name.trim().toLowerCase() === "rel" && rels.includes("next")) {
        return target.trim().replace(/^<|>$/g, "");
      }
    }
  }
  return undefined;
}

function byName(op: Operation, name: string): ParameterSpec | undefined {
  return op.parameters.find((parameter) => parameter.name === name);
}

/** A value read from an address's query as the parameter's kind; one that is not of
 * it stays text, for the request checks to refuse by the parameter's name. */
function fromQuery(value: string, parameter: ParameterSpec): unknown {
  const kind = parameter.rule.kind;
  if (
    (kind === "integer" || kind === "number") &&
    value.trim() !== "" &&
    Number.isFinite(Number(value))
  ) {
    return Number(value);
  }
  if (kind === "boolean" && /^(true|false)$/i.test(value)) {
    return value.toLowerCase() === "true";
  }
  return value;
}
