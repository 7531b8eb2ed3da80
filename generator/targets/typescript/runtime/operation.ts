/**
 * The operation table: what the spec says about each operation, as plain data.
 *
 * Generated API classes hold one `Operation` per operation (`OPERATIONS.createMessage`)
 * and pass it to `BaseAPI.request` with the call's arguments; the runtime reads
 * everything it needs from it (where to send, how to encode each parameter and the
 * body, which limits to check before sending, how to decode each status, which
 * credentials to add, how to find the next page). Nothing here is code: a table is
 * printed by the generator as an object literal and never changes at run time.
 *
 * Names: `name` is the key of a parameter in the object the generated method passes
 * (its TypeScript argument name), `wireName` its name in the request. Model objects
 * are plain JSON objects keyed by the spec's property names (wire names), as in
 * typescript-axios, so bodies are sent as they are given.
 */

/** An HTTP method, upper case. */
export type HttpMethod =
  "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" | "TRACE";

/** Where a parameter goes. */
export type ParameterLocation = "path" | "query" | "header" | "cookie";

/** OpenAPI's serialization styles of a parameter or form field. */
export type ParameterStyle =
  | "simple"
  | "label"
  | "matrix"
  | "form"
  | "spaceDelimited"
  | "pipeDelimited"
  | "deepObject";

