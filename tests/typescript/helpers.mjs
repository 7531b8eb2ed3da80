// Scripted HTTP servers on 127.0.0.1 for the runtime tests: each answers its requests
// with the next of its replies, and records what it received.
import http from "node:http";

import { Configuration } from "../../generator/targets/typescript/runtime/index.js";
import { MessagesApi } from "./fixture_api.js";

/**
 * Starts a server; `replies` are functions (req, res, body) or plain descriptions
 * { status, headers, body } used in order (the last one again when they run out).
 */
export async function serve(...replies) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const record = { method: req.method, url: req.url, headers: req.headers, body: body.toString("latin1") };
    requests.push(record);
    const reply = replies[Math.min(requests.length - 1, replies.length - 1)];
    if (typeof reply === "function") {
      await reply(req, res, record);
      return;
    }
    const { status = 200, headers = {}, body: out } = reply ?? {};
    const text = out === undefined ? "" : typeof out === "string" || out instanceof Uint8Array ? out : JSON.stringify(out);
    const contentType = out === undefined || typeof out === "string" || out instanceof Uint8Array ? {} : { "Content-Type": "application/json" };
    res.writeHead(status, { ...contentType, ...headers });
    res.end(text);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A port nothing listens on: a server started and closed. */
export async function closedPort() {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The fixture API with backoff in milliseconds, not seconds: tests wait little. */
export class QuickApi extends MessagesApi {
  static INITIAL_BACKOFF_MS = 1;
  static MAX_BACKOFF_MS = 5;
}

/** A client of the fixture API sending to `basePath`, with Basic credentials. */
export function client(basePath, settings = {}) {
  return new QuickApi(new Configuration({ basePath, username: "user", password: "pass", ...settings }));
}

/** A fetch that counts its calls and passes them on. */
export function countingFetch(inner = globalThis.fetch) {
  const counted = (url, init) => {
    counted.calls.push(url);
    return inner(url, init);
  };
  counted.calls = [];
  return counted;
}

export const MESSAGE = { applicationId: "app", to: ["+15550001"], from: "+15550002" };
