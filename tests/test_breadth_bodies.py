"""Request and response bodies of every kind, as the generated client sends and reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import write_spec
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.build import api_of
from generator.load.spec import load_spec
from generator.model.bodies import _binary_default
from generator.model.parse import Settings

SPEC = """\
openapi: 3.0.3
info: {title: Bodies, version: '1'}
servers: [{url: 'http://unused.invalid'}]
paths:
  /form:
    post:
      operationId: submitForm
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                tags: {type: array, items: {type: string}}
                count: {type: integer}
      responses:
        '204': {description: Done}
  /upload:
    post:
      operationId: uploadFile
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                meta: {type: object, properties: {title: {type: string}}}
                note: {type: string}
      responses:
        '200':
          description: Stored
          content:
            application/json:
              schema: {type: object, properties: {size: {type: integer}}}
  /search:
    get:
      operationId: searchWithBody
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {q: {type: string}}}
      responses:
        '200':
          description: Found
          content:
            application/json:
              schema: {type: array, items: {type: string}}
    delete:
      operationId: deleteMatching
      requestBody:
        content:
          application/json:
            schema: {type: array, items: {type: string}}
      responses:
        '204': {description: Gone}
  /bxml:
    put:
      operationId: replaceBxml
      requestBody:
        required: true
        content:
          application/xml:
            schema: {type: string}
      responses:
        '200':
          description: The new document
          content:
            application/xml:
              schema: {type: string}
  /recording:
    get:
      operationId: downloadRecording
      responses:
        '200':
          description: Audio
          content:
            audio/mpeg:
              schema: {type: string, format: binary}
            audio/vnd.wave:
              schema: {type: string, format: binary}
  /xml-object:
    post:
      operationId: sendXmlObject
      requestBody:
        required: true
        content:
          application/xml:
            schema:
              type: object
              properties:
                a: {type: string}
      responses:
        '204': {description: Accepted}
"""


def capture(
    httpserver: HTTPServer,
    body: bytes = b"",
    status: int = 200,
    content_type: str = "application/json",
) -> list[Request]:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(body, status=status, content_type=content_type)

    httpserver.expect_request(re.compile(".*")).respond_with_handler(handler)
    return seen


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any) -> Any:
    return module_sdk_from(SPEC)


def client(sdk: Any, httpserver: HTTPServer) -> Any:
    return sdk.Client(base_url=httpserver.url_for(""))


def test_form_body_is_url_encoded_with_repeated_array_fields(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen = capture(httpserver, status=204)
    with client(sdk, httpserver) as c:
        c.default.submit_form(
            sdk.models.SubmitFormRequest(name="Ann & Bob", tags=["x", "y"], count=3)
        )
    (request,) = seen
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.form["name"] == "Ann & Bob"
    assert request.form.getlist("tags") == ["x", "y"]
    assert request.form["count"] == "3"


def test_multipart_body_sends_files_fields_and_json_objects(
    sdk: Any, httpserver: HTTPServer
) -> None:
    seen = capture(httpserver, json.dumps({"size": 5}).encode())
    with client(sdk, httpserver) as c:
        stored = c.default.upload_file(
            sdk.models.UploadFileRequest(
                file=b"\x00\x01binary",
                note="a note",
                meta=sdk.models.UploadFileRequestMeta(title="T"),
            )
        )
    (request,) = seen
    assert request.mimetype == "multipart/form-data"
    assert request.files["file"].read() == b"\x00\x01binary"
    assert request.form["note"] == "a note"
    assert json.loads(request.form["meta"]) == {"title": "T"}
    assert stored.size == 5


def test_get_and_delete_carry_request_bodies(sdk: Any, httpserver: HTTPServer) -> None:
    seen = capture(httpserver, b'["one"]')
    with client(sdk, httpserver) as c:
        found = c.default.search_with_body(sdk.models.SearchWithBodyRequest(q="needle"))
        c.default.delete_matching(body=["a", "b"])
    get, delete = seen
    assert (get.method, json.loads(get.get_data())) == ("GET", {"q": "needle"})
    assert (delete.method, json.loads(delete.get_data())) == ("DELETE", ["a", "b"])
    assert found == ["one"]


def test_xml_text_body_and_response_are_strings(
    sdk: Any, httpserver: HTTPServer
) -> None:
    document = (
        '<?xml version="1.0"?><Bxml><SpeakSentence>Hi ünïcode</SpeakSentence></Bxml>'
    )
    seen = capture(httpserver, b"<Bxml/>", content_type="application/xml")
    with client(sdk, httpserver) as c:
        answer = c.default.replace_bxml(document)
    (request,) = seen
    assert request.headers["Content-Type"] == "application/xml"
    assert request.get_data().decode("utf-8") == document
    assert answer == "<Bxml/>"


def test_audio_response_is_bytes(sdk: Any, httpserver: HTTPServer) -> None:
    audio = bytes(range(256)) * 4
    capture(httpserver, audio, content_type="audio/mpeg")
    with client(sdk, httpserver) as c:
        assert c.default.download_recording() == audio


def test_xml_object_body_warns_and_is_sent_as_given_bytes(
    tmp_path: Path, sdk: Any, httpserver: HTTPServer
) -> None:
    api = api_of(load_spec(write_spec(tmp_path, SPEC)), Settings("p", "p", "1", "P"))
    assert (
        "#/paths/~1xml-object/post/requestBody/content/application~1xml: the structure of this media type is not generated (sent as the bytes you pass)"
        in [f"{w.pointer}: {w.message}" for w in api.warnings]
    )
    seen = capture(httpserver, status=204)
    with client(sdk, httpserver) as c:
        c.default.send_xml_object(b"<a>1</a>")
    assert seen[0].get_data() == b"<a>1</a>"
    assert seen[0].headers["Content-Type"] == "application/xml"


@pytest.mark.parametrize(
    ("media_types", "default"),
    [
        (("image/png",), "image/png"),
        (("image/png", "application/octet-stream"), "application/octet-stream"),
        (("*/*",), "application/octet-stream"),
        (("application/json", "image/png"), "image/png"),
        (("image/png", "audio/ogg"), ""),  # the caller must name it
    ],
)
def test_raw_bytes_default_to_the_spec_type_only_when_it_leaves_no_choice(
    media_types: tuple[str, ...], default: str
) -> None:
    chosen = next(m for m in media_types if "json" not in m)
    assert _binary_default(media_types, chosen) == default
