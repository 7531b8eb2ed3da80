import assert from "node:assert/strict";
import { test } from "node:test";

import {
  Configuration,
  InsecureTransportError,
  OAuth2TokenError,
  SdkError,
  UnauthorizedError,
} from "../../generator/targets/typescript/runtime/index.js";
import { MessagesApi } from "./fixture_api.js";
import { QuickApi, client, serve } from "./helpers.mjs";

const OK = { status: 200, body: { id: "m1" } };

/** An operation secured by `schemes` (one alternative), answered by the server. */
function securedOp(...alternatives) {
  return {
    operationId: "getThing",
    method: "GET",
    path: "/thing",
    servers: [],
    parameters: [{ name: "cookieParam", wireName: "session", in: "cookie", rule: { kind: "string" } }],
    responses: { "200": { decode: "json" }, "401": { decode: "json", errorClass: "UnauthorizedError" } },
    security: alternatives,
  };
}

const OAUTH = (tokenUrl) => ({ type: "oauth2", name: "oauth", tokenUrl, scopes: ["messages:send"] });

test("Basic sends the user name and password, UTF-8, in base64", async (t) => {
  const server = await serve(OK);
  t.after(() => server.close());
  await client(server.url, { username: "ünï", password: "p:w" }).getMessage("1", "m");
  assert.equal(server.requests[0].headers.authorization, `Basic ${Buffer.from("ünï:p:w").toString("base64")}`);
});

test("a bearer token, given or produced by a function, goes in Authorization", async (t) => {
  const server = await serve(OK);
  t.after(() => server.close());
  const op = securedOp([{ type: "bearer", name: "bearer" }]);
  await new QuickApi(new Configuration({ basePath: server.url, accessToken: "tok" })).call(op, {});
  await new QuickApi(new Configuration({ basePath: server.url, accessToken: async (name) => `fresh-for-${name}` })).call(op, {});
  await new QuickApi(new Configuration({ basePath: server.url, accessToken: Promise.resolve("promised") })).call(op, {});
  assert.equal(server.requests[0].headers.authorization, "Bearer tok");
  assert.equal(server.requests[1].headers.authorization, "Bearer fresh-for-bearer");
  assert.equal(server.requests[2].headers.authorization, "Bearer promised");
});

test("API keys go in a header, the query or a cookie beside the cookie parameters", async (t) => {
  const server = await serve(OK);
  t.after(() => server.close());
  const key = (where, keyName) => ({ type: "apiKey", name: `${where}Key`, in: where, keyName });
  const config = new Configuration({ basePath: server.url, apiKey: (name) => `key-for-${name}` });
  const api = new QuickApi(config);
  await api.call(securedOp([key("header", "X-Api-Key")]), {});
  await api.call(securedOp([key("query", "api_key")]), {});
  await api.call(securedOp([key("cookie", "token")]), { cookieParam: "abc" });
  assert.equal(server.requests[0].headers["x-api-key"], "key-for-X-Api-Key");
  assert.equal(server.requests[1].url, "/thing?api_key=key-for-api_key");
  assert.equal(server.requests[2].headers.cookie, "session=abc; token=key-for-token");
});

test("the first alternative the configuration fills is used; none filled is an SdkError before sending", async (t) => {
  const server = await serve(OK);
  t.after(() => server.close());
  const op = securedOp([{ type: "bearer", name: "bearer" }], [{ type: "basic", name: "basic" }]);
  await new QuickApi(new Configuration({ basePath: server.url, username: "u", password: "p" })).call(op, {});
  assert.match(server.requests[0].headers.authorization, /^Basic /);
  await assert.rejects(new QuickApi(new Configuration({ basePath: server.url })).call(op, {}), (error) => error instanceof SdkError && /bearer or basic/.test(error.message));
  await assert.rejects(new QuickApi(new Configuration({ basePath: server.url, username: "u" })).call(op, {}), /in part/);
  assert.equal(server.requests.length, 1);
});

