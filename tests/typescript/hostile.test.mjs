// Attacks on the runtime as a hostile server or a careless caller would make them, each
// a rule the Python SDK keeps too.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";

import {
  BaseAPI,
  Configuration,
  InvalidRequestError,
} from "../../generator/targets/typescript/runtime/index.js";
import { MESSAGE, client, countingFetch, serve } from "./helpers.mjs";

function refusing() {
  const counting = countingFetch(() => Promise.reject(new Error("sent")));
  return { api: client("http://127.0.0.1:9", { fetch: counting }), counting };
}

async function refused(call, fields) {
  await assert.rejects(call, (error) => {
    assert.ok(error instanceof InvalidRequestError, String(error));
    assert.deepEqual(error.fields, fields);
    return true;
  });
}

test("a discriminator tag naming a property of Object.prototype selects no variant", async () => {
  const { api, counting } = refusing();
  for (const tag of [
    "constructor",
    "toString",
    "__proto__",
    "hasOwnProperty",
  ]) {
    await refused(api.sendChannel({ channel: tag, text: "x" }), [
      "body.channel",
    ]);
  }
  assert.equal(counting.calls.length, 0);
});

test("an unknown field named like a property of Object.prototype is still unknown", async () => {
  const { api, counting } = refusing();
  for (const name of ["constructor", "toString", "valueOf"]) {
    await refused(api.createMessage("1", { ...MESSAGE, [name]: "x" }), [
      `body.${name}`,
    ]);
  }
  await refused(
    api.createMessage(
      "1",
      JSON.parse(
        `{"applicationId":"app","to":["+15550001"],"from":"+15550002","__proto__":{"x":1}}`,
      ),
    ),
    ["body.__proto__"],
  );
  assert.equal(counting.calls.length, 0);
});

test("a basePath or tokenUrl holding a password never shows in inspect, JSON or String", () => {
  const config = new Configuration({
    basePath: "https://user:hunter2@api.example.com/v1?key=qsecret",
    tokenUrl: "https://id:tsecret@auth.example.com/token?client_secret=csecret",
  });
  for (const shown of [
    inspect(config),
    JSON.stringify(config),
    String(config),
    inspect(client("http://x", { basePath: config.basePath })),
  ]) {
    for (const secret of ["hunter2", "qsecret", "tsecret", "csecret"]) {
      assert.ok(!shown.includes(secret), `${secret} shows in ${shown}`);
    }
  }
});

/** An API of one operation whose body model has optional fields named like Object.prototype's. */
class ProtoApi extends BaseAPI {
  send(body) {
    return this.request(PROTO_OPERATION, {}, body);
  }
}

const PROTO_OPERATION = {
  operationId: "sendProto",
  method: "POST",
  path: "/proto",
  servers: ["http://127.0.0.1:9"],
  parameters: [],
  body: {
    required: true,
    contents: [
      {
        mediaType: "application/json",
        kind: "json",
        rule: { kind: "model", ref: "Proto" },
      },
    ],
  },
  responses: { 200: { decode: "json" } },
  security: [],
  models: {
    Proto: {
      properties: {
        name: { rule: { kind: "string" }, required: true },
        toString: { rule: { kind: "string" } },
        constructor: { rule: { kind: "integer" } },
      },
      additionalProperties: false,
    },
  },
};

test("optional fields named toString or constructor are absent when not given, checked when given", async () => {
  const server = await serve({ status: 200, body: { ok: true } });
  try {
    const api = new ProtoApi(new Configuration({ basePath: server.url }));
    const { data } = await api.send({ name: "n" });
    assert.deepEqual(data, { ok: true });
    await refused(api.send({ name: "n", constructor: "x" }), [
      "body.constructor",
    ]);
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

test("a header parameter the spec names with a space is refused as an InvalidRequestError, not fetch's TypeError", async () => {
  const op = {
    operationId: "traced",
    method: "GET",
    path: "/traced",
    servers: ["http://127.0.0.1:9"],
    parameters: [{ name: "traceId", wireName: "X-Trace Id", in: "header", rule: { kind: "string" } }],
    responses: { "200": { decode: "json" } },
    security: [],
  };
  class TracedApi extends BaseAPI {
    traced(traceId) {
      return this.request(op, { traceId });
    }
  }
  const counting = countingFetch(() => Promise.reject(new Error("sent")));
  const api = new TracedApi(new Configuration({ fetch: counting }));
  await refused(api.traced("t"), ["traceId"]);
  assert.equal(counting.calls.length, 0);
});
