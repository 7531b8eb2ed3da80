import assert from "node:assert/strict";
import { test } from "node:test";

import { client, serve } from "./helpers.mjs";

/** A listing paginated by `pagination`, with `extra` parameters. */
function listing(pagination, ...extra) {
  return {
    operationId: "listThings",
    method: "GET",
    path: "/things",
    servers: [],
    parameters: extra,
    responses: { "200": { decode: "json" } },
    security: [],
    pagination,
  };
}
const query = (name, kind = "string") => ({ name, wireName: name, in: "query", rule: { kind } });

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

test("listMessagesAll walks the body cursor with for await, fetching pages as it goes", async (t) => {
  const server = await serve(
    { body: { messages: [{ id: "a" }, { id: "b" }], pageInfo: { nextPageToken: "t2" } } },
    { body: { messages: [{ id: "c" }], pageInfo: {} } },
  );
  t.after(() => server.close());
  const ids = [];
  for await (const message of client(server.url).listMessagesAll("1", "RECEIVED")) {
    ids.push(message.id);
  }
  assert.deepEqual(ids, ["a", "b", "c"]);
  assert.deepEqual(server.requests.map((r) => r.url), [
    "/users/1/messages?messageStatus=RECEIVED",
    "/users/1/messages?messageStatus=RECEIVED&pageToken=t2",
  ]);
});

test("iteration stops early without fetching pages it does not reach", async (t) => {
  const server = await serve({ body: { messages: [{ id: "a" }, { id: "b" }], pageInfo: { nextPageToken: "t2" } } });
  t.after(() => server.close());
  for await (const message of client(server.url).listMessagesAll("1")) {
    assert.equal(message.id, "a");
    break;
  }
  assert.equal(server.requests.length, 1);
});

test("a next address in the body gives the cursor parameter's value", async (t) => {
  const server = await serve(
    { body: { items: [1], next: "https://api.example.com/things?cursor=c2&x=1" } },
    { body: { items: [2], next: null } },
  );
  t.after(() => server.close());
  const op = listing({ in: "body", parameter: "cursor", path: "next", items: "items" }, query("cursor"));
  assert.deepEqual(await collect(client(server.url).callAll(op, {})), [1, 2]);
  assert.equal(server.requests[1].url, "/things?cursor=c2");
});

test("a cursor in a header", async (t) => {
  const server = await serve({ headers: { "Continuation-Token": "n2" }, body: [1, 2] }, { body: [3] });
  t.after(() => server.close());
  const op = listing(
    { in: "header", parameter: "token", header: "Continuation-Token", items: "" },
    { name: "token", wireName: "Continuation-Token", in: "header", rule: { kind: "string" } },
  );
  assert.deepEqual(await collect(client(server.url).callAll(op, {})), [1, 2, 3]);
  assert.equal(server.requests[1].headers["continuation-token"], "n2");
});

test("the Link header's rel=next fills in the query parameters, typed", async (t) => {
  const server = await serve(
    { headers: { Link: '<https://x.example/things?page=2&per_page=2>; rel="next", <https://x.example/things?page=9>; rel="last"' }, body: [1, 2] },
    { body: [3] },
  );
  t.after(() => server.close());
  const op = listing({ in: "link", items: "" }, query("page", "integer"), query("per_page", "integer"));
  assert.deepEqual(await collect(client(server.url).callAll(op, { per_page: 2 })), [1, 2, 3]);
  assert.equal(server.requests[1].url, "/things?page=2&per_page=2");
});

test("page numbers go up until a page comes back empty", async (t) => {
  const server = await serve({ body: { data: [1] } }, { body: { data: [2] } }, { body: { data: [] } });
  t.after(() => server.close());
  const op = listing({ in: "page", parameter: "page", items: "data" }, query("page", "integer"));
  assert.deepEqual(await collect(client(server.url).callAll(op, {})), [1, 2]);
  assert.deepEqual(server.requests.map((r) => r.url), ["/things", "/things?page=2", "/things?page=3"]);
});

test("an offset moves on by the items received until hasMore says no", async (t) => {
  const server = await serve({ body: { data: [1, 2], has_more: true } }, { body: { data: [3], has_more: false } });
  t.after(() => server.close());
  const op = listing({ in: "offset", parameter: "offset", hasMore: "has_more", items: "data" }, query("offset", "integer"));
  assert.deepEqual(await collect(client(server.url).callAll(op, {})), [1, 2, 3]);
  assert.equal(server.requests[1].url, "/things?offset=2");
});

test("the last item's id, while the page has more", async (t) => {
  const server = await serve({ body: { data: [{ id: "x" }, { id: "y" }], has_more: true } }, { body: { data: [{ id: "z" }], has_more: false } });
  t.after(() => server.close());
  const op = listing({ in: "lastItem", parameter: "starting_after", path: "id", hasMore: "has_more", items: "data" }, query("starting_after"));
  const items = await collect(client(server.url).callAll(op, {}));
  assert.deepEqual(items.map((i) => i.id), ["x", "y", "z"]);
  assert.equal(server.requests[1].url, "/things?starting_after=y");
});

test("a cursor that comes round again ends the iteration", async (t) => {
  const server = await serve({ body: { items: [1], next: "same" } });
  t.after(() => server.close());
  const op = listing({ in: "body", parameter: "cursor", path: "next", items: "items" }, query("cursor"));
  assert.deepEqual(await collect(client(server.url).callAll(op, {})), [1, 1]);
  assert.equal(server.requests.length, 2);
});

test("a server answering with the very cursor it was given is not asked again", async (t) => {
  const server = await serve({ body: { items: [1], next: "same" } });
  t.after(() => server.close());
  const op = listing({ in: "body", parameter: "cursor", path: "next", items: "items" }, query("cursor"));
  assert.deepEqual(await collect(client(server.url).callAll(op, { cursor: "same" })), [1]);
  assert.equal(server.requests.length, 1);
});

test("pages gives each page's status, headers and data", async (t) => {
  const server = await serve({ headers: { "X-Page": "1" }, body: { messages: [{ id: "a" }], pageInfo: {} } });
  t.after(() => server.close());
  const pages = await collect(client(server.url).callPages(
    { operationId: "l", method: "GET", path: "/m", servers: [], parameters: [], responses: { "200": { decode: "json" } }, security: [], pagination: { in: "body", parameter: "p", path: "pageInfo.next", items: "messages" } },
    {},
  ));
  assert.equal(pages.length, 1);
  assert.equal(pages[0].status, 200);
  assert.equal(pages[0].headers.get("x-page"), "1");
  assert.deepEqual(pages[0].data.messages, [{ id: "a" }]);
});