/** A value's constraints as the spec states them (the model's `Limits`). */
export interface Limits {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** An ECMAScript regular expression source, searched (not anchored), as JSON Schema does. */
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

/** The kinds a value is checked as (the model's `TypeKind`, "literal" folded into `enum`). */
export type ValueKind =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  | "binary"
  | "date"
  | "datetime"
  | "array"
  | "map"
  | "model"
  | "union"
  | "any"
  | "null";

/** A JSON value a spec can list (enum members, literals). */
export type Literal = string | number | boolean | null;

/**
 * What the spec allows for one value of a request: its kind, enum, limits, and for
 * arrays, maps, models and unions the rules of what they hold. `ref` names a model
 * (kind "model") in the operation's `models` table, so that models referring to each
 * other (cycles included) are data, not nested copies.
 */
export interface ValueRule {
  readonly kind: ValueKind;
  readonly nullable?: boolean;
  /** The only values allowed (an enum or a const); checked for requests only. */
  readonly enum?: readonly Literal[];
  readonly limits?: Limits;
  /** kind "array": each item. */
  readonly items?: ValueRule;
  /** kind "map": each value (keys are strings). */
  readonly values?: ValueRule;
  /** kind "model" (or "union" of named variants): the name in `Operation.models`. */
  readonly ref?: string;
  /** kind "union": the variants; one must match. */
  readonly variants?: readonly ValueRule[];
  /** kind "union": the discriminator property (wire name) and tag -> model name. */
  readonly discriminator?: Discriminator;
}

export interface Discriminator {
  readonly propertyName: string;
  readonly mapping: Readonly<Record<string, string>>;
}

/** One property of a model: its rule and whether the model requires it. */
export interface PropertyRule {
  readonly rule: ValueRule;
  readonly required?: boolean;
  /** Sent by the server only: a request that sets it is not refused, it is left as is. */
  readonly readOnly?: boolean;
}

/** A model's rules, by wire name; `additionalProperties: false` refuses unknown keys. */
export interface ModelRule {
  readonly properties: Readonly<Record<string, PropertyRule>>;
  readonly additionalProperties?: boolean;
  /** A union model (oneOf/anyOf) is written as a `ValueRule` of kind "union" instead. */
  readonly union?: ValueRule;
}

/** Every model's rules by name; the generator emits one shared table. */
export type ModelRules = Readonly<Record<string, ModelRule>>;

/** One parameter of an operation. */
export interface ParameterSpec {
  /** The key in the params object the generated method passes to `request`. */
  readonly name: string;
  /** Its name on the wire. */
  readonly wireName: string;
  readonly in: ParameterLocation;
  readonly required?: boolean;
  /** Default by location: path/header "simple", query/cookie "form". */
  readonly style?: ParameterStyle;
  /** Default: true for style "form", false otherwise. */
  readonly explode?: boolean;
  /** Query only: RFC 3986 reserved characters sent unescaped. */
  readonly allowReserved?: boolean;
  readonly rule: ValueRule;
}

/** How one field of a form or multipart body is sent (the spec's `encoding`). */
export interface FieldEncoding {
  readonly style?: ParameterStyle;
  readonly explode?: boolean;
  /** The part's Content-Type (multipart); "application/json" sends the field as JSON. */
  readonly contentType?: string;
  readonly allowReserved?: boolean;
}

/** How a body of one media type is written. */
export type BodyKind = "json" | "form" | "multipart" | "binary" | "text";

export interface BodyContent {
  readonly mediaType: string;
  readonly kind: BodyKind;
  readonly rule?: ValueRule;
  readonly encoding?: Readonly<Record<string, FieldEncoding>>;
}

/** The request body: the media types in the spec's order; the first is the default. */
export interface BodySpec {
  readonly required?: boolean;
  readonly contents: readonly BodyContent[];
}

/** How a response body is read: JSON, text, bytes (a `Blob`), or not at all. */
export type DecodeKind = "json" | "text" | "binary" | "none";

/** The error classes the runtime defines, by name (see errors.ts). */
export type ErrorClassName =
  | "ApiError"
  | "BadRequestError"
  | "UnauthorizedError"
  | "PaymentRequiredError"
  | "ForbiddenError"
  | "NotFoundError"
  | "MethodNotAllowedError"
  | "NotAcceptableError"
  | "RequestTimeoutError"
  | "ConflictError"
  | "GoneError"
  | "PreconditionFailedError"
  | "PayloadTooLargeError"
  | "UnsupportedMediaTypeError"
  | "UnprocessableEntityError"
  | "TooManyRequestsError"
  | "InternalServerError"
  | "NotImplementedError"
  | "BadGatewayError"
  | "ServiceUnavailableError"
  | "GatewayTimeoutError";

/**
 * One response the spec declares. Keys of `Operation.responses` are "200", "4XX" or
 * "default"; an error status is matched by itself, then its range, then "default".
 */
export interface ResponseSpec {
  readonly decode: DecodeKind;
  /** Non-2xx: the class the error is raised as (by status: ApiError when none fits). */
  readonly errorClass?: ErrorClassName;
  /** Media types besides JSON this response may come in, with how each is read. */
  readonly others?: Readonly<Record<string, DecodeKind>>;
}

/** A security scheme, as one requirement names it. */
export type SecurityScheme =
  | { readonly type: "basic"; readonly name: string }
  | { readonly type: "bearer"; readonly name: string }
  | {
      readonly type: "apiKey";
      readonly name: string;
      readonly in: "header" | "query" | "cookie";
      /** The header, query parameter or cookie name. */
      readonly keyName: string;
    }
  | {
      readonly type: "oauth2";
      readonly name: string;
      readonly tokenUrl: string;
      readonly scopes?: readonly string[];
    };

/**
 * Where the next page's argument comes from (the model's `Pagination`; README
 * "Pagination" describes each pattern). `items` is the dotted path of wire names to
 * the list in the body ("" = the body is the list).
 */
export type PaginationSpec = {
  readonly items: string;
} & (
  | {
      /** A cursor in the body at `path` (a next address gives `parameter`'s value). */
      readonly in: "body";
      readonly parameter: string;
      readonly path: string;
    }
  | {
      readonly in: "header";
      readonly parameter: string;
      readonly header: string;
    }
  | { readonly in: "link" }
  | {
      readonly in: "page";
      readonly parameter: string;
      readonly first?: number;
      readonly hasMore?: string;
    }
  | {
      readonly in: "offset";
      readonly parameter: string;
      readonly hasMore?: string;
    }
  | {
      readonly in: "lastItem";
      readonly parameter: string;
      readonly path: string;
      readonly hasMore: string;
    }
);

/** Everything the runtime needs to know about one operation. */
export interface Operation {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** The path template: "/users/{accountId}/messages" (placeholders are wire names). */
  readonly path: string;
  /**
   * The servers of the operation, else of its path, else of the document, first the
   * default; `Configuration.basePath` replaces them. Variables already substituted.
   */
  readonly servers: readonly string[];
  readonly parameters: readonly ParameterSpec[];
  readonly body?: BodySpec;
  readonly responses: Readonly<Record<string, ResponseSpec>>;
  /** The Accept header: the media types of the operation's responses, comma-separated
   * (default: application/json for JSON responses, any type for binary or text ones). */
  readonly accept?: string;
  /**
   * Alternatives, each a list of schemes used together; the first alternative whose
   * credentials the configuration holds is used. `[]`: no auth; an empty alternative
   * (`[[...], []]`) makes auth optional.
   */
  readonly security: readonly (readonly SecurityScheme[])[];
  readonly pagination?: PaginationSpec;
  /** The model rules that `ref`s name (the one shared table of the package). */
  readonly models?: ModelRules;
}

/** The arguments of one call, by `ParameterSpec.name`; undefined ones are left out. */
export type Params = Readonly<Record<string, unknown>>;

/**
 * An enum the server may extend: the listed values typed, any other string kept.
 * `type MessageStatusEnum = OpenEnum<"RECEIVED" | "QUEUED">`.
 */
export type OpenEnum<T extends string | number> =
  T | (T extends string ? string & {} : number & {});

/**
 * The variant of a discriminated union decoded from a tag the spec does not list:
 * every field kept. `type Channel = SmsChannel | MmsChannel | UnknownVariant<"channel">`.
 */
export type UnknownVariant<D extends string> = { readonly [K in D]: string } & {
  readonly [key: string]: unknown;
};
