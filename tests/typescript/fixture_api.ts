/**
 * A small API written the way the TypeScript target generates one (thin methods over
 * BaseAPI, the operation table as data), for the runtime tests to call. Compiled with
 * `tsc --strict` beside the runtime, so it also proves the contract type-checks.
 */

import {
  BaseAPI,
  Configuration,
  type ApiResponse,
  type ModelRules,
  type OpenEnum,
  type Operation,
  type RequestOptions,
  type UnknownVariant,
} from "../../generator/targets/typescript/runtime/index.js";

export type MessageStatusEnum = OpenEnum<"RECEIVED" | "QUEUED" | "SENT">;

export interface MessageRequest {
  applicationId: string;
  to: string[];
  from: string;
  text?: string;
  priority?: "default" | "high";
  tag?: string;
}

export interface Message {
  id: string;
  status?: MessageStatusEnum;
  [key: string]: unknown;
}

export interface SmsChannel {
  channel: "SMS";
  text: string;
}
export interface MmsChannel {
  channel: "MMS";
  media: string[];
}
export type Channel = SmsChannel | MmsChannel | UnknownVariant<"channel">;

export interface ErrorBody {
  type: string;
  description: string;
}

const MODELS: ModelRules = {
  MessageRequest: {
    properties: {
      applicationId: { rule: { kind: "string", limits: { minLength: 1 } }, required: true },
      to: {
        rule: { kind: "array", limits: { minItems: 1, maxItems: 3, uniqueItems: true }, items: { kind: "string", limits: { pattern: "^\\+[0-9]+$" } } },
        required: true,
      },
      from: { rule: { kind: "string" }, required: true },
      text: { rule: { kind: "string", limits: { maxLength: 10 } } },
      priority: { rule: { kind: "string", enum: ["default", "high"] } },
      tag: { rule: { kind: "string", nullable: true } },
    },
    additionalProperties: false,
  },
  SmsChannel: {
    properties: { channel: { rule: { kind: "string" }, required: true }, text: { rule: { kind: "string" }, required: true } },
  },
  MmsChannel: {
    properties: {
      channel: { rule: { kind: "string" }, required: true },
      media: { rule: { kind: "array", items: { kind: "string" } }, required: true },
    },
  },
  Channel: {
    properties: {},
    union: {
      kind: "union",
      variants: [{ kind: "model", ref: "SmsChannel" }, { kind: "model", ref: "MmsChannel" }],
      discriminator: { propertyName: "channel", mapping: { SMS: "SmsChannel", MMS: "MmsChannel" } },
    },
  },
};

const ERRORS = {
  "400": { decode: "json", errorClass: "BadRequestError" },
  "401": { decode: "json", errorClass: "UnauthorizedError" },
  "404": { decode: "json", errorClass: "NotFoundError" },
  "429": { decode: "json", errorClass: "TooManyRequestsError" },
  "503": { decode: "json", errorClass: "ServiceUnavailableError" },
  "4XX": { decode: "json", errorClass: "ApiError" },
} as const;

const BASIC = [[{ type: "basic", name: "Basic" }]] as const;

/** The servers of every operation: the tests point basePath at their own servers. */
const SERVERS = ["http://127.0.0.1:9"] as const;

export const OPERATIONS = {
  createMessage: {
    operationId: "createMessage",
    method: "POST",
    path: "/users/{accountId}/messages",
    servers: SERVERS,
    parameters: [{ name: "accountId", wireName: "accountId", in: "path", required: true, rule: { kind: "string", limits: { maxLength: 20 } } }],
    body: { required: true, contents: [{ mediaType: "application/json", kind: "json", rule: { kind: "model", ref: "MessageRequest" } }] },
    responses: { "202": { decode: "json" }, ...ERRORS },
    security: BASIC,
    models: MODELS,
  },
  getMessage: {
    operationId: "getMessage",
    method: "GET",
    path: "/users/{accountId}/messages/{messageId}",
    servers: SERVERS,
    parameters: [
      { name: "accountId", wireName: "accountId", in: "path", required: true, rule: { kind: "string" } },
      { name: "messageId", wireName: "messageId", in: "path", required: true, rule: { kind: "string" } },
      { name: "traceId", wireName: "X-Trace-Id", in: "header", rule: { kind: "string" } },
    ],
    responses: { "200": { decode: "json" }, ...ERRORS },
    security: BASIC,
  },
  listMessages: {
    operationId: "listMessages",
    method: "GET",
    path: "/users/{accountId}/messages",
    servers: SERVERS,
    parameters: [
      { name: "accountId", wireName: "accountId", in: "path", required: true, rule: { kind: "string" } },
      { name: "messageStatus", wireName: "messageStatus", in: "query", rule: { kind: "string", enum: ["RECEIVED", "QUEUED", "SENT"] } },
      { name: "limit", wireName: "limit", in: "query", rule: { kind: "integer", limits: { minimum: 1, maximum: 1000 } } },
      { name: "to", wireName: "to", in: "query", explode: false, rule: { kind: "array", items: { kind: "string" } } },
      { name: "fromDateTime", wireName: "fromDateTime", in: "query", rule: { kind: "datetime" } },
      { name: "pageToken", wireName: "pageToken", in: "query", rule: { kind: "string" } },
    ],
    responses: { "200": { decode: "json" }, ...ERRORS },
    security: BASIC,
    pagination: { in: "body", parameter: "pageToken", path: "pageInfo.nextPageToken", items: "messages" },
  },
  sendChannel: {
    operationId: "sendChannel",
    method: "PUT",
    path: "/channels",
    servers: SERVERS,
    parameters: [],
    body: { required: true, contents: [{ mediaType: "application/json", kind: "json", rule: { kind: "model", ref: "Channel" } }] },
    responses: { "200": { decode: "json" }, ...ERRORS },
    security: [],
    models: MODELS,
  },
} satisfies Record<string, Operation>;

