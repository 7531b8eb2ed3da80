// One createMessage call through each TypeScript client, the network mocked the same
// way for both: the client's own seam (our `fetch`, axios's `adapter`) answers from
// memory with the same 202 and JSON body. Driven by typescript_calls.py, which builds
// the clients; usage: node typescript_calls.mjs OURS_ESM_INDEX [AXIOS_CJS_INDEX] [ROUNDS]
// Prints one JSON line: microseconds per call for each client and each mock alone.
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const [oursPath, axiosPath, roundsArg] = process.argv.slice(2);
const ROUNDS = Number(roundsArg ?? "7");
const CALLS = ROUNDS > 1 ? 2000 : 50;

const ACCOUNT = "9900000";
const REQUEST = {
  applicationId: "93de2206-9669-4e07-948d-329f4b722ee2",
  to: ["+15554443333"],
  from: "+15551113333",
  text: "Hello world",
  tag: "custom string",
};
const ANSWER = JSON.stringify({
  id: "1589228074636lm4k2je7j7jklbn2",
  owner: "+15554443333",
  applicationId: REQUEST.applicationId,
  time: "2022-09-14T18:20:16.000Z",
  segmentCount: 2,
  direction: "out",
  to: REQUEST.to,
  from: REQUEST.from,
  text: REQUEST.text,
  tag: REQUEST.tag,
  priority: "default",
});
const HEADERS = { "content-type": "application/json" };

const mockFetch = async () =>
  new Response(ANSWER, { status: 202, headers: HEADERS });
const mockAdapter = async (config) => ({
  data: ANSWER,
  status: 202,
  statusText: "Accepted",
  headers: HEADERS,
  config,
  request: {},
});

const clients = {};
const ours = await import(pathToFileURL(oursPath).href);
const oursApi = new ours.MessagesApi(
  new ours.Configuration({
    username: "user",
    password: "secret",
    fetch: mockFetch,
  }),
);
clients.sdkgen = () => oursApi.createMessage(ACCOUNT, REQUEST);
clients["mock fetch alone"] = async () => (await mockFetch()).json();

if (axiosPath) {
  const require = createRequire(axiosPath);
  const peer = require(axiosPath);
  const axios = require("axios");
  const instance = axios.create({ adapter: mockAdapter });
  const peerApi = new peer.MessagesApi(
    new peer.Configuration({ username: "user", password: "secret" }),
    undefined,
    instance,
  );
  clients["typescript-axios"] = () => peerApi.createMessage(ACCOUNT, REQUEST);
  clients["axios.get on the mock adapter"] = () =>
    instance.get("https://example.com/");
}

// Every client must get the mocked message back, or the figure measures nothing.
for (const [name, call] of Object.entries(clients)) {
  const result = await call();
  const data = result.data ?? result;
  if (data.id !== "1589228074636lm4k2je7j7jklbn2") {
    throw new Error(`${name} did not return the mocked message`);
  }
}

const samples = Object.fromEntries(Object.keys(clients).map((k) => [k, []]));
for (let round = 0; round <= ROUNDS; round++) {
  // The clients take turns in each round; round 0 warms the JIT up and is not kept.
  for (const [name, call] of Object.entries(clients)) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await call();
    const micros = Number(process.hrtime.bigint() - start) / 1000 / CALLS;
    if (round > 0) samples[name].push(micros);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify({
    calls: CALLS,
    rounds: ROUNDS,
    node: process.version,
    us_per_call: Object.fromEntries(
      Object.entries(samples).map(([k, xs]) => [k, median(xs)]),
    ),
  }),
);
