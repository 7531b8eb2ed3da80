"""Parameters in every location and style, as the generated client puts them on the wire."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SPEC = """\
openapi: 3.0.3
info: {title: Params, version: '1'}
servers: [{url: 'http://unused.invalid'}]
paths:
  /items/{ids}/{kind}:
    get:
      operationId: findItems
      tags: [Items]
      parameters:
        - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}
        - {name: kind, in: path, required: true, schema: {type: string, enum: [a b, c/d]}}
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
        - name: colors
          in: query
          style: form
          explode: false
          schema: {type: array, items: {type: string}}
        - name: point
          in: query
          style: form
          explode: false
          schema: {type: object, properties: {x: {type: integer}, y: {type: integer}}}
        - name: words
          in: query
          style: spaceDelimited
          schema: {type: array, items: {type: string}}
        - name: codes
          in: query
          style: pipeDelimited
          schema: {type: array, items: {type: string}}
        - name: filter
          in: query
          style: deepObject
          explode: true
          schema: {type: object, additionalProperties: {type: string}}
        - {name: 'page[size]', in: query, schema: {type: integer}}
        - name: X-Request-Tags
          in: header
          schema: {type: array, items: {type: string}}
        - {name: X-Limit, in: header, required: true, schema: {type: integer}}
        - {name: session, in: cookie, schema: {type: string}}
        - {name: theme, in: cookie, schema: {type: string, enum: [dark, light]}}
      responses:
        '204': {description: No content}
  /matrix/{id}:
    get:
      operationId: matrixStyle
      tags: [Items]
      parameters:
        - {name: id, in: path, required: true, style: matrix, schema: {type: string}}
      responses:
        '204': {description: No content}
"""


def capture(httpserver: HTTPServer) -> list[Request]:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(status=204)

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return seen


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any) -> Any:
    return module_sdk_from(SPEC)


def test_every_query_style_is_encoded_as_declared(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen = capture(httpserver)
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        client.items.find_items(
            [1, 2, 3],
            "a b",
            x_limit=10,
            tags=["t1", "t2"],
            colors=["red", "green"],
            point=sdk.models.FindItemsPoint(x=1, y=2),
            words=["hello", "world"],
            codes=["p", "q"],
            filter={"color": "red", "size": "L"},
            page_size=50,
        )
    (request,) = seen
    assert request.args.getlist("tags") == ["t1", "t2"]
    assert request.args.getlist("colors") == ["red,green"]
    assert request.args["point"] == "x,1,y,2"
    assert request.args["words"] == "hello world"
    assert request.args["codes"] == "p|q"
    assert (
        request.args["filter[color]"] == "red" and request.args["filter[size]"] == "L"
    )
    assert request.args["page[size]"] == "50"
    assert "filter" not in request.args and "color" not in request.args


def test_path_arrays_are_comma_separated_and_values_escaped(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen = capture(httpserver)
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        client.items.find_items([1, 2, 3], sdk.models.FindItemsKind.C_D, x_limit=1)
    (request,) = seen
    raw_path = (
        request.environ["RAW_URI"]
        if "RAW_URI" in request.environ
        else request.full_path
    )
    assert request.path == "/items/1,2,3/c/d"
    assert "c%2Fd" in raw_path


def test_header_and_cookie_parameters_are_sent(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen = capture(httpserver)
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        client.items.find_items(
            [7],
            "a b",
            x_limit=25,
            x_request_tags=["one", "two"],
            session="s3cr3t value",
            theme="dark",
        )
    (request,) = seen
    assert request.headers["X-Limit"] == "25"
    assert request.headers["X-Request-Tags"] == "one,two"
    # Cookie values cannot hold spaces or semicolons: they are percent-encoded.
    assert request.cookies["session"] == "s3cr3t%20value"
    assert request.cookies["theme"] == "dark"


def test_unsupported_style_warns_with_its_pointer_and_still_works(
    tmp_path: Any, sdk: Any, httpserver: HTTPServer
) -> None:
    from conftest import write_spec

    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.parse import Settings

    api = api_of(load_spec(write_spec(tmp_path, SPEC)), Settings("p", "p", "1", "P"))
    assert any(
        w.pointer == "#/paths/~1matrix~1{id}/get/parameters/0/style" and "matrix" in w.message
        for w in api.warnings
    )
    seen = capture(httpserver)
    with sdk.Client(base_url=httpserver.url_for("")) as client:
        client.items.matrix_style("x1")
    assert seen[0].path == "/matrix/x1"
