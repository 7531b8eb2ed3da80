// An Object.prototype polluted by another library (a `__proto__` key merged from JSON
// somewhere in the application) must not reach the client's settings: a `fetch` or
// `headers` inherited there would receive or change every request. A file of its own,
// as the pollution lasts for the process.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  ApiError,
  Configuration,
  PaymentRequiredError,
} from "../../generator/targets/typescript/runtime/index.js";
import { QuickApi, client, serve } from "./helpers.mjs";

test("settings inherited from a polluted Object.prototype are ignored", async (t) => {
  const server = await serve({ status: 200, body: { id: "m" } });
  t.after(() => server.close());
  const stolen = [];
  const polluted = {
    fetch: (url, init) => {
      stolen.push(url);
      return Promise.reject(new Error("stolen"));
    },
    headers: { "X-Injected": "1" },
    maxRetries: 1.5,
  };
  Object.assign(Object.prototype, polluted);
  try {
    const api = new QuickApi(new Configuration({ basePath: server.url, username: "u", password: "p" }));
    const { data } = await api.getMessage("1", "2");
    assert.deepEqual(data, { id: "m" });
    assert.equal((await api.getMessage("1", "2", undefined, {})).status, 200);
  } finally {
    for (const name of Object.keys(polluted)) {
      delete Object.prototype[name];
    }
  }
  assert.deepEqual(stolen, []);
  assert.equal(server.requests.length, 2);
  assert.equal(server.requests[0].headers["x-injected"], undefined);
});

test("a status or field name inherited from a polluted Object.prototype is not the spec's", async (t) => {
  const server = await serve({ status: 418, body: { error: "teapot" } });
  t.after(() => server.close());
  const polluted = { 418: { decode: "json", errorClass: "PaymentRequiredError" } };
  Object.assign(Object.prototype, polluted);
  let error;
  try {
    await client(server.url).getMessage("1", "2");
  } catch (caught) {
    error = caught;
  } finally {
    for (const name of Object.keys(polluted)) {
      delete Object.prototype[name];
    }
  }
  assert.ok(error instanceof ApiError, String(error));
  assert.equal(error.status, 418);
  assert.ok(!(error instanceof PaymentRequiredError), error.constructor.name);
});
