import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ApiConnectionError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from "../../generator/targets/typescript/runtime/index.js";
import { MESSAGE, client, closedPort, countingFetch, serve } from "./helpers.mjs";

const OK = { status: 200, body: { id: "m1" } };
const ACCEPTED = { status: 202, body: { id: "m1" } };

test("a GET answered 503 is retried, and the second answer is returned", async (t) => {
  const server = await serve({ status: 503, headers: { "Retry-After": "0" } }, OK);
  t.after(() => server.close());
  const { status, data } = await client(server.url).getMessage("1", "m1");
  assert.equal(status, 200);
  assert.equal(data.id, "m1");
  assert.equal(server.requests.length, 2);
});

test("a POST answered 503 is not sent twice: the server may have acted on it", async (t) => {
  const server = await serve({ status: 503, headers: { "Retry-After": "0" }, body: { type: "busy", description: "later" } }, ACCEPTED);
  t.after(() => server.close());
  await assert.rejects(client(server.url).createMessage("1", MESSAGE), (error) => {
    assert.ok(error instanceof ServiceUnavailableError);
    assert.deepEqual(error.error, { type: "busy", description: "later" });
    return true;
  });
  assert.equal(server.requests.length, 1);
});

test("a POST answered 429 is retried: the server did not act on it", async (t) => {
  const server = await serve({ status: 429, headers: { "Retry-After": "0" } }, ACCEPTED);
  t.after(() => server.close());
  const { status } = await client(server.url).createMessage("1", MESSAGE);
  assert.equal(status, 202);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[1].body, server.requests[0].body);
});

test("429 with retries used up throws TooManyRequestsError with retryAfter", async (t) => {
  const server = await serve({ status: 429, headers: { "Retry-After": "0" }, body: { type: "rate", description: "slow down" } });
  t.after(() => server.close());
  await assert.rejects(client(server.url, { maxRetries: 2 }).getMessage("1", "m"), (error) => {
    assert.ok(error instanceof TooManyRequestsError);
    assert.equal(error.retryAfter, 0);
    assert.equal(error.status, 429);
    return true;
  });
  assert.equal(server.requests.length, 3);
});

test("a Retry-After longer than the client waits is thrown at once with retryAfter set", async (t) => {
  const server = await serve({ status: 429, headers: { "Retry-After": "120" } }, OK);
  t.after(() => server.close());
  await assert.rejects(client(server.url).getMessage("1", "m"), (error) => error instanceof TooManyRequestsError && error.retryAfter === 120);
  assert.equal(server.requests.length, 1);
});

test("a Retry-After longer than what is left of the deadline is not waited for", async (t) => {
  const server = await serve({ status: 503, headers: { "Retry-After": "30" } }, OK);
  t.after(() => server.close());
  await assert.rejects(client(server.url, { deadlineMs: 5_000 }).getMessage("1", "m"), ServiceUnavailableError);
  assert.equal(server.requests.length, 1);
});

test("a POST is retried when the connection was refused: nothing was sent", async (t) => {
  const server = await serve(ACCEPTED);
  t.after(() => server.close());
  const port = await closedPort();
  // The first attempt goes to a closed port, the next to the server.
  const counting = countingFetch((url, init) =>
    fetch(counting.calls.length === 1 ? url.replace(server.url, `http://127.0.0.1:${port}`) : url, init),
  );
  const { status } = await client(server.url, { fetch: counting }).createMessage("1", MESSAGE);
  assert.equal(status, 202);
  assert.equal(counting.calls.length, 2);
  assert.equal(server.requests.length, 1);
});

test("a refused connection with retries used up throws ApiConnectionError naming the cause", async () => {
  const port = await closedPort();
  const counting = countingFetch();
  const api = client(`http://127.0.0.1:${port}`, { fetch: counting, maxRetries: 1 });
  await assert.rejects(api.getMessage("1", "m"), (error) => error instanceof ApiConnectionError && /ECONNREFUSED/.test(error.message));
  assert.equal(counting.calls.length, 2);
});

