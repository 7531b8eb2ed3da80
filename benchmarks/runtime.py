"""Generated clients at run time, side by side in ONE interpreter: decoding and calling.

Run by ``run.py`` with the peers' python (so every client uses the same httpx and
pydantic), or alone:

    python benchmarks/runtime.py --ours generated [--opc DIR] [--bandwidth-sdk] [--rounds N]

Figures (medians of interleaved rounds; the clients take turns in each round, so a
busy neighbour slows all of them alike, and a ratio is taken per round; the garbage
collector is paused while a batch runs, as timeit does):

- ``decode``: a 1000-item listMessages page (JSON bytes) into the client's models,
  through its public model API; microseconds per item.
- ``list``: the same page through a whole list_messages call; microseconds per item.
- ``call``: one createMessage call (build the request model, serialise, send, parse the
  202 answer) with the transport mocked: ``httpx.MockTransport`` for the httpx-based
  clients, the urllib3 pool's ``request`` for bandwidth-sdk (which has no httpx);
  microseconds per call.

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import base64
import gc
import importlib
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx

ACCOUNT = "9900000"
BASE_URL = "https://messaging.bandwidth.com/api/v2"
REQUEST = {
    "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2",
    "to": ["+19195550000"],
    "from": "+19195551234",
    "text": "Hello",
    "tag": "bench",
    "priority": "default",
}
ANSWER = {
    "id": "1589228074636lm4k2je7j7jklbn2",
    "owner": "+19195551234",
    "applicationId": REQUEST["applicationId"],
    "time": "2026-11-27T07:00:00.000Z",
    "segmentCount": 1,
    "direction": "out",
    "to": REQUEST["to"],
    "from": REQUEST["from"],
    "text": "Hello",
    "tag": "bench",
    "priority": "default",
}
Responder = Callable[[str, str, bytes], tuple[int, bytes]]
# Pages decoded per timed batch: the first decode after another client ran pays for
# caches that client evicted, the same for every client; a batch spreads that out.
PAGES = 5


def mock(respond: Responder) -> httpx.MockTransport:
    """The transport every httpx-based client is measured through: ``respond`` answers
    each request with a status and a JSON body."""

    def handler(request: httpx.Request) -> httpx.Response:
        status, body = respond(request.method, str(request.url), request.content)
        return httpx.Response(
            status, content=body, headers={"Content-Type": "application/json"}
        )

    return httpx.MockTransport(handler)


def page(n: int = 1000) -> bytes:
    """A listMessages answer with ``n`` varied items (every listMessageItem field)."""
    items = []
    for i in range(n):
        mms, inbound = i % 5 == 0, i % 3 == 0
        items.append({
            "messageId": f"{1741917566000 + i * 37}x{i:015d}",
            "accountId": ACCOUNT,
            "sourceTn": f"+1919555{i % 10000:04d}",
            "destinationTn": f"+1415555{(i * 7) % 10000:04d}",
            "messageStatus": "RECEIVED" if inbound else ("DELIVERED", "SENT", "FAILED")[i % 3],
            "messageDirection": "INBOUND" if inbound else "OUTBOUND",
            "messageType": "mms" if mms else "sms",
            "segmentCount": 1 + i % 3,
            "errorCode": 4720 if i % 17 == 0 else 0,
            "receiveTime": f"2025-03-14T{i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}.{i % 1000:03d}Z",
            "carrierName": None if mms else ("T-Mobile USA", "AT&T Wireless", "Verizon Wireless")[i % 3],
            "messageSize": 200 + i * 13,
            "messageLength": 4 + i % 700,
            "attachmentCount": 1 if mms else 0,
            "recipientCount": 1,
            "campaignClass": "T" if i % 4 == 0 else None,
            "campaignId": f"CAMP{i % 97:03d}" if i % 4 == 0 else None,
            "bwLatency": None if inbound else i % 5,
            "carrierLatency": None if inbound else 1 + i % 40,
            "callingNumberCountryA3": "USA",
            "calledNumberCountryA3": "CAN" if i % 20 == 0 else "USA",
            "product": ("P2P", "TOLL_FREE", "LOCAL_A2P")[i % 3],
            "location": f"{100 + i % 900}ID" if i % 2 else None,
        })  # fmt: skip
    info = {"prevPageToken": "DLAPE902", "nextPageToken": "GL83PD3C"}
    return json.dumps(
        {"totalCount": 10000, "pageInfo": info, "messages": items}
    ).encode()


class Ours:
    """sdkgen's bandwidth_messaging."""

    name = "sdkgen"

    def __init__(self) -> None:
        self.pkg = importlib.import_module("bandwidth_messaging")
        self.models = importlib.import_module("bandwidth_messaging.models")

    def decode(self, body: bytes) -> Any:
        return self.models.MessagesList.model_validate_json(body)

    def client(self, respond: Responder) -> Any:
        return self.pkg.Client(
            username="user", password="pass", max_retries=0,
            transport=mock(respond),
        )  # fmt: skip

    def create(self, client: Any) -> Any:
        m = self.models
        body = m.MessageRequest(
            application_id=REQUEST["applicationId"], to=REQUEST["to"], from_=REQUEST["from"],
            text=REQUEST["text"], tag=REQUEST["tag"], priority=m.PriorityEnum(REQUEST["priority"]),
        )  # fmt: skip
        return client.messages.create_message(ACCOUNT, body)

    def list(self, client: Any) -> Any:
        return client.messages.list_messages(ACCOUNT, limit=1000)


