"""Bandwidth's full public document (55 operations, 275 schemas, callbacks, XML, audio)
generates a client that imports, passes ``mypy --strict`` and has every operation."""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import SHARED, generate, mypy_strict

BANDWIDTH = SHARED / "specs" / "bandwidth" / "bandwidth.yml"
pytestmark = pytest.mark.skipif(
    not BANDWIDTH.exists(), reason="../shared/specs is not there"
)
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = generate(
        BANDWIDTH, tmp_path_factory.mktemp("bandwidth") / "out", "bandwidth_full"
    )
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


def operation_ids() -> list[str]:
    document = yaml.safe_load(BANDWIDTH.read_text(encoding="utf-8"))
    return [
        op["operationId"]
        for item in document["paths"].values()
        for method, op in item.items()
        if method in METHODS
    ]


def test_every_operation_is_a_method_of_the_client(generated: Path) -> None:
    package = importlib.import_module("bandwidth_full")
    client = package.Client(
        username="u", password="p", client_id="i", client_secret="s"
    )
    methods = {
        name
        for attr in dir(client)
        if not attr.startswith("_") and attr in type(client).__dict__
        for name, _ in inspect.getmembers(type(getattr(client, attr)))
        if not name.startswith("_")
    }
    expected = [
        re.sub(r"(?<!^)(?=[A-Z])", "_", op_id).lower() for op_id in operation_ids()
    ]
    assert len(expected) == 55
    assert sorted(set(expected) - methods) == []


def test_the_generated_client_passes_mypy_strict(generated: Path) -> None:
    done = mypy_strict("bandwidth_full", cwd=generated)
    assert done.returncode == 0, done.stdout[-3000:]


def test_every_callback_is_read_with_the_operations_that_register_it() -> None:
    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.ir import TypeRef
    from generator.model.parse import Settings
    from generator.targets.python.naming import operation_paths

    api = api_of(load_spec(BANDWIDTH), Settings("p", "p", "1", "P"))
    hooks = {w.name: w for w in api.webhooks}
    paths = operation_paths(api.groups)
    assert tuple(paths[p] for p in hooks["statusCallback"].registered_by) == (
        "messages.create_message",
        "multi_channel.create_multi_channel_message",
    )
    assert hooks["statusCallback"].payload is not None
    assert hooks["statusCallback"].payload.shape == TypeRef("model", ref="StatusCallback")
    # Declared in components and registered by no operation: still received.
    assert hooks["inboundCallback"].registered_by == ()
    assert hooks["endpointEventCallback"].expression == "{request.body#/eventCallbackUrl}"
    # Its HMAC header is described only in words: reported, not guessed at.
    assert any(
        "x-bandwidth-signature-hmac-sha256" in w.message and "looks like a signature" in w.message
        for w in api.warnings
    )
    assert not any("callbacks are not generated" in w.message for w in api.warnings)