test("credentials never go over plain http to another machine", async () => {
  const counting = [];
  const api = new MessagesApi(new Configuration({ basePath: "http://example.invalid", username: "u", password: "p", fetch: (url) => counting.push(url) }));
  await assert.rejects(api.getMessage("1", "m"), InsecureTransportError);
  assert.equal(counting.length, 0);
});

/** A token endpoint that hands out tok1, tok2, ...; `expires` is its expires_in. */
async function tokenServer(t, expires = 3600) {
  let issued = 0;
  const server = await serve(async (req, res, record) => {
    issued += 1;
    record.issued = issued;
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ access_token: `tok${issued}`, token_type: "bearer", expires_in: expires }));
  });
  t.after(() => server.close());
  return server;
}

test("OAuth2: one token fetch for concurrent calls, then the cached token is reused", async (t) => {
  const tokens = await tokenServer(t);
  const api = await serve(OK);
  t.after(() => api.close());
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret" });
  const op = securedOp([OAUTH(`${tokens.url}/token`)]);
  await Promise.all([1, 2, 3].map(() => new QuickApi(config).call(op, {})));
  await new QuickApi(config).call(op, {});
  assert.equal(tokens.requests.length, 1);
  const asked = tokens.requests[0];
  assert.equal(asked.method, "POST");
  assert.equal(asked.headers.authorization, `Basic ${Buffer.from("id:secret").toString("base64")}`);
  assert.equal(asked.body, "grant_type=client_credentials&scope=messages%3Asend");
  assert.deepEqual(
    api.requests.map((r) => r.headers.authorization),
    ["Bearer tok1", "Bearer tok1", "Bearer tok1", "Bearer tok1"],
  );
});

test("OAuth2: a token that expires within 30 s is used once", async (t) => {
  const tokens = await tokenServer(t, 10);
  const api = await serve(OK);
  t.after(() => api.close());
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret" });
  const op = securedOp([OAUTH(`${tokens.url}/token`)]);
  await new QuickApi(config).call(op, {});
  await new QuickApi(config).call(op, {});
  assert.equal(tokens.requests.length, 2);
});

test("OAuth2: a 401 fetches a new token and sends again, once", async (t) => {
  const tokens = await tokenServer(t);
  const api = await serve({ status: 401, body: { type: "auth", description: "expired" } }, OK);
  t.after(() => api.close());
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret" });
  const { data } = await new QuickApi(config).call(securedOp([OAUTH(`${tokens.url}/token`)]), {});
  assert.equal(data.id, "m1");
  assert.deepEqual(api.requests.map((r) => r.headers.authorization), ["Bearer tok1", "Bearer tok2"]);
});

test("OAuth2: a second 401 is thrown as UnauthorizedError with the parsed body", async (t) => {
  const tokens = await tokenServer(t);
  const api = await serve({ status: 401, body: { type: "auth", description: "no" } });
  t.after(() => api.close());
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret" });
  await assert.rejects(new QuickApi(config).call(securedOp([OAUTH(`${tokens.url}/token`)]), {}), (error) => {
    assert.ok(error instanceof UnauthorizedError);
    assert.deepEqual(error.error, { type: "auth", description: "no" });
    return true;
  });
  assert.equal(tokens.requests.length, 2);
  assert.equal(api.requests.length, 2);
});

test("OAuth2: a refusing token endpoint is an OAuth2TokenError and the API is not called", async (t) => {
  const tokens = await serve({ status: 400, body: { error: "invalid_client", error_description: "bad secret" } });
  const api = await serve(OK);
  t.after(() => Promise.all([tokens.close(), api.close()]));
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "s3cr3t-value" });
  await assert.rejects(new QuickApi(config).call(securedOp([OAUTH(`${tokens.url}/token`)]), {}), (error) => {
    assert.ok(error instanceof OAuth2TokenError);
    assert.equal(error.status, 400);
    assert.equal(error.error, "invalid_client");
    assert.equal(error.errorDescription, "bad secret");
    assert.ok(!error.message.includes("s3cr3t-value"));
    return true;
  });
  assert.equal(api.requests.length, 0);
});

