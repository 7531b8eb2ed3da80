"""spec/messaging.yaml is a valid OpenAPI document with the facts of Bandwidth's API."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import SHARED, SPEC
from openapi_spec_validator import validate

METHODS = ("get", "put", "post", "delete")


def operations(doc: dict) -> set[tuple[str, str, str]]:
    return {
        (path, method, op["operationId"])
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


def test_spec_validates() -> None:
    validate(yaml.safe_load(SPEC.read_text()))


def test_spec_has_the_seven_operations() -> None:
    doc = yaml.safe_load(SPEC.read_text())
    assert {op for _, _, op in operations(doc)} == {
        "createMessage",
        "listMessages",
        "listMedia",
        "getMedia",
        "uploadMedia",
        "deleteMedia",
        "createMultiChannelMessage",
    }
    for item in doc["paths"].values():
        assert item["servers"][0]["url"] == "https://messaging.bandwidth.com/api/v2"


def test_list_messages_has_every_filter_of_the_seed() -> None:
    seed = (SHARED / "seed" / "MessagesApi.md")
    if not seed.exists():
        pytest.skip("../shared is not there")
    listed = re.findall(r"^let (\w+):", seed.read_text(), re.M)
    filters = listed[listed.index("messageId") : listed.index("limitTotalCount") + 1]
    doc = yaml.safe_load(SPEC.read_text())
    params = doc["components"]["parameters"]
    names = [
        params[p["$ref"].rsplit("/", 1)[1]]["name"]
        for p in doc["paths"]["/users/{accountId}/messages"]["get"]["parameters"]
    ]
    assert names[1:] == filters


def test_spec_matches_the_public_api_facts() -> None:
    upstream = SHARED / "specs" / "bandwidth" / "messaging.yml"
    if not upstream.exists():
        pytest.skip("../shared is not there")
    ours = yaml.safe_load(SPEC.read_text())
    theirs = yaml.safe_load(upstream.read_text())
    assert operations(ours) == operations(theirs)
    # The messaging cut of Bandwidth's document leaves out the inbound callback (the
    # messages Bandwidth posts to the customer); ours describes it as the full
    # document does.
    full = yaml.safe_load((upstream.parent / "bandwidth.yml").read_text())
    inbound = {
        name: schema
        for name, schema in full["components"]["schemas"].items()
        if name in set(ours["components"]["schemas"]) - set(theirs["components"]["schemas"])
    }
    assert set(inbound) == {
        "inboundCallback",
        "inboundCallbackTypeEnum",
        "inboundCallbackMessage",
        "multiChannelMessageContent",
        "rbmSuggestionResponse",
        "rbmLocationResponse",
    }
    assert set(ours["components"]["schemas"]) == set(theirs["components"]["schemas"]) | set(
        inbound
    )
    assert set(ours["components"]["callbacks"]) == {"statusCallback", "inboundCallback"}
    assert set(full["components"]["callbacks"]) >= set(ours["components"]["callbacks"])
    for name, schema in [*theirs["components"]["schemas"].items(), *inbound.items()]:
        mine = ours["components"]["schemas"][name]
        assert set(mine.get("properties", {})) == set(schema.get("properties", {})), name
        assert sorted(mine.get("required", [])) == sorted(schema.get("required", [])), name
        assert mine.get("enum") == schema.get("enum"), name
    for path, item in theirs["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                assert set(ours["paths"][path][method]["responses"]) == set(op["responses"])


def _response_headers(doc: dict) -> dict[tuple[str, str, str], set[str]]:
    """The header names each operation's response declares, by (operationId, status)."""
    found = {}
    for item in doc["paths"].values():
        for method, op in item.items():
            if method not in METHODS:
                continue
            for status, response in op["responses"].items():
                if "$ref" in response:
                    response = doc["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                found[(op["operationId"], method, str(status))] = set(response.get("headers") or {})
    return found


def test_only_list_messages_declares_retry_after_as_the_real_api_does() -> None:
    doc = yaml.safe_load(SPEC.read_text())
    declaring = {key for key, headers in _response_headers(doc).items() if "Retry-After" in headers}
    assert declaring == {("listMessages", "get", "429")}


def test_response_headers_match_the_public_api() -> None:
    upstream = SHARED / "specs" / "bandwidth" / "messaging.yml"
    if not upstream.exists():
        pytest.skip("../shared is not there")
    ours = _response_headers(yaml.safe_load(SPEC.read_text()))
    theirs = _response_headers(yaml.safe_load(upstream.read_text()))
    assert ours == theirs


def test_query_examples_are_values_a_caller_passes_not_url_encoded_text() -> None:
    doc = yaml.safe_load(SPEC.read_text())
    for name, param in doc["components"]["parameters"].items():
        assert not re.search(r"%[0-9A-Fa-f]{2}", str(param.get("example", ""))), name
        assert "need to be encoded" not in param.get("description", ""), name
