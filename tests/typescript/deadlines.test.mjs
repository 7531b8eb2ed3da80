import assert from "node:assert/strict";
import { setTimeout as wait } from "node:timers/promises";
import { test } from "node:test";

import { ApiConnectionError, ApiTimeoutError, ResponseDecodeError, SdkError } from "../../generator/targets/typescript/runtime/index.js";
import { MESSAGE, client, serve } from "./helpers.mjs";

/** Answers only after `ms` (or never, when the test closes the server first). */
const late = (ms) => async (req, res) => {
  await wait(ms, undefined, { ref: false });
  if (!res.destroyed) {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end('{"id": "late"}');
  }
};

/** Sends headers at once, then the body a byte at a time, slower than any timeout here. */
const drip = async (req, res) => {
  res.writeHead(200, { "Content-Type": "application/json" });
  for (const byte of '{"id": "slow"}') {
    if (res.destroyed) return;
    res.write(byte);
    await wait(200, undefined, { ref: false });
  }
  res.end();
};

test("an attempt without an answer within timeoutMs ends in ApiTimeoutError", async (t) => {
  const server = await serve(late(5_000));
  t.after(() => server.close());
  await assert.rejects(client(server.url, { timeoutMs: 100, maxRetries: 0 }).getMessage("1", "m"), ApiTimeoutError);
});

test("the timeout covers the body: a server dripping it is cut off", async (t) => {
  const server = await serve(drip);
  t.after(() => server.close());
  await assert.rejects(client(server.url, { timeoutMs: 300, maxRetries: 0 }).getMessage("1", "m"), ApiTimeoutError);
});

test("a timed-out GET is retried and the next answer returned", async (t) => {
  const server = await serve(late(5_000), { status: 200, body: { id: "m2" } });
  t.after(() => server.close());
  const { data } = await client(server.url, { timeoutMs: 1_000 }).getMessage("1", "m");
  assert.equal(data.id, "m2");
  assert.equal(server.requests.length, 2);
});

test("a timed-out POST is not sent again: the server may have acted on it", async (t) => {
  const server = await serve(late(5_000), { status: 202, body: { id: "m2" } });
  t.after(() => server.close());
  await assert.rejects(client(server.url, { timeoutMs: 200 }).createMessage("1", MESSAGE), ApiTimeoutError);
  assert.equal(server.requests.length, 1);
});

test("a POST whose 2xx body broke off is a ResponseDecodeError, not an SdkError", async (t) => {
  const server = await serve(drip);
  t.after(() => server.close());
  await assert.rejects(client(server.url, { timeoutMs: 1_000 }).createMessage("1", MESSAGE), (error) => {
    assert.ok(error instanceof ResponseDecodeError);
    assert.ok(!(error instanceof SdkError));
    return true;
  });
  assert.equal(server.requests.length, 1);
});

test("the deadline bounds the whole call, retries included", async (t) => {
  const server = await serve(late(5_000));
  t.after(() => server.close());
  const api = client(server.url, { timeoutMs: 150, maxRetries: 100 });
  await assert.rejects(api.getMessage("1", "m", undefined, { deadlineMs: 500 }), ApiTimeoutError);
  assert.ok(server.requests.length < 100);
});

test("the caller's AbortSignal ends the call with ApiConnectionError carrying its reason", async (t) => {
  const controller = new AbortController();
  // The caller gives up once the server has the request.
  const server = await serve(async (req, res) => {
    controller.abort(new Error("user left"));
    await late(5_000)(req, res);
  });
  t.after(() => server.close());
  const call = client(server.url).getMessage("1", "m", undefined, { signal: controller.signal });
  await assert.rejects(call, (error) => {
    assert.ok(error instanceof ApiConnectionError);
    assert.ok(!(error instanceof ApiTimeoutError));
    assert.equal(error.cause.message, "user left");
    return true;
  });
  assert.equal(server.requests.length, 1);
});

test("timeoutMs, deadlineMs and maxRetries out of range are refused before sending", async () => {
  const api = client("http://127.0.0.1:9");
  await assert.rejects(api.getMessage("1", "m", undefined, { timeoutMs: -1 }), /timeoutMs/);
  await assert.rejects(api.getMessage("1", "m", undefined, { maxRetries: 1.5 }), /maxRetries/);
  assert.throws(() => client("http://127.0.0.1:9", { deadlineMs: 0 }), /deadlineMs/);
});

test("a caller's abort while a POST's 2xx body arrives still says the request succeeded", async (t) => {
  const server = await serve(drip);
  t.after(() => server.close());
  const controller = new AbortController();
  // The caller gives up as soon as the status line and headers are in.
  const fetchApi = async (url, init) => {
    const response = await fetch(url, init);
    controller.abort(new Error("user left"));
    return response;
  };
  const call = client(server.url, { fetch: fetchApi }).createMessage("1", MESSAGE, { signal: controller.signal });
  await assert.rejects(call, (error) => error instanceof ResponseDecodeError && /caller/.test(error.message));
  assert.equal(server.requests.length, 1);
});

test("a call switches off the configuration's deadline with deadlineMs: Infinity", async (t) => {
  const server = await serve(late(300));
  t.after(() => server.close());
  const api = client(server.url, { deadlineMs: 100, maxRetries: 0 });
  await assert.rejects(api.getMessage("1", "m"), ApiTimeoutError);
  const { data } = await api.getMessage("1", "m", undefined, { deadlineMs: Infinity });
  assert.equal(data.id, "late");
});
