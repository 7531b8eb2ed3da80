/**
 * A request checked against the spec before anything is sent.
 *
 * Every argument against its rule (kind, enum, limits, item counts, the fields of
 * models and the variants of unions), and nothing that could change what the request
 * means on the wire: a path parameter that is empty or a dot segment, a header value
 * with a line break. A refusal names each field by its path (`body.to[1]`), never its
 * value, which may be a secret.
 */

import { InvalidRequestError } from "./errors.js";
import type {
  Literal,
  ModelRules,
  Operation,
  Params,
  ValueRule,
} from "./operation.js";
import { chooseContent, isBinary, own, text } from "./encode.js";

/** Values nested deeper than this are refused rather than walked (a cycle, a bomb). */
const MAX_DEPTH = 64;
/** Path segments URL resolution removes or climbs out of; "" would merge two segments. */
const REFUSED_SEGMENTS = new Set(["", ".", ".."]);
/** What a header value may hold: visible ASCII, space and tab. */
const HEADER_SAFE = /^[\t\x20-\x7e]*$/;
/** RFC 9110 token: what a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

interface Problem {
  readonly field: string;
  readonly message: string;
}

/** Throws `InvalidRequestError` if the spec forbids the call's arguments or body. */
export function checkRequest(
  op: Operation,
  params: Params,
  body: unknown,
  contentType: string | undefined,
): void {
  const found: Problem[] = [];
  const models = op.models ?? {};
  for (const parameter of op.parameters) {
    const value = params[parameter.name];
    const field = parameter.name;
    if (value === undefined || (value === null && !parameter.rule.nullable)) {
      if (parameter.required) {
        found.push({ field, message: "is required" });
      }
      continue;
    }
    checkValue(value, parameter.rule, field, models, found, 0);
    if (parameter.in === "path" && REFUSED_SEGMENTS.has(text(value))) {
      found.push({
        field,
        message: "a path parameter may not be empty, '.' or '..'",
      });
    }
    if (parameter.in === "header" && !TOKEN.test(parameter.wireName)) {
      // fetch would throw a TypeError of its own, outside SdkError.
      found.push({
        field,
        message: `the spec names this header ${JSON.stringify(parameter.wireName.slice(0, 40))}, which HTTP cannot carry`,
      });
    }
    if (
      (parameter.in === "header" || parameter.in === "cookie") &&
      !HEADER_SAFE.test(text(value))
    ) {
      found.push({
        field,
        message:
          "a header or cookie value may not hold a line break or control character",
      });
    }
  }
  if (op.body !== undefined) {
    if (body === undefined || body === null) {
      if (op.body.required) {
        found.push({ field: "body", message: "is required" });
      }
    } else {
      const rule = bodyRule(op, body, contentType);
      if (rule !== undefined) {
        checkValue(body, rule, "body", models, found, 0);
      }
    }
  }
  if (found.length > 0) {
    throw refusal(op.operationId, found);
  }
}

/** Throws `InvalidRequestError` naming a header (never its value) that HTTP cannot carry. */
export function checkHeaders(
  headers: Readonly<Record<string, string>>,
  what: string,
): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) {
      throw new InvalidRequestError(
        `${what}: ${JSON.stringify(name.slice(0, 40))} is no HTTP header name`,
        [name],
      );
    }
    if (typeof value !== "string" || !HEADER_SAFE.test(value)) {
      throw new InvalidRequestError(
        `${what}: the value of ${name} holds a character an HTTP header cannot carry (a line break or another control character)`,
        [name],
      );
    }
  }
}

/** Whether `value` is text an HTTP header can carry. */
export function headerSafe(value: string): boolean {
  return HEADER_SAFE.test(value);
}

/** The rule of the media type the body goes in (as `encodeBody` will choose it). */
function bodyRule(
  op: Operation,
  body: unknown,
  contentType: string | undefined,
): ValueRule | undefined {
  if (isBinary(body) || typeof body === "string") {
    return undefined; // bytes and text are checked by the media type they go in, not a schema
  }
  return chooseContent(op, body, contentType).rule;
}

function refusal(
  operationId: string,
  found: readonly Problem[],
): InvalidRequestError {
  const details = found.map((p) => `${p.field}: ${p.message}`).join("; ");
  return new InvalidRequestError(
    `${operationId}: not sent, the spec does not allow it: ${details}`,
    found.map((p) => p.field),
  );
}

