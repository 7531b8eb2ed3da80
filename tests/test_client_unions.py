"""Tagged unions on the wire: every tag of a discriminator mapping selects its schema
(several tags may share one), and a variant that one tag alone selects has that tag as
the default of its discriminator field, sent with the request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import TypeAdapter
from scripted_server import ScriptedServer, json_reply

SPEC = """
openapi: 3.0.3
info: {title: Shapes, version: "1"}
paths:
  /drawings:
    post:
      operationId: draw
      tags: [Drawings]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Drawing"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Drawing"}
components:
  schemas:
    Drawing:
      type: object
      required: [shapes]
      properties:
        shapes:
          type: array
          items: {$ref: "#/components/schemas/Shape"}
    Shape:
      oneOf:
        - $ref: "#/components/schemas/Round"
        - $ref: "#/components/schemas/Square"
      discriminator:
        propertyName: kind
        mapping:
          circle: "#/components/schemas/Round"
          ring: "#/components/schemas/Round"
          square: "#/components/schemas/Square"
    Round:
      type: object
      required: [kind, radius]
      properties:
        kind: {type: string}
        radius: {type: number}
    Square:
      type: object
      required: [kind, side]
      properties:
        kind: {$ref: "#/components/schemas/Kind"}
        side: {type: number}
    Kind:
      type: string
      enum: [circle, ring, square]
"""


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any) -> Any:
    return module_sdk_from(SPEC)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.mark.parametrize("tag", ["circle", "ring"])
def test_every_tag_mapped_to_a_schema_decodes_to_it(sdk: Any, tag: str) -> None:
    shape = TypeAdapter(sdk.models.Shape).validate_json(
        json.dumps({"kind": tag, "radius": 2})
    )
    assert type(shape) is sdk.models.Round
    assert shape.kind == tag


def test_a_shape_of_a_shared_schema_is_sent_with_the_tag_given(
    sdk: Any, server: ScriptedServer
) -> None:
    drawing = {"shapes": [{"kind": "ring", "radius": 1}]}
    server.route("POST", "/drawings", json_reply(drawing))
    with sdk.Client(base_url=server.url) as client:
        answer = client.drawings.draw(
            sdk.models.Drawing(shapes=[sdk.models.Round(kind="ring", radius=1)])
        )
    assert json.loads(server.seen[0].body) == drawing
    assert type(answer.shapes[0]) is sdk.models.Round


def test_a_variant_one_tag_selects_defaults_its_discriminator_and_sends_it(
    sdk: Any, server: ScriptedServer
) -> None:
    server.route("POST", "/drawings", json_reply({"shapes": []}))
    square = sdk.models.Square(side=3)
    assert square.kind == "square"
    with sdk.Client(base_url=server.url) as client:
        client.drawings.draw(sdk.models.Drawing(shapes=[square]))
        client.drawings.draw({"shapes": [{"side": 3, "kind": "square"}]})
    sent = [json.loads(seen.body) for seen in server.seen]
    assert sent == [{"shapes": [{"kind": "square", "side": 3}]}] * 2


def test_a_variant_several_tags_select_has_no_default(sdk: Any) -> None:
    with pytest.raises(ValueError, match="kind"):
        sdk.models.Round(radius=1)


def test_bandwidth_location_requests_can_be_built_and_decoded(bw: Any) -> None:
    m = bw.models
    action = m.RbmActionBase(type="REQUEST_LOCATION", text="Where?", postback_data="eA==")
    adapter = TypeAdapter(m.MultiChannelAction)
    assert adapter.validate_python(action) is action
    decoded = adapter.validate_json(
        json.dumps({"type": "REQUEST_LOCATION", "text": "Where?", "postbackData": "eA=="})
    )
    assert type(decoded) is m.RbmActionBase
    assert decoded.type == "REQUEST_LOCATION"


def test_bandwidth_channel_entries_need_not_repeat_their_channel(
    bw: Any, server: ScriptedServer
) -> None:
    m = bw.models
    server.route(
        "POST", "/users/9900000/messages/multiChannel", json_reply({}, status=202)
    )
    entry = m.MultiChannelChannelListSMSObject(
        from_="+19195551234", application_id="app", content=m.SmsMessageContent(text="hi")
    )
    request = m.MultiChannelMessageRequest(to="+19195550000", channel_list=[entry])
    with bw.Client(username="u", password="p", base_url=server.url) as client:
        client.multi_channel.calls.create_multi_channel_message.raw("9900000", request)
    sent = json.loads(server.seen[0].body)
    assert sent["channelList"][0]["channel"] == "SMS"
