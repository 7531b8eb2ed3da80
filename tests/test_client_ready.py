"""Ready to call: importing the SDK, making a client and touching an operation build no
pydantic model class and import neither asyncio nor httpcore (httpx imports it with the
first connection); the first call builds what it needs and works as before."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import GENERATED

# Run in a fresh interpreter: the test process has imported the models already.
READY = """
import json, sys
from bandwidth_messaging import AsyncClient, Client
client = Client(username="u", password="p")
for api in (client.messages, client.media, client.multi_channel):
    for name in dir(api):
        getattr(api, name)
AsyncClient(username="u", password="p").messages.create_message
models = sorted(
    m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("bandwidth_messaging.models.")
)
loaded = [m for m in ("pydantic.main", "asyncio", "httpcore") if m in sys.modules]
print(json.dumps({"loaded": loaded, "models": models}))
"""

FIRST_CALL = """
import httpx, sys
from bandwidth_messaging import Client
from bandwidth_messaging.models import MessageRequest

def answer(request):
    assert request.url.path.endswith("/users/9900000/messages")
    body = {"id": "m-1", "owner": "+15550001", "applicationId": "a", "time": "2026-01-01T00:00:00Z",
            "segmentCount": 1, "direction": "out", "to": ["+15550002"], "from": "+15550001"}
    return httpx.Response(202, json=body)

client = Client(username="u", password="p", transport=httpx.MockTransport(answer))
sent = client.messages.create_message(
    "9900000", MessageRequest(application_id="a", to=["+15550002"], from_="+15550001")
)
print(type(sent).__name__, sent.id)
"""


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_touching_every_operation_builds_no_model_class() -> None:
    found = json.loads(_run(READY))
    assert found["loaded"] == []
    # The enums the parameters are checked against are plain Python enums.
    assert found["models"], "the operation tables import their parameters' enums"
    assert all(name.endswith("_enum") for name in found["models"]), found["models"]


def test_the_first_call_builds_the_models_it_decodes_into() -> None:
    assert _run(FIRST_CALL).split() == ["Message", "m-1"]