function checkValue(
  value: unknown,
  rule: ValueRule,
  field: string,
  models: ModelRules,
  found: Problem[],
  depth: number,
): void {
  if (depth > MAX_DEPTH) {
    found.push({
      field,
      message: `is nested more than ${MAX_DEPTH} levels deep`,
    });
    return;
  }
  if (value === null) {
    if (!rule.nullable && rule.kind !== "null" && rule.kind !== "any") {
      found.push({ field, message: "may not be null" });
    }
    return;
  }
  if (
    rule.enum !== undefined &&
    !rule.enum.some((allowed) => allowed === value)
  ) {
    found.push({
      field,
      message: `must be one of ${rule.enum.map(shown).join(", ")}`,
    });
    return;
  }
  const problem = kindProblem(value, rule);
  if (problem !== undefined) {
    found.push({ field, message: problem });
    return;
  }
  const limits = limitProblems(value, rule);
  for (const message of limits) {
    found.push({ field, message });
  }
  if (Array.isArray(value) && rule.items !== undefined) {
    value.forEach((item, index) =>
      checkValue(
        item,
        rule.items as ValueRule,
        `${field}[${index}]`,
        models,
        found,
        depth + 1,
      ),
    );
  } else if (
    rule.kind === "map" &&
    rule.values !== undefined &&
    isRecord(value)
  ) {
    for (const [key, item] of Object.entries(value)) {
      checkValue(
        item,
        rule.values,
        `${field}.${key}`,
        models,
        found,
        depth + 1,
      );
    }
  } else if (rule.kind === "model" && isRecord(value)) {
    checkModel(value, rule, field, models, found, depth);
  } else if (rule.kind === "union") {
    checkUnion(value, rule, field, models, found, depth);
  }
}

function checkModel(
  value: Readonly<Record<string, unknown>>,
  rule: ValueRule,
  field: string,
  models: ModelRules,
  found: Problem[],
  depth: number,
): void {
  const model = rule.ref === undefined ? undefined : own(models, rule.ref);
  if (model === undefined) {
    return; // a model the table does not describe: nothing more to check
  }
  if (model.union !== undefined) {
    checkUnion(value, model.union, field, models, found, depth);
    return;
  }
  for (const [name, property] of Object.entries(model.properties)) {
    const item = own(value, name);
    if (item === undefined) {
      if (property.required && !property.readOnly) {
        found.push({ field: `${field}.${name}`, message: "is required" });
      }
    } else if (!property.readOnly) {
      checkValue(
        item,
        property.rule,
        `${field}.${name}`,
        models,
        found,
        depth + 1,
      );
    }
  }
  if (model.additionalProperties === false) {
    for (const name of Object.keys(value)) {
      if (!Object.hasOwn(model.properties, name) && value[name] !== undefined) {
        found.push({
          field: `${field}.${name}`,
          message: `is not a field of ${rule.ref ?? "the model"}`,
        });
      }
    }
  }
}

function checkUnion(
  value: unknown,
  rule: ValueRule,
  field: string,
  models: ModelRules,
  found: Problem[],
  depth: number,
): void {
  const discriminator = rule.discriminator;
  if (discriminator !== undefined && isRecord(value)) {
    const tag = value[discriminator.propertyName];
    const target =
      typeof tag === "string" ? own(discriminator.mapping, tag) : undefined;
    if (target === undefined) {
      const tags = Object.keys(discriminator.mapping).map(shown).join(", ");
      found.push({
        field: `${field}.${discriminator.propertyName}`,
        message: `must be one of ${tags}`,
      });
      return;
    }
    checkValue(
      value,
      { kind: "model", ref: target },
      field,
      models,
      found,
      depth + 1,
    );
    return;
  }
  const variants = rule.variants ?? [];
  if (variants.length === 0) {
    return;
  }
  for (const variant of variants) {
    const trial: Problem[] = [];
    checkValue(value, variant, field, models, trial, depth + 1);
    if (trial.length === 0) {
      return;
    }
  }
  found.push({
    field,
    message: "matches none of the types the spec allows here",
  });
}