class Opc:
    """openapi-python-client's output (attrs + httpx), package bandwidth_client."""

    name = "openapi-python-client"

    def __init__(self) -> None:
        self.pkg = importlib.import_module("bandwidth_client")
        self.models = importlib.import_module("bandwidth_client.models")
        self.create_op = importlib.import_module(
            "bandwidth_client.api.messages.create_message"
        )
        self.list_op = importlib.import_module(
            "bandwidth_client.api.messages.list_messages"
        )

    def decode(self, body: bytes) -> Any:
        return self.models.MessagesList.from_dict(json.loads(body))

    def client(self, respond: Responder) -> Any:
        return self.pkg.AuthenticatedClient(
            base_url=BASE_URL, token=base64.b64encode(b"user:pass").decode(), prefix="Basic",
            httpx_args={"transport": mock(respond)},
        )  # fmt: skip

    def create(self, client: Any) -> Any:
        m = self.models
        body = m.MessageRequest(
            application_id=REQUEST["applicationId"], to=REQUEST["to"], from_=REQUEST["from"],
            text=REQUEST["text"], tag=REQUEST["tag"], priority=m.PriorityEnum(REQUEST["priority"]),
        )  # fmt: skip
        return self.create_op.sync_detailed(ACCOUNT, client=client, body=body).parsed

    def list(self, client: Any) -> Any:
        return self.list_op.sync_detailed(ACCOUNT, client=client, limit=1000).parsed


class BandwidthSdk:
    """bandwidth-sdk from PyPI (openapi-generator python: pydantic v2 + urllib3)."""

    name = "bandwidth-sdk"

    def __init__(self) -> None:
        self.pkg = importlib.import_module("bandwidth")
        self.urllib3 = importlib.import_module("urllib3")

    def decode(self, body: bytes) -> Any:
        return self.pkg.MessagesList.from_json(body)

    def client(self, respond: Responder) -> Any:
        api = self.pkg.MessagesApi(
            self.pkg.ApiClient(self.pkg.Configuration(username="user", password="pass"))
        )
        response_class = self.urllib3.HTTPResponse

        def request(method: str, url: str, body: Any = None, **_: Any) -> Any:
            status, answer = respond(
                method, url, body.encode() if isinstance(body, str) else body
            )
            return response_class(
                body=io.BytesIO(answer), status=status, preload_content=False,
                headers={"Content-Type": "application/json"},
            )  # fmt: skip

        api.api_client.rest_client.pool_manager.request = request
        return api

    def create(self, api: Any) -> Any:
        p = self.pkg
        body = p.MessageRequest(
            application_id=REQUEST["applicationId"], to=REQUEST["to"], var_from=REQUEST["from"],
            text=REQUEST["text"], tag=REQUEST["tag"], priority=p.PriorityEnum(REQUEST["priority"]),
        )  # fmt: skip
        return api.create_message(ACCOUNT, body)

    def list(self, api: Any) -> Any:
        return api.list_messages(ACCOUNT, limit=1000)


