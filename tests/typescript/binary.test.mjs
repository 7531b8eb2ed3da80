import assert from "node:assert/strict";
import { test } from "node:test";

import { setTimeout as wait } from "node:timers/promises";

import { ApiConnectionError, ApiTimeoutError, InvalidRequestError, SdkError } from "../../generator/targets/typescript/runtime/index.js";
import { client, serve } from "./helpers.mjs";

const upload = (...mediaTypes) => ({
  operationId: "uploadMedia",
  method: "PUT",
  path: "/media/{mediaId}",
  servers: [],
  parameters: [{ name: "mediaId", wireName: "mediaId", in: "path", required: true, rule: { kind: "string" } }],
  body: { required: true, contents: mediaTypes.map((mediaType) => ({ mediaType, kind: "binary" })) },
  responses: { "204": { decode: "none" } },
  security: [],
});

const download = {
  operationId: "getMedia",
  method: "GET",
  path: "/media/{mediaId}",
  servers: [],
  parameters: [{ name: "mediaId", wireName: "mediaId", in: "path", required: true, rule: { kind: "string" } }],
  responses: { "200": { decode: "binary" }, "404": { decode: "json", errorClass: "NotFoundError" } },
  security: [],
};

const BYTES = new Uint8Array([0, 1, 2, 253, 254, 255]);

test("a Uint8Array body is sent as it is, typed by the spec's only media type", async (t) => {
  const server = await serve({ status: 204 });
  t.after(() => server.close());
  const { status, data } = await client(server.url).call(upload("application/octet-stream"), { mediaId: "a.bin" }, BYTES);
  assert.equal(status, 204);
  assert.equal(data, undefined);
  assert.deepEqual(Buffer.from(server.requests[0].body, "latin1"), Buffer.from(BYTES));
  assert.equal(server.requests[0].headers["content-type"], "application/octet-stream");
});

test("a Blob body carries its own type; contentType in the options wins", async (t) => {
  const server = await serve({ status: 204 });
  t.after(() => server.close());
  const api = client(server.url);
  const op = upload("image/png", "audio/ogg");
  await api.call(op, { mediaId: "a" }, new Blob([BYTES], { type: "image/png" }));
  await api.call(op, { mediaId: "b" }, BYTES, { contentType: "audio/ogg" });
  assert.equal(server.requests[0].headers["content-type"], "image/png");
  assert.equal(server.requests[1].headers["content-type"], "audio/ogg");
});

test("bytes of no known type, where the spec offers several, are refused before sending", async () => {
  await assert.rejects(client("http://127.0.0.1:9").call(upload("image/png", "audio/ogg"), { mediaId: "a" }, BYTES), (error) => error instanceof SdkError && /contentType/.test(error.message));
});

test("a binary body of another type is refused before sending", async () => {
  await assert.rejects(client("http://127.0.0.1:9").call(upload("application/octet-stream"), { mediaId: "a" }, { not: "bytes" }), (error) => error.name === "InvalidRequestError" && error.fields[0] === "body");
});

test("a ReadableStream body is streamed, and never sent twice", async (t) => {
  const server = await serve({ status: 503, headers: { "Retry-After": "0" } }, { status: 204 });
  t.after(() => server.close());
  const stream = () =>
    new ReadableStream({
      start(controller) {
        controller.enqueue(BYTES.subarray(0, 3));
        controller.enqueue(BYTES.subarray(3));
        controller.close();
      },
    });
  await assert.rejects(client(server.url).call(upload("application/octet-stream"), { mediaId: "a" }, stream()), /503/);
  assert.equal(server.requests.length, 1);
  assert.deepEqual(Buffer.from(server.requests[0].body, "latin1"), Buffer.from(BYTES));
});

test("a binary answer decodes to a Blob of its type", async (t) => {
  const server = await serve({ headers: { "Content-Type": "image/png" }, body: BYTES });
  t.after(() => server.close());
  const { data } = await client(server.url).call(download, { mediaId: "a" });
  assert.ok(data instanceof Blob);
  assert.equal(data.type, "image/png");
  assert.deepEqual(new Uint8Array(await data.arrayBuffer()), BYTES);
  // Any type is acceptable for the download, JSON for its errors (a strict server
  // answers 406 to an Accept that names only JSON).
  assert.equal(server.requests[0].headers.accept, "application/json, */*");
});

test("requestStream gives the body as it arrives, never held whole", async (t) => {
  const big = new Uint8Array(3 * 1024 * 1024).fill(7);
  const server = await serve((req, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.end(big);
  });
  t.after(() => server.close());
  const { status, data } = await client(server.url).callStream(download, { mediaId: "a" });
  assert.equal(status, 200);
  let size = 0;
  let chunks = 0;
  for await (const chunk of data) {
    size += chunk.length;
    chunks += 1;
  }
  assert.equal(size, big.length);
  assert.ok(chunks > 1);
});

test("a streamed body that stalls past timeoutMs ends in ApiTimeoutError; a slow reader does not", async (t) => {
  // Two bytes, then nothing: the server holds the connection open.
  const server = await serve(async (req, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.write(new Uint8Array([1]));
    await wait(50, undefined, { ref: false });
    res.write(new Uint8Array([2]));
  });
  t.after(() => server.close());
  const { data } = await client(server.url, { timeoutMs: 200 }).callStream(download, { mediaId: "a" });
  const reader = data.getReader();
  const got = [];
  await assert.rejects(
    (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        got.push(...value);
        await wait(300); // the reader takes longer than timeoutMs between reads: allowed
      }
    })(),
    (error) => {
      assert.ok(error instanceof ApiTimeoutError, String(error));
      assert.match(error.message, /stalled \(no bytes within 200 ms\)/);
      return true;
    },
  );
  assert.deepEqual(got, [1, 2]);
});

