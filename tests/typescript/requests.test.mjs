import assert from "node:assert/strict";
import { test } from "node:test";

import { Configuration, SdkError } from "../../generator/targets/typescript/runtime/index.js";
import { QuickApi, serve } from "./helpers.mjs";

const op = (servers, extra = {}) => ({
  operationId: "ping",
  method: "GET",
  path: "/ping",
  servers,
  parameters: [],
  responses: { "200": { decode: "json" } },
  security: [],
  ...extra,
});

test("an operation goes to its own first server; serverIndex picks another; basePath replaces them", async (t) => {
  const first = await serve({ body: { at: "first" } });
  const second = await serve({ body: { at: "second" } });
  const base = await serve({ body: { at: "base" } });
  t.after(() => Promise.all([first.close(), second.close(), base.close()]));
  const servers = [`${first.url}/v1`, `${second.url}/v1`];
  assert.equal((await new QuickApi(new Configuration()).call(op(servers), {})).data.at, "first");
  assert.equal((await new QuickApi(new Configuration({ serverIndex: 1 })).call(op(servers), {})).data.at, "second");
  assert.equal((await new QuickApi(new Configuration({ basePath: `${base.url}/` })).call(op(servers), {})).data.at, "base");
  assert.equal((await new QuickApi(undefined, base.url).call(op(servers), {})).data.at, "base");
  assert.deepEqual([first.requests[0].url, second.requests[0].url, base.requests[0].url], ["/v1/ping", "/v1/ping", "/ping"]);
});

test("an operation without a server and no basePath is an SdkError before sending", async () => {
  await assert.rejects(new QuickApi(new Configuration()).call(op([]), {}), (error) => error instanceof SdkError && /basePath/.test(error.message));
});

test("Accept names JSON for a JSON operation; the configuration's and the call's headers are sent", async (t) => {
  const server = await serve({ body: {} });
  t.after(() => server.close());
  const api = new QuickApi(new Configuration({ basePath: server.url, headers: { "X-App": "a", "X-Both": "config" } }));
  await api.call(op([]), {}, undefined, { headers: { "x-both": "call" } });
  const { headers } = server.requests[0];
  assert.equal(headers.accept, "application/json");
  assert.equal(headers["x-app"], "a");
  assert.equal(headers["x-both"], "call");
  await api.call(op([], { accept: "application/json, image/png" }), {});
  assert.equal(server.requests[1].headers.accept, "application/json, image/png");
});

test("a form body is written field by field in its encoding", async (t) => {
  const server = await serve({ body: {} });
  t.after(() => server.close());
  const formOp = op([], {
    method: "POST",
    body: {
      contents: [
        {
          mediaType: "application/x-www-form-urlencoded",
          kind: "form",
          encoding: { meta: { contentType: "application/json" } },
        },
      ],
    },
  });
  await new QuickApi(new Configuration({ basePath: server.url })).call(formOp, {}, { name: "a b&c", tags: ["x", "y"], meta: { k: 1 } });
  const { headers, body } = server.requests[0];
  assert.equal(headers["content-type"], "application/x-www-form-urlencoded");
  assert.equal(body, "name=a%20b%26c&tags=x&tags=y&meta=%7B%22k%22%3A1%7D");
});

test("a basePath with a user name or password is refused, naming neither", async () => {
  await assert.rejects(new QuickApi(new Configuration({ basePath: "https://me:hunter2@api.example.com" })).call(op([]), {}), (error) => {
    assert.ok(error instanceof SdkError);
    assert.ok(!error.message.includes("hunter2") && !error.message.includes("me:"));
    return true;
  });
  await assert.rejects(new QuickApi(new Configuration({ basePath: "not a url" })).call(op([]), {}), /not a valid URL/);
});

test("a Date for a date parameter is sent as YYYY-MM-DD, for a date-time as ISO text", async (t) => {
  const server = await serve({ body: {} });
  t.after(() => server.close());
  const dated = op([], {
    parameters: [
      { name: "day", wireName: "day", in: "query", rule: { kind: "date" } },
      { name: "at", wireName: "X-At", in: "header", rule: { kind: "datetime" } },
    ],
  });
  const when = new Date(Date.UTC(2026, 10, 30, 1, 2, 3));
  await new QuickApi(new Configuration({ basePath: server.url })).call(dated, { day: when, at: when });
  assert.equal(server.requests[0].url, "/ping?day=2026-11-30");
  assert.equal(server.requests[0].headers["x-at"], "2026-11-30T01:02:03.000Z");
});

test("parameter styles: label, matrix, deepObject, spaceDelimited, pipeDelimited, exploded objects, allowReserved", async () => {
  const seen = [];
  const fetchApi = async (url, init) => {
    seen.push({ url, cookie: init.headers.get("cookie") });
    return new Response("{}", { headers: { "Content-Type": "application/json" } });
  };
  const styled = op([], {
    path: "/p/{a}/{b}/{c}",
    parameters: [
      { name: "a", wireName: "a", in: "path", style: "label", rule: { kind: "array" } },
      { name: "b", wireName: "b", in: "path", style: "matrix", explode: true, rule: { kind: "array" } },
      { name: "c", wireName: "c", in: "path", rule: { kind: "map" } },
      { name: "filter", wireName: "filter", in: "query", style: "deepObject", explode: true, rule: { kind: "map" } },
      { name: "words", wireName: "words", in: "query", style: "spaceDelimited", explode: false, rule: { kind: "array" } },
      { name: "ids", wireName: "ids", in: "query", style: "pipeDelimited", explode: false, rule: { kind: "array" } },
      { name: "point", wireName: "point", in: "query", rule: { kind: "map" } },
      { name: "path", wireName: "path", in: "query", allowReserved: true, rule: { kind: "string" } },
      { name: "session", wireName: "session", in: "cookie", rule: { kind: "string" } },
    ],
  });
  await new QuickApi(new Configuration({ basePath: "https://api.example.com", fetch: fetchApi })).call(styled, {
    a: ["x", "y"],
    b: ["x", "y"],
    c: { k: "v", n: 1 },
    filter: { status: "new", "a b": "c&d" },
    words: ["a", "b"],
    ids: [1, 2],
    point: { x: 1, y: 2 },
    path: "/a/b:c?d&e",
    session: "a b;c",
  });
  assert.equal(
    seen[0].url,
    "https://api.example.com/p/.x,y/;b=x;b=y/k,v,n,1" +
      "?filter%5Bstatus%5D=new&filter%5Ba%20b%5D=c%26d&words=a%20b&ids=1|2&x=1&y=2&path=/a/b:c?d%26e",
  );
  assert.equal(seen[0].cookie, "session=a%20b%3Bc");
});