/** The API class as generated: one line per method. */
export class MessagesApi extends BaseAPI {
  createMessage(accountId: string, messageRequest: MessageRequest, options?: RequestOptions): Promise<ApiResponse<Message>> {
    return this.request(OPERATIONS.createMessage, { accountId }, messageRequest, options);
  }

  getMessage(accountId: string, messageId: string, traceId?: string, options?: RequestOptions): Promise<ApiResponse<Message>> {
    return this.request(OPERATIONS.getMessage, { accountId, messageId, traceId }, undefined, options);
  }

  listMessages(
    accountId: string,
    messageStatus?: MessageStatusEnum,
    limit?: number,
    to?: string[],
    fromDateTime?: string | Date,
    pageToken?: string,
    options?: RequestOptions,
  ): Promise<ApiResponse<{ messages: Message[]; pageInfo?: { nextPageToken?: string } }>> {
    return this.request(OPERATIONS.listMessages, { accountId, messageStatus, limit, to, fromDateTime, pageToken }, undefined, options);
  }

  listMessagesAll(accountId: string, messageStatus?: MessageStatusEnum, options?: RequestOptions): AsyncGenerator<Message> {
    return this.paginate(OPERATIONS.listMessages, { accountId, messageStatus }, undefined, options);
  }

  sendChannel(channel: Channel, options?: RequestOptions): Promise<ApiResponse<Channel>> {
    return this.request(OPERATIONS.sendChannel, {}, channel, options);
  }

  /** Any operation the tests describe inline, as a generated method would call it. */
  call<T>(op: Operation, params: Record<string, unknown>, body?: unknown, options?: RequestOptions): Promise<ApiResponse<T>> {
    return this.request(op, params, body, options);
  }

  callStream(op: Operation, params: Record<string, unknown>, body?: unknown, options?: RequestOptions): Promise<ApiResponse<ReadableStream<Uint8Array>>> {
    return this.requestStream(op, params, body, options);
  }

  callPages<T>(op: Operation, params: Record<string, unknown>, options?: RequestOptions): AsyncGenerator<ApiResponse<T>> {
    return this.pages(op, params, undefined, options);
  }

  callAll<I>(op: Operation, params: Record<string, unknown>, options?: RequestOptions): AsyncGenerator<I> {
    return this.paginate(op, params, undefined, options);
  }
}

/** The seed page's example, as the customer wrote it, compiles unchanged. */
export async function seedExample(configuration: Configuration, accountId: string, messageRequest: MessageRequest): Promise<number> {
  const apiInstance = new MessagesApi(configuration);
  const { status, data } = await apiInstance.createMessage(accountId, messageRequest);
  const id: string = data.id;
  void id;
  return status;
}

/** What the strict compiler refuses, so that the surface stays typed. */
export function typeErrors(api: MessagesApi): void {
  // @ts-expect-error a required body field is missing
  void api.createMessage("1", { applicationId: "a", to: ["+1"] });
  // @ts-expect-error a number is no account id
  void api.getMessage(1, "m");
  const status: MessageStatusEnum = "SOMETHING_NEW"; // an unknown enum value is kept and typed
  void status;
}

/** typescript-axios's ways of giving credentials type-check as they did. */
export function axiosStyleConfigurations(): Configuration[] {
  return [
    new Configuration({ basePath: "http://localhost", username: "u", password: "p" }),
    new Configuration({ accessToken: Promise.resolve("token") }),
    new Configuration({ accessToken: (name?: string, scopes?: readonly string[]) => `${name ?? ""}${scopes?.length ?? 0}` }),
    new Configuration({ apiKey: async (name: string) => name, serverIndex: 0 }),
  ];
}