test("a POST whose connection broke after sending is not sent again", async (t) => {
  const server = await serve((req, res) => res.socket.destroy(), ACCEPTED);
  t.after(() => server.close());
  await assert.rejects(client(server.url).createMessage("1", MESSAGE), ApiConnectionError);
  assert.equal(server.requests.length, 1);
});

test("a GET whose connection broke is retried", async (t) => {
  const server = await serve((req, res) => res.socket.destroy(), OK);
  t.after(() => server.close());
  const { data } = await client(server.url).getMessage("1", "m");
  assert.equal(data.id, "m1");
  assert.equal(server.requests.length, 2);
});

test("maxRetries 0 in the call's options sends once", async (t) => {
  const server = await serve({ status: 503, headers: { "Retry-After": "0" } }, OK);
  t.after(() => server.close());
  await assert.rejects(client(server.url).getMessage("1", "m", undefined, { maxRetries: 0 }), ServiceUnavailableError);
  assert.equal(server.requests.length, 1);
});

test("Retry-After as an HTTP date is waited for; garbage in it falls back to backoff", async (t) => {
  const past = new Date(Date.now() - 5_000).toUTCString();
  const server = await serve(
    { status: 429, headers: { "Retry-After": past } },
    { status: 429, headers: { "Retry-After": "soon" } },
    OK,
  );
  t.after(() => server.close());
  const { data } = await client(server.url).getMessage("1", "m");
  assert.equal(data.id, "m1");
  assert.equal(server.requests.length, 3);
});

test("retryAfter reads seconds and HTTP dates, and ignores what is neither", () => {
  const error = (value) =>
    new TooManyRequestsError({ status: 429, headers: new Headers({ "Retry-After": value }), body: new Uint8Array(0), method: "GET", url: "https://x/y" });
  assert.equal(error("7").retryAfter, 7);
  assert.equal(error("9".repeat(400)).retryAfter, Infinity);
  assert.ok(error(new Date(Date.now() + 60_000).toUTCString()).retryAfter > 30);
  for (const garbage of ["-1", "soon", "nan", "1e3"]) {
    assert.equal(error(garbage).retryAfter, undefined, garbage);
  }
});

test("onRetry is told of each retry, without a credential, and cannot fail the call", async (t) => {
  const server = await serve({ status: 503, headers: { "Retry-After": "0" } }, { status: 502 }, OK);
  t.after(() => server.close());
  const events = [];
  const onRetry = (event) => {
    events.push(event);
    throw new Error("a broken logger");
  };
  const { status } = await client(server.url, { onRetry }).getMessage("1", "m1");
  assert.equal(status, 200);
  assert.equal(server.requests.length, 3);
  assert.deepEqual(
    events.map(({ reason, attempt, maxRetries, method, path }) => ({ reason, attempt, maxRetries, method, path })),
    [
      { reason: "503", attempt: 1, maxRetries: 2, method: "GET", path: "/users/{accountId}/messages/{messageId}" },
      { reason: "502", attempt: 2, maxRetries: 2, method: "GET", path: "/users/{accountId}/messages/{messageId}" },
    ],
  );
  assert.equal(events[0].delayMs, 0);
  assert.ok(events[1].delayMs >= 0);
  assert.ok(!JSON.stringify(events).includes("pass"), JSON.stringify(events));
});

test("onRetry hears of a refused connection by the system's code", async (t) => {
  const server = await serve(ACCEPTED);
  t.after(() => server.close());
  const port = await closedPort();
  const counting = countingFetch((url, init) =>
    fetch(counting.calls.length === 1 ? url.replace(server.url, `http://127.0.0.1:${port}`) : url, init),
  );
  const events = [];
  await client(server.url, { fetch: counting, onRetry: (event) => events.push(event) }).createMessage("1", MESSAGE);
  assert.deepEqual(events.map((event) => [event.operationId, event.reason]), [["createMessage", "ECONNREFUSED"]]);
});