test("OAuth2: a token answer without access_token, or a redirect, is an OAuth2TokenError", async (t) => {
  const tokens = await serve({ status: 200, body: { token_type: "bearer" } }, { status: 302, headers: { Location: "/elsewhere" } });
  const api = await serve(OK);
  t.after(() => Promise.all([tokens.close(), api.close()]));
  const op = securedOp([OAUTH(`${tokens.url}/token`)]);
  const make = () => new QuickApi(new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret" }));
  await assert.rejects(make().call(op, {}), /no access_token/);
  await assert.rejects(make().call(op, {}), (error) => error instanceof OAuth2TokenError && error.status === 302);
  assert.equal(api.requests.length, 0);
});

test("OAuth2: tokenUrl on the configuration replaces the spec's", async (t) => {
  const tokens = await tokenServer(t);
  const api = await serve(OK);
  t.after(() => api.close());
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret", tokenUrl: `${tokens.url}/mine` });
  await new QuickApi(config).call(securedOp([OAUTH("https://auth.example.invalid/token")]), {});
  assert.equal(tokens.requests[0].url, "/mine");
});

test("OAuth2: a call that waited on another's failed token fetch fetches one itself", async (t) => {
  let asked = 0;
  const tokens = await serve(async (req, res) => {
    asked += 1;
    const first = asked === 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
    res.writeHead(first ? 500 : 200, { "Content-Type": "application/json" });
    res.end(first ? '{"error": "temporarily_unavailable"}' : '{"access_token": "tok", "expires_in": 3600}');
  });
  const api = await serve(OK);
  t.after(() => Promise.all([tokens.close(), api.close()]));
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret" });
  const op = securedOp([OAUTH(`${tokens.url}/token`)]);
  const [first, second] = await Promise.allSettled([new QuickApi(config).call(op, {}), new QuickApi(config).call(op, {})]);
  assert.ok(first.reason instanceof OAuth2TokenError);
  assert.equal(second.status, "fulfilled");
  assert.equal(tokens.requests.length, 2);
  assert.deepEqual(api.requests.map((r) => r.headers.authorization), ["Bearer tok"]);
});

test("OAuth2: the client secret never goes over plain http to another machine", async () => {
  const sent = [];
  const config = new Configuration({ basePath: "https://api.example.com", clientId: "id", clientSecret: "secret", fetch: (url) => sent.push(url) });
  await assert.rejects(new QuickApi(config).call(securedOp([OAUTH("http://auth.example.com/token")]), {}), InsecureTransportError);
  assert.equal(sent.length, 0);
});

test("OAuth2: the token never goes over plain http to another machine", async (t) => {
  const tokens = await tokenServer(t);
  const elsewhere = [];
  const fetchApi = (url, init) => {
    if (url.startsWith("http://api.example.com")) {
      elsewhere.push(url);
    }
    return fetch(url, init);
  };
  const config = new Configuration({ basePath: "http://api.example.com", clientId: "id", clientSecret: "secret", fetch: fetchApi });
  await assert.rejects(new QuickApi(config).call(securedOp([OAUTH(`${tokens.url}/token`)]), {}), InsecureTransportError);
  assert.equal(elsewhere.length, 0);
});

test("OAuth2: a 401 from another origin a redirect led to refreshes no token (none was sent there)", async (t) => {
  const tokens = await tokenServer(t);
  const other = await serve({ status: 401, body: { type: "auth", description: "who?" } });
  const api = await serve({ status: 302, headers: { Location: `http://localhost:${other.port}/x` } });
  t.after(() => Promise.all([other.close(), api.close()]));
  const config = new Configuration({ basePath: api.url, clientId: "id", clientSecret: "secret" });
  await assert.rejects(new QuickApi(config).call(securedOp([OAUTH(`${tokens.url}/token`)]), {}), UnauthorizedError);
  assert.equal(tokens.requests.length, 1);
  assert.equal(other.requests.length, 1);
  assert.equal(other.requests[0].headers.authorization, undefined);
});