function kindProblem(value: unknown, rule: ValueRule): string | undefined {
  switch (rule.kind) {
    case "string":
      return typeof value === "string" ? undefined : "must be a string";
    case "integer":
      return typeof value === "number" && Number.isInteger(value)
        ? undefined
        : "must be an integer";
    case "number":
      return typeof value === "number" && Number.isFinite(value)
        ? undefined
        : "must be a finite number";
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be a boolean";
    case "date":
    case "datetime": {
      const pattern = rule.kind === "date" ? DATE : DATETIME;
      if (value instanceof Date) {
        return Number.isNaN(value.getTime())
          ? "must be a valid date"
          : undefined;
      }
      return typeof value === "string" && pattern.test(value)
        ? undefined
        : `must be a Date or ${rule.kind === "date" ? "a YYYY-MM-DD" : "an RFC 3339 date-time"} string`;
    }
    case "binary":
      return isBinary(value) || typeof value === "string"
        ? undefined
        : "must be a Blob, Uint8Array, ArrayBuffer or ReadableStream";
    case "array":
      return Array.isArray(value) ? undefined : "must be an array";
    case "map":
    case "model":
      return isRecord(value) ? undefined : "must be an object";
    case "null":
      return "must be null";
    default:
      return undefined;
  }
}

function limitProblems(value: unknown, rule: ValueRule): string[] {
  const limits = rule.limits;
  if (limits === undefined) {
    return [];
  }
  const out: string[] = [];
  if (typeof value === "string") {
    const length = [...value].length; // JSON Schema counts code points
    if (limits.minLength !== undefined && length < limits.minLength) {
      out.push(`must be at least ${limits.minLength} characters long`);
    }
    if (limits.maxLength !== undefined && length > limits.maxLength) {
      out.push(`must be at most ${limits.maxLength} characters long`);
    }
    const pattern =
      limits.pattern === undefined ? undefined : compiled(limits.pattern);
    if (pattern !== undefined && !pattern.test(value)) {
      out.push(`must match the pattern ${limits.pattern}`);
    }
  } else if (typeof value === "number") {
    if (limits.minimum !== undefined && value < limits.minimum) {
      out.push(`must be ${limits.minimum} or more`);
    }
    if (limits.maximum !== undefined && value > limits.maximum) {
      out.push(`must be ${limits.maximum} or less`);
    }
    if (
      limits.exclusiveMinimum !== undefined &&
      value <= limits.exclusiveMinimum
    ) {
      out.push(`must be more than ${limits.exclusiveMinimum}`);
    }
    if (
      limits.exclusiveMaximum !== undefined &&
      value >= limits.exclusiveMaximum
    ) {
      out.push(`must be less than ${limits.exclusiveMaximum}`);
    }
    if (
      limits.multipleOf !== undefined &&
      limits.multipleOf > 0 &&
      !isMultiple(value, limits.multipleOf)
    ) {
      out.push(`must be a multiple of ${limits.multipleOf}`);
    }
  } else if (Array.isArray(value)) {
    if (limits.minItems !== undefined && value.length < limits.minItems) {
      out.push(`must hold at least ${limits.minItems} items`);
    }
    if (limits.maxItems !== undefined && value.length > limits.maxItems) {
      out.push(`must hold at most ${limits.maxItems} items`);
    }
    if (
      limits.uniqueItems &&
      new Set(value.map(canonical)).size !== value.length
    ) {
      out.push("must not hold the same item twice");
    }
  }
  return out;
}

function isMultiple(value: number, step: number): boolean {
  const quotient = value / step;
  return Math.abs(quotient - Math.round(quotient)) < 1e-9;
}

const PATTERNS = new Map<string, RegExp | undefined>();

/** The spec's pattern as a RegExp, compiled once: with the unicode flag (JSON Schema's
 * patterns are ECMA-262 over code points), else without it (the flag refuses escapes
 * such as `\_` that specs written for other engines use); one neither reads is skipped. */
function compiled(pattern: string): RegExp | undefined {
  if (!PATTERNS.has(pattern)) {
    let regex: RegExp | undefined;
    for (const flags of ["u", ""]) {
      try {
        regex = new RegExp(pattern, flags);
        break;
      } catch {
        regex = undefined;
      }
    }
    PATTERNS.set(pattern, regex);
  }
  return PATTERNS.get(pattern);
}

/** JSON with sorted keys: equal values give equal text (uniqueItems). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isRecord(item) && !Array.isArray(item)
      ? Object.fromEntries(
          Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : item,
  );
}

function shown(value: Literal | string): string {
  return JSON.stringify(value);
}

/** A plain object (not an array, a Date or binary data). */
export function isRecord(
  value: unknown,
): value is Readonly<Record<string, unknown>> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !isBinary(value)
  );
}