class HttpxAlone:
    """No SDK: the same request sent with httpx and the answer parsed with json.loads.
    What any client built on ``httpx.Client`` pays at least, for reference."""

    name = "httpx alone"

    def client(self, respond: Responder) -> httpx.Client:
        return httpx.Client(transport=mock(respond))

    def create(self, client: httpx.Client) -> Any:
        response = client.post(
            f"{BASE_URL}/users/{ACCOUNT}/messages", content=json.dumps(REQUEST).encode(),
            headers={"Content-Type": "application/json", "Authorization": "Basic dXNlcjpwYXNz"},
        )  # fmt: skip
        return json.loads(response.content)


def interleaved(
    cases: dict[str, Callable[[], Any]], number: int, rounds: int
) -> dict[str, Any]:
    """Seconds per call of each case (median over rounds) and, per round, each case's
    time relative to the first case (median)."""
    for fn in cases.values():
        fn()
    names = list(cases)
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]
        for name in order:
            fn = cases[name]
            gc.collect()
            gc.disable()  # as timeit does: a collection lands on whichever client is running
            start = time.perf_counter()
            for _ in range(number):
                fn()
            times[name].append((time.perf_counter() - start) / number)
            gc.enable()
    first = names[0]
    return {
        name: {
            "seconds": statistics.median(times[name]),
            "vs_first": statistics.median(
                t / f for t, f in zip(times[name], times[first], strict=True)
            ),
        }
        for name in names
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--ours", required=True, help="folder containing bandwidth_messaging"
    )
    ap.add_argument(
        "--opc", help="folder containing openapi-python-client's bandwidth_client"
    )
    ap.add_argument(
        "--bandwidth-sdk",
        action="store_true",
        help="also measure the installed bandwidth-sdk",
    )
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument(
        "--calls", type=int, default=300, help="createMessage calls per round"
    )
    a = ap.parse_args()
    sys.path[:0] = [p for p in (a.ours, a.opc) if p]
    clients: list[Any] = [Ours()]
    if a.opc:
        clients.append(Opc())
    if a.bandwidth_sdk:
        clients.append(BandwidthSdk())
    body = page(1000)
    answer = json.dumps(ANSWER).encode()
    listing = {c.name: c.client(lambda m, u, b: (200, body)) for c in clients}
    alone = HttpxAlone()
    creating = {
        c.name: c.client(lambda m, u, b: (202, answer)) for c in [*clients, alone]
    }
    for c in clients:  # every client must really decode the page before it is timed
        assert len(c.decode(body).messages) == 1000, c.name
    result = {
        "decode_us_per_item": interleaved(
            {c.name: partial(c.decode, body) for c in clients}, PAGES, a.rounds
        ),
        "list_us_per_item": interleaved(
            {c.name: partial(c.list, listing[c.name]) for c in clients},
            PAGES,
            a.rounds,
        ),
        "create_us_per_call": interleaved(
            {c.name: partial(c.create, creating[c.name]) for c in [*clients, alone]},
            a.calls,
            a.rounds,
        ),
    }
    for key, scale in (
        ("decode_us_per_item", 1e3),
        ("list_us_per_item", 1e3),
        ("create_us_per_call", 1e6),
    ):
        for figures in result[key].values():
            figures["us"] = round(figures.pop("seconds") * scale, 2)
            figures["vs_first"] = round(figures["vs_first"], 3)
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