test("the caller's signal ends a streamed body it is waiting for", async (t) => {
  const server = await serve(async (req, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    res.write(new Uint8Array([1]));
  });
  t.after(() => server.close());
  const controller = new AbortController();
  const { data } = await client(server.url).callStream(download, { mediaId: "a" }, undefined, { signal: controller.signal });
  const reader = data.getReader();
  assert.deepEqual([...(await reader.read()).value], [1]);
  setTimeout(() => controller.abort(new Error("enough")), 50);
  await assert.rejects(reader.read(), (error) => error instanceof ApiConnectionError && !(error instanceof ApiTimeoutError));
});

test("requestStream throws the typed error of an error status, with its body parsed", async (t) => {
  const server = await serve({ status: 404, body: { type: "missing", description: "no such media" } });
  t.after(() => server.close());
  await assert.rejects(client(server.url).callStream(download, { mediaId: "a" }), (error) => {
    assert.equal(error.name, "NotFoundError");
    assert.deepEqual(error.error, { type: "missing", description: "no such media" });
    return true;
  });
});

test("a multipart body sends files as file parts and objects as JSON parts", async (t) => {
  const server = await serve({ status: 200, body: {} });
  t.after(() => server.close());
  const op = {
    operationId: "send",
    method: "POST",
    path: "/upload",
    servers: [],
    parameters: [],
    body: { contents: [{ mediaType: "multipart/form-data", kind: "multipart" }] },
    responses: { "200": { decode: "json" } },
    security: [],
  };
  await client(server.url).call(op, {}, { file: new Blob([BYTES], { type: "image/png" }), meta: { name: "x" }, note: "hi" });
  const { headers, body } = server.requests[0];
  assert.match(headers["content-type"], /^multipart\/form-data; boundary=/);
  assert.match(body, /name="file"; filename="file"\r\nContent-Type: image\/png/);
  assert.match(body, /name="meta"[^\r]*\r\nContent-Type: application\/json\r\n\r\n\{"name":"x"\}/);
  assert.match(body, /name="note"\r\n\r\nhi\r\n/);
});

/** A body offered as JSON (a Thing) and as a form (a ThingForm of its own). */
const either = {
  operationId: "createThing",
  method: "POST",
  path: "/things",
  servers: [],
  parameters: [],
  body: {
    required: true,
    contents: [
      { mediaType: "application/json", kind: "json", rule: { kind: "model", ref: "Thing" } },
      {
        mediaType: "application/x-www-form-urlencoded",
        kind: "form",
        rule: { kind: "model", ref: "ThingForm" },
        encoding: { address: { style: "deepObject", explode: true } },
      },
    ],
  },
  responses: { "204": { decode: "none" } },
  security: [],
  models: {
    Thing: { properties: { name: { rule: { kind: "string", limits: { maxLength: 5 } }, required: true } } },
    ThingForm: {
      properties: {
        code: { rule: { kind: "integer", limits: { maximum: 5 } }, required: true },
        address: { rule: { kind: "map", values: { kind: "string" } } },
      },
    },
  },
};
const FORM = "application/x-www-form-urlencoded";

test("a body is checked as the schema of the media type it goes in", async (t) => {
  const server = await serve({ status: 204 });
  t.after(() => server.close());
  const api = client(server.url);
  const refusedAt = (field) => (error) => error instanceof InvalidRequestError && error.fields[0] === field;
  await assert.rejects(api.call(either, {}, { code: 3 }), refusedAt("body.name")); // JSON by default
  await assert.rejects(api.call(either, {}, { code: 9 }, { contentType: FORM }), refusedAt("body.code"));
  await assert.rejects(api.call(either, {}, { name: "box" }, { contentType: FORM }), refusedAt("body.code"));
  assert.equal(server.requests.length, 0);
  await api.call(either, {}, { code: 3, address: { city: "X", line1: "1 Main" } }, { contentType: FORM });
  await api.call(either, {}, { name: "box" });
  assert.equal(server.requests[0].headers["content-type"], FORM);
  assert.equal(decodeURIComponent(server.requests[0].body), "code=3&address[city]=X&address[line1]=1 Main");
  assert.equal(server.requests[1].headers["content-type"], "application/json");
  assert.deepEqual(JSON.parse(server.requests[1].body), { name: "box" });
  await assert.rejects(
    api.call(either, {}, { name: "box" }, { contentType: "application/xml" }),
    (error) => error instanceof SdkError && /cannot be sent as "application\/xml"/.test(error.message),
  );
  assert.equal(server.requests.length, 2);
});

test("a media type the spec offers by a range (image/*) takes a named type in it", async (t) => {
  const server = await serve({ status: 204 });
  t.after(() => server.close());
  await client(server.url).call(upload("application/json", "image/*"), { mediaId: "a" }, BYTES, { contentType: "image/png" });
  assert.equal(server.requests[0].headers["content-type"], "image/png");
  assert.equal(server.requests[0].body, Buffer.from(BYTES).toString("latin1"));
});
