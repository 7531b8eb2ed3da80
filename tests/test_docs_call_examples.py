"""Example calls in the docs pass what an SDK user passes: values as they are (the SDK
URL-encodes them), and a filter for a listing whose filters are all optional."""

from __future__ import annotations

from pathlib import Path

from conftest import write_spec

from generator.build import api_of
from generator.docs.scripts import required_arguments
from generator.load.spec import load_spec
from generator.model.ir import Api
from generator.model.parse import Settings
from generator.targets.python.samples import SampleCode

SPEC = """\
openapi: 3.0.3
info: {title: Calls, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /calls/{callId}:
    get:
      operationId: listCalls
      tags: [Calls]
      parameters:
        - {name: callId, in: path, required: true, schema: {type: string}, example: 'a%2Fb'}
        - {name: from, in: query, schema: {type: string}, example: '%2B19195550123'}
        - {name: carrier, in: query, schema: {type: string}, example: 'AT%26T'}
        - {name: note, in: query, schema: {type: string}, example: '100%'}
        - {name: X-Token, in: header, schema: {type: string}, example: 'abc%3D'}
      responses:
        '204': {description: done}
  /things:
    get:
      operationId: listThings
      tags: [Calls]
      parameters:
        - {name: kind, in: query, required: true, schema: {type: string}, example: big}
        - {name: color, in: query, schema: {type: string}, example: red}
      responses:
        '204': {description: done}
"""


def _api(tmp_path: Path) -> Api:
    spec = load_spec(write_spec(tmp_path, SPEC))
    return api_of(spec, Settings("calls", "calls", "1.0.0", "CALLS"))


def test_url_encoded_parameter_examples_become_the_values_a_caller_passes(
    tmp_path: Path,
) -> None:
    api = _api(tmp_path)
    (op, _) = api.groups[0].operations
    examples = {p.wire_name: SampleCode(api).code(p.sample) for p in op.parameters}
    assert examples == {
        "callId": "'a/b'",
        "from": "'+19195550123'",
        "carrier": "'AT&T'",
        "note": "'100%'",
        "X-Token": "'abc%3D'",
    }


def test_a_listing_with_only_optional_filters_is_shown_with_one(tmp_path: Path) -> None:
    api = _api(tmp_path)
    calls, things = api.groups[0].operations
    samples = SampleCode(api)
    assert required_arguments(calls, samples) == ["'a/b'", "from_='+19195550123'"]
    assert required_arguments(things, samples) == ["kind='big'"]
