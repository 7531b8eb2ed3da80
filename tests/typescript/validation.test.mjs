import assert from "node:assert/strict";
import { test } from "node:test";

import { InvalidRequestError } from "../../generator/targets/typescript/runtime/index.js";
import { MESSAGE, client, countingFetch } from "./helpers.mjs";

/** A client whose fetch must never be called: every case here is refused before sending. */
function refusing() {
  const counting = countingFetch(() => Promise.reject(new Error("sent")));
  return { api: client("http://127.0.0.1:9", { fetch: counting }), counting };
}

/** Asserts the call is refused naming `fields`, and that no value shows in the message. */
async function refused(call, fields, hidden = []) {
  await assert.rejects(call, (error) => {
    assert.ok(error instanceof InvalidRequestError, String(error));
    assert.deepEqual(error.fields, fields);
    for (const value of hidden) {
      assert.ok(!error.message.includes(value), `${value} shows in: ${error.message}`);
    }
    return true;
  });
}

test("the body's model rules: required fields, lengths, patterns, item counts, enums, unknown fields", async () => {
  const { api, counting } = refusing();
  await refused(api.createMessage("1", { to: ["+1"], from: "+2" }), ["body.applicationId"]);
  await refused(api.createMessage("1", { ...MESSAGE, text: "far too long a text" }), ["body.text"], ["far too long"]);
  await refused(api.createMessage("1", { ...MESSAGE, to: ["+1", "not-a-number"] }), ["body.to[1]"], ["not-a-number"]);
  await refused(api.createMessage("1", { ...MESSAGE, to: [] }), ["body.to"]);
  await refused(api.createMessage("1", { ...MESSAGE, to: ["+1", "+1"] }), ["body.to"]);
  await refused(api.createMessage("1", { ...MESSAGE, priority: "urgent" }), ["body.priority"], ["urgent"]);
  await refused(api.createMessage("1", { ...MESSAGE, colour: "red" }), ["body.colour"]);
  await refused(api.createMessage("1", { ...MESSAGE, from: null }), ["body.from"]);
  await refused(api.createMessage("1", undefined), ["body"]);
  assert.equal(counting.calls.length, 0);
});

test("a nullable field may be null, and every problem is reported at once", async () => {
  const { api } = refusing();
  await refused(api.createMessage("1", { ...MESSAGE, tag: null, applicationId: "", text: "x".repeat(11) }), ["body.applicationId", "body.text"]);
});

test("parameters: kind, limits, enum, required, dates", async () => {
  const { api, counting } = refusing();
  await refused(api.listMessages("1", "NOPE"), ["messageStatus"]);
  await refused(api.listMessages("1", undefined, 0), ["limit"]);
  await refused(api.listMessages("1", undefined, 2.5), ["limit"]);
  await refused(api.listMessages("1", undefined, "10"), ["limit"]);
  await refused(api.listMessages("1", undefined, undefined, undefined, "yesterday"), ["fromDateTime"]);
  await refused(api.listMessages(undefined), ["accountId"]);
  await refused(api.createMessage("x".repeat(21), MESSAGE), ["accountId"]);
  assert.equal(counting.calls.length, 0);
});

test("a path parameter stays one segment: '.', '..' and '' are refused, the rest escaped", async () => {
  const { api, counting } = refusing();
  for (const segment of [".", "..", ""]) {
    await refused(api.getMessage("1", segment), ["messageId"]);
  }
  assert.equal(counting.calls.length, 0);
  const seen = countingFetch(() => Promise.resolve(new Response('{"id":"x"}', { headers: { "Content-Type": "application/json" } })));
  await client("http://127.0.0.1:9", { fetch: seen }).getMessage("1", "../a/b?c#d%");
  assert.equal(seen.calls[0], "http://127.0.0.1:9/users/1/messages/..%2Fa%2Fb%3Fc%23d%25");
});

test("a header value with a line break is refused, naming the header but never the value", async () => {
  const { api, counting } = refusing();
  await refused(api.getMessage("1", "m", "abc\r\nX-Injected: 1"), ["traceId"], ["X-Injected"]);
  await assert.rejects(api.getMessage("1", "m", undefined, { headers: { "X-Secret": "a\nb" } }), (error) => error instanceof InvalidRequestError && !error.message.includes("a\nb"));
  await assert.rejects(api.getMessage("1", "m", undefined, { headers: { "Content-Length": "5" } }), /written by the client/);
  assert.equal(counting.calls.length, 0);
});

test("a union body: a tag the spec lists selects its model; an unknown tag is refused", async () => {
  const { api, counting } = refusing();
  await refused(api.sendChannel({ channel: "SMS" }), ["body.text"]);
  await refused(api.sendChannel({ channel: "FAX", text: "x" }), ["body.channel"]);
  assert.equal(counting.calls.length, 0);
});

test("query parameters are written in their style: arrays unexploded, dates as ISO text", async () => {
  const seen = countingFetch(() => Promise.resolve(new Response('{"messages":[]}', { headers: { "Content-Type": "application/json" } })));
  await client("http://127.0.0.1:9", { fetch: seen }).listMessages("1", "SENT", 10, ["+1 2", "+3&4"], new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
  assert.equal(
    seen.calls[0],
    "http://127.0.0.1:9/users/1/messages?messageStatus=SENT&limit=10&to=%2B1%202,%2B3%264&fromDateTime=2026-01-02T03%3A04%3A05.000Z",
  );
});

test("an unknown option (a misspelling from JavaScript) is refused before sending", async () => {
  const { api, counting } = refusing();
  await refused(api.getMessage("1", "m", undefined, { timeout: 5 }), ["timeout"]);
  assert.equal(counting.calls.length, 0);
});

test("a pattern the unicode flag refuses (an escaped underscore) is still checked", async () => {
  const { api, counting } = refusing();
  const op = {
    operationId: "tag",
    method: "GET",
    path: "/t",
    servers: [],
    parameters: [{ name: "tag", wireName: "tag", in: "query", rule: { kind: "string", limits: { pattern: "^[a-z\\_]+$" } } }],
    responses: { "200": { decode: "json" } },
    security: [],
  };
  await refused(api.call(op, { tag: "Not-OK" }), ["tag"]);
  assert.equal(counting.calls.length, 0);
});

test("a body JSON cannot write (a cycle) is refused as an InvalidRequestError", async () => {
  const { api, counting } = refusing();
  const op = {
    operationId: "put",
    method: "PUT",
    path: "/t",
    servers: [],
    parameters: [],
    body: { contents: [{ mediaType: "application/json", kind: "json", rule: { kind: "any" } }] },
    responses: { "200": { decode: "json" } },
    security: [],
  };
  const cyclic = { name: "a" };
  cyclic.self = cyclic;
  await refused(api.call(op, {}, cyclic), ["body"]);
  assert.equal(counting.calls.length, 0);
});
