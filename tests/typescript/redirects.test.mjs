import assert from "node:assert/strict";
import { test } from "node:test";

import { RedirectError, TooManyRedirectsError } from "../../generator/targets/typescript/runtime/index.js";
import { MESSAGE, client, serve } from "./helpers.mjs";

const redirect = (status, location) => ({ status, headers: { Location: location } });

test("303 to a POST continues with a GET without body", async (t) => {
  const server = await serve(redirect(303, "/done"), { status: 202, body: { id: "m1" } });
  t.after(() => server.close());
  const { status, data } = await client(server.url).createMessage("1", MESSAGE);
  assert.equal(status, 202);
  assert.equal(data.id, "m1");
  const [first, second] = server.requests;
  assert.equal(first.method, "POST");
  assert.equal(second.method, "GET");
  assert.equal(second.url, "/done");
  assert.equal(second.body, "");
  assert.equal(second.headers["content-type"], undefined);
});

for (const status of [301, 302]) {
  test(`${status} to a POST is refused: it could be sent again as a GET or twice`, async (t) => {
    const server = await serve(redirect(status, "/elsewhere"), { status: 202, body: { id: "m1" } });
    t.after(() => server.close());
    await assert.rejects(client(server.url).createMessage("1", MESSAGE), (error) => {
      assert.ok(error instanceof RedirectError);
      assert.equal(error.status, status);
      return true;
    });
    assert.equal(server.requests.length, 1);
  });
}

test("302 to a GET is followed with the same method and credentials on the same origin", async (t) => {
  const server = await serve(redirect(302, "/moved"), { status: 200, body: { id: "m1" } });
  t.after(() => server.close());
  await client(server.url).getMessage("1", "m1");
  assert.equal(server.requests[1].method, "GET");
  assert.equal(server.requests[1].headers.authorization, server.requests[0].headers.authorization);
});

for (const status of [307, 308]) {
  test(`${status} keeps the method and the body on the same origin`, async (t) => {
    const server = await serve(redirect(status, "/v2/messages"), { status: 202, body: { id: "m1" } });
    t.after(() => server.close());
    await client(server.url).createMessage("1", MESSAGE);
    const [first, second] = server.requests;
    assert.equal(second.method, "POST");
    assert.equal(second.url, "/v2/messages");
    assert.equal(second.body, first.body);
    assert.ok(second.headers.authorization);
  });
}

test("307 with a body to another origin is refused: the body goes only where it was meant", async (t) => {
  const other = await serve({ status: 202, body: { id: "m1" } });
  const server = await serve(redirect(307, `http://localhost:${other.port}/steal`));
  t.after(() => Promise.all([server.close(), other.close()]));
  await assert.rejects(client(server.url).createMessage("1", MESSAGE), RedirectError);
  assert.equal(other.requests.length, 0);
});

test("a redirect to another origin drops credentials and the caller's headers", async (t) => {
  const other = await serve({ status: 200, body: { id: "m1" } });
  const server = await serve(redirect(302, `http://localhost:${other.port}/mirror`));
  t.after(() => Promise.all([server.close(), other.close()]));
  const api = client(server.url, { headers: { "X-Tenant-Secret": "s3cr3t" } });
  const { data } = await api.getMessage("1", "m1", "trace-1", { headers: { "X-Call-Secret": "c4ll" } });
  assert.equal(data.id, "m1");
  const first = server.requests[0].headers;
  assert.ok(first.authorization && first["x-tenant-secret"] && first["x-call-secret"] && first["x-trace-id"]);
  const moved = other.requests[0].headers;
  for (const name of ["authorization", "cookie", "x-tenant-secret", "x-call-secret", "x-trace-id"]) {
    assert.equal(moved[name], undefined, name);
  }
  assert.equal(moved.accept, "application/json");
});

test("a redirect loop is refused before the first URL is requested again", async (t) => {
  const server = await serve(redirect(302, "/b"), redirect(302, "/users/1/messages/m1"));
  t.after(() => server.close());
  await assert.rejects(client(server.url).getMessage("1", "m1"), TooManyRedirectsError);
  assert.equal(server.requests.length, 2);
});

test("more than 5 redirects in a row are refused", async (t) => {
  let hop = 0;
  const server = await serve((req, res) => {
    hop += 1;
    res.writeHead(302, { Location: `/hop${hop}` });
    res.end();
  });
  t.after(() => server.close());
  await assert.rejects(client(server.url).getMessage("1", "m1"), (error) => error instanceof TooManyRedirectsError && /more than 5/.test(error.message));
  assert.equal(server.requests.length, 6);
});

test("a redirect to another scheme is refused", async (t) => {
  const server = await serve(redirect(302, "file:///etc/passwd"));
  t.after(() => server.close());
  await assert.rejects(client(server.url).getMessage("1", "m1"), RedirectError);
});
