import assert from "node:assert/strict";
import util from "node:util";
import { test } from "node:test";

import {
  ApiError,
  BadRequestError,
  Configuration,
  NotFoundError,
  ResponseDecodeError,
  SdkError,
  UnexpectedStatusError,
} from "../../generator/targets/typescript/runtime/index.js";
import { MESSAGE, client, closedPort, serve } from "./helpers.mjs";

test("unknown enum values and union variants the server sends are kept", async (t) => {
  const server = await serve(
    { body: { id: "m1", status: "SOMETHING_NEW", extra: { kept: true } } },
    { body: { channel: "RCS", card: { title: "x" } } },
  );
  t.after(() => server.close());
  const api = client(server.url);
  const { data } = await api.getMessage("1", "m1");
  assert.equal(data.status, "SOMETHING_NEW");
  assert.deepEqual(data.extra, { kept: true });
  const channel = await api.sendChannel({ channel: "SMS", text: "hi" });
  assert.deepEqual(channel.data, { channel: "RCS", card: { title: "x" } });
});

test("each declared status throws its own class with the error body parsed", async (t) => {
  const server = await serve(
    { status: 400, headers: { "X-Request-Id": "req-1" }, body: { type: "bad", description: "no" } },
    { status: 404, body: { type: "missing", description: "gone" } },
    { status: 418, body: "teapot" },
    { status: 409, body: { type: "conflict", description: "range" } },
  );
  t.after(() => server.close());
  const api = client(server.url);
  await assert.rejects(api.getMessage("1", "m"), (error) => {
    assert.ok(error instanceof BadRequestError && error instanceof ApiError && error instanceof SdkError);
    assert.equal(error.status, 400);
    assert.equal(error.requestId, "req-1");
    assert.deepEqual(error.error, { type: "bad", description: "no" });
    assert.match(error.message, /^400 Bad Request from GET http:\/\/127\.0\.0\.1:\d+\/users\/1\/messages\/m: /);
    return true;
  });
  await assert.rejects(api.getMessage("1", "m"), NotFoundError);
  await assert.rejects(api.getMessage("1", "m"), (error) => {
    assert.ok(error instanceof ApiError);
    assert.equal(new TextDecoder().decode(error.body), "teapot");
    return true;
  });
  await assert.rejects(api.getMessage("1", "m"), (error) => error.constructor.name === "ConflictError" && error.error.type === "conflict");
});

test("a status the spec does not declare is an UnexpectedStatusError", async (t) => {
  const server = await serve({ status: 507, body: "full" });
  t.after(() => server.close());
  await assert.rejects(client(server.url, { maxRetries: 0 }).getMessage("1", "m"), UnexpectedStatusError);
});

test("a 2xx body that is not what the spec declares is a ResponseDecodeError, outside SdkError", async (t) => {
  const server = await serve(
    { status: 202, headers: { "Content-Type": "text/html" }, body: "<html>" },
    { status: 202, headers: { "Content-Type": "application/json" }, body: "{not json" },
  );
  t.after(() => server.close());
  for (const expected of [/expected JSON/, /no valid JSON/]) {
    await assert.rejects(client(server.url).createMessage("1", MESSAGE), (error) => {
      assert.ok(error instanceof ResponseDecodeError && !(error instanceof SdkError));
      assert.match(error.message, expected);
      assert.match(error.message, /do not send it again/);
      assert.ok(error.body.length > 0);
      return true;
    });
  }
  assert.equal(server.requests.length, 2);
});

test("a 2xx body larger than MAX_RESPONSE_BYTES is refused, not held", async (t) => {
  const server = await serve((req, res) => {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(`"${"x".repeat(2048)}"`);
  });
  t.after(() => server.close());
  const api = client(server.url);
  const limits = api.constructor;
  limits.MAX_RESPONSE_BYTES = 1024;
  try {
    await assert.rejects(api.getMessage("1", "m"), /larger than MAX_RESPONSE_BYTES/);
  } finally {
    limits.MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
  }
});

test("secrets never show in util.inspect, JSON or String of the configuration or the client", () => {
  const secrets = ["pa55word", "b3arer", "k3y", "cl13nt-s3cret", "h3ader-key"];
  const config = new Configuration({
    basePath: "https://api.example.com",
    username: "user",
    password: secrets[0],
    accessToken: secrets[1],
    apiKey: secrets[2],
    clientId: "id",
    clientSecret: secrets[3],
    headers: { "X-Api-Key": secrets[4] },
  });
  const api = client("https://api.example.com");
  const apiWith = new api.constructor(config);
  for (const shown of [util.inspect(config, { showHidden: true, depth: 5 }), JSON.stringify(config), String(config), util.inspect(apiWith, { depth: 5 }), JSON.stringify(apiWith), `${util.format("%o", apiWith)}`]) {
    for (const secret of secrets) {
      assert.ok(!shown.includes(secret), `${secret} shows in ${shown}`);
    }
  }
  assert.match(util.inspect(config), /password: '<redacted>'|"password":"<redacted>"/);
  assert.equal(config.password, secrets[0]); // still readable where it is asked for
});

test("errors leave out the query string, where an API key may travel", async () => {
  const port = await closedPort();
  const op = {
    operationId: "get",
    method: "GET",
    path: "/thing",
    servers: [],
    parameters: [],
    responses: { "200": { decode: "json" } },
    security: [[{ type: "apiKey", name: "key", in: "query", keyName: "api_key" }]],
  };
  const api = new (client("http://x").constructor)(new Configuration({ basePath: `http://127.0.0.1:${port}`, apiKey: "qu3ry-s3cret", maxRetries: 0 }));
  await assert.rejects(api.call(op, {}), (error) => {
    assert.ok(!error.message.includes("qu3ry-s3cret"), error.message);
    assert.ok(!util.inspect(error).includes("qu3ry-s3cret"));
    return true;
  });
});
