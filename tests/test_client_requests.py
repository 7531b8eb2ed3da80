"""What a request may carry: the spec's rules are kept before anything is sent (path
segments, header values, parameter kinds and bounds, body models and dicts), None for a
field that is not nullable is left out, and responses stay lenient."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pydantic
import pytest
from scripted_server import Reply, ScriptedServer, json_reply

SPEC = """
openapi: 3.0.3
info: {title: Items, version: "1"}
servers: [{url: "http://unused.invalid"}]
paths:
  /items/{itemId}:
    parameters:
      - {name: itemId, in: path, required: true, schema: {type: string}}
    get:
      operationId: getItem
      tags: [Items]
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: code, in: query, schema: {type: string, pattern: "^[A-Z]{3}$"}}
        - {name: color, in: query, schema: {$ref: "#/components/schemas/Color"}}
        - {name: tags, in: query, schema: {type: array, maxItems: 2, items: {type: string, maxLength: 3}}}
        - {name: since, in: query, required: true, schema: {type: string, format: date}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: X-Span Id, in: header, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
    put:
      operationId: putItem
      tags: [Items]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Item"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Item"}
components:
  schemas:
    Color:
      type: string
      enum: [red, blue]
    Part:
      type: object
      properties:
        label: {type: string, maxLength: 5}
        note: {type: string}
    Item:
      type: object
      required: [name]
      properties:
        name: {type: string, minLength: 1, maxLength: 10}
        count: {type: integer, minimum: 0, maximum: 1000, exclusiveMaximum: true}
        color: {$ref: "#/components/schemas/Color"}
        comment: {type: string, nullable: true}
        note: {type: string}
        parts:
          type: array
          minItems: 1
          maxItems: 3
          items: {$ref: "#/components/schemas/Part"}
"""
ITEM = {"name": "box"}


@pytest.fixture(scope="module")
def sdk(module_sdk_from: Any) -> Any:
    return module_sdk_from(SPEC)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    server = ScriptedServer()
    yield server
    server.close()


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Iterator[Any]:
    with sdk.Client(base_url=server.url, max_retries=0) as client:
        yield client


def _refused(server: ScriptedServer, call: Any) -> str:
    """The message of the InvalidRequestError ``call()`` raises; nothing was sent."""
    with pytest.raises(ValueError) as caught:
        call()
    assert type(caught.value).__name__ == "InvalidRequestError"
    assert server.seen == []
    return str(caught.value)


# -- path segments and header values ------------------------------------------------


@pytest.mark.parametrize("value", [".", "..", "", None])
def test_a_path_parameter_that_would_leave_its_segment_is_refused(
    sdk: Any, client: Any, server: ScriptedServer, value: Any
) -> None:
    server.route("PUT", "/items", json_reply(ITEM))
    server.route("PUT", "/", json_reply(ITEM))
    message = _refused(server, lambda: client.items.put_item(value, ITEM))
    assert "putItem" in message and "itemId" in message


def test_the_async_client_refuses_dot_segments_too(
    sdk: Any, server: ScriptedServer
) -> None:
    async def main() -> None:
        async with sdk.AsyncClient(base_url=server.url) as client:
            with pytest.raises(sdk.InvalidRequestError):
                await client.items.put_item("..", ITEM)

    asyncio.run(main())
    assert server.seen == []


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        ("a/b", "a%2Fb"),
        ("../x", "..%2Fx"),
        ("q?x=1#f", "q%3Fx%3D1%23f"),
        ("%2E%2E", "%252E%252E"),
        ("a b+c", "a%20b%2Bc"),
        ("...", "..."),
    ],
)
def test_reserved_characters_stay_inside_one_path_segment(
    client: Any, server: ScriptedServer, value: str, wire: str
) -> None:
    server.route("PUT", f"/items/{wire}", json_reply(ITEM))
    client.items.put_item(value, ITEM)
    assert [seen.path for seen in server.seen] == [f"/items/{wire}"]


@pytest.mark.parametrize("value", ["a\r\nX-Evil: 1", "a\nb", "a\0b"])
def test_a_header_value_with_a_line_break_is_refused_without_echoing_it(
    client: Any, server: ScriptedServer, value: str
) -> None:
    message = _refused(
        server, lambda: client.items.get_item("i", since="2024-01-01", x_trace=value)
    )
    assert "X-Trace" in message and "Evil" not in message


def test_a_header_whose_spec_name_http_cannot_carry_is_refused_before_sending(
    client: Any, server: ScriptedServer
) -> None:
    message = _refused(
        server, lambda: client.items.get_item("i", since="2024-01-01", x_span_id="s")
    )
    assert "X-Span Id" in message and "'s'" not in message


# -- parameters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"limit": "ten"}, "limit"),
        ({"limit": True}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"code": "abcd"}, "code"),
        ({"color": "green"}, "color"),
        ({"tags": ["a", "b", "c"]}, "tags"),
        ({"tags": ["abcd"]}, "tags.0"),
        ({"since": None}, "since"),
        ({"since": 20240101}, "since"),
    ],
)
def test_a_parameter_the_spec_forbids_is_refused(
    client: Any, server: ScriptedServer, arguments: dict[str, Any], named: str
) -> None:
    arguments = {"since": "2024-01-01", **arguments}
    message = _refused(server, lambda: client.items.get_item("i", **arguments))
    assert f"{named}:" in message


def test_parameters_the_spec_allows_are_sent(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    server.route("GET", "/items/i", json_reply(ITEM))
    client.items.get_item(
        "i",
        since="2024-01-01",
        limit=100,
        code="ABC",
        color=sdk.models.Color.BLUE,
        tags=["a", "bcd"],
        x_trace="t-1",
    )
    client.items.get_item("i", since="2024-01-01", color="red")
    first, second = server.seen
    assert first.query == {
        "since": ["2024-01-01"],
        "limit": ["100"],
        "code": ["ABC"],
        "color": ["blue"],
        "tags": ["a", "bcd"],
    }
    assert first.headers["x-trace"] == "t-1"
    assert second.query["color"] == ["red"]


def test_an_unknown_keyword_argument_is_refused(client: Any) -> None:
    with pytest.raises(TypeError):
        client.items.get_item("i", since="2024-01-01", limt=5)


# -- bodies --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 11}, "name"),
        ({"name": "a", "count": -1}, "count"),
        ({"name": "a", "count": 1000}, "count"),
        ({"name": "a", "color": "green"}, "color"),
        ({"name": "a", "colour": "red"}, "colour"),
        ({"name": "a", "parts": []}, "parts"),
        ({"name": "a", "parts": [{}, {}, {}, {}]}, "parts"),
        ({"name": "a", "parts": [{"label": "toolong"}]}, "parts.0.label"),
        ({"name": "a", "parts": [{"lable": "x"}]}, "parts.0.lable"),
    ],
)
def test_a_model_the_spec_forbids_cannot_be_made(
    sdk: Any, fields: dict[str, Any], named: str
) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        sdk.models.Item(**fields)
    assert named in {".".join(str(p) for p in e["loc"]) for e in caught.value.errors()}


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"name": "x" * 11}, "body.name"),
        ({"name": "a", "color": "green"}, "body.color"),
        ({"name": "a", "colour": "red"}, "body.colour"),
        ({"name": "a", "parts": [{"label": "toolong"}]}, "body.parts.0.label"),
        ({"count": 1}, "body.name"),
    ],
)
def test_a_dict_body_the_spec_forbids_is_refused(
    client: Any, server: ScriptedServer, fields: dict[str, Any], named: str
) -> None:
    message = _refused(server, lambda: client.items.put_item("i", fields))
    assert f"{named}:" in message


def test_a_model_changed_after_it_was_made_is_checked_again_before_sending(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    item = sdk.models.Item(name="a")
    item.name = "x" * 11
    assert "body.name:" in _refused(server, lambda: client.items.put_item("i", item))


@pytest.mark.parametrize("body", ["box", 42, ["box"], None])
def test_a_body_of_the_wrong_type_is_refused(
    sdk: Any, client: Any, server: ScriptedServer, body: Any
) -> None:
    assert "body" in _refused(server, lambda: client.items.put_item("i", body))


def test_a_model_of_another_class_is_refused_as_a_body(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    part = sdk.models.Part(label="a")
    assert "body" in _refused(server, lambda: client.items.put_item("i", part))


# -- None and null -------------------------------------------------------------------


def test_none_for_a_field_that_is_not_nullable_is_left_out(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    server.route("PUT", "/items/i", json_reply(ITEM))
    model = sdk.models.Item(
        name="a", note=None, comment=None, parts=[sdk.models.Part(label="l", note=None)]
    )
    client.items.put_item("i", model)
    plain = {"name": "a", "note": None, "comment": None, "parts": [{"label": "l", "note": None}]}
    client.items.put_item("i", plain)
    sent = [json.loads(seen.body) for seen in server.seen]
    expected = {"name": "a", "comment": None, "parts": [{"label": "l"}]}
    assert sent == [expected, expected]
    assert server.seen[0].body == server.seen[1].body


def test_a_field_left_unset_is_not_sent(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    server.route("PUT", "/items/i", json_reply(ITEM))
    client.items.put_item("i", sdk.models.Item(name="a"))
    assert json.loads(server.seen[0].body) == {"name": "a"}


# -- responses stay lenient ------------------------------------------------------------


def test_a_response_outside_the_request_rules_is_decoded_as_it_came(
    client: Any, server: ScriptedServer
) -> None:
    answer = {
        "name": "x" * 50,
        "count": 5000,
        "color": "green",
        "extra": {"new": True},
        "parts": [{"label": "far too long", "more": 1}],
    }
    server.route("GET", "/items/i", json_reply(answer))
    item = client.items.get_item("i", since="2024-01-01")
    assert item.name == "x" * 50 and item.count == 5000
    assert item.color == "green"
    assert item.model_extra == {"extra": {"new": True}}
    assert item.parts[0].model_extra == {"more": 1}
    assert item.to_dict() == answer


def test_a_decoded_model_can_be_sent_back_when_it_keeps_the_rules(
    client: Any, server: ScriptedServer
) -> None:
    server.route("GET", "/items/i", json_reply({"name": "a", "count": 3}))
    server.route("PUT", "/items/i", json_reply(ITEM))
    item = client.items.get_item("i", since="2024-01-01")
    client.items.put_item("i", item)
    assert json.loads(server.seen[1].body) == {"name": "a", "count": 3}


# -- the Bandwidth SDK -------------------------------------------------------------------


def test_bandwidth_requests_the_api_would_reject_are_refused_locally(bw: Any) -> None:
    m = bw.models
    base = {"application_id": "a", "to": ["+19195550000"], "from_": "+19195551234"}
    sms = m.MultiChannelChannelListSMSObject(
        from_="+19195551234", application_id="a", content={"text": "hi"}
    )
    bad: list[tuple[Any, str]] = [
        (lambda: m.MessageRequest(**base, text="x" * 3000), "text"),
        (lambda: m.MessageRequest(**base, priority="urgent"), "priority"),
        (lambda: m.MessageRequest(**base, media=["https://e.com/" + "x" * 4096]), "media.0"),
        (lambda: m.MessageRequest(**base, txt="hello"), "txt"),
        (lambda: m.RbmActionBase(type="REPLY", text="x" * 26, postback_data="eA=="), "text"),
        (
            lambda: m.RbmMessageCarouselCard(
                card_width="SMALL", card_contents=[m.RbmCardContent(title="one")]
            ),
            "card_contents",
        ),
        (
            lambda: m.MultiChannelMessageRequest(to="+19195550000", channel_list=[sms] * 5),
            "channel_list",
        ),
    ]
    for make, named in bad:
        with pytest.raises(pydantic.ValidationError) as caught:
            make()
        assert [".".join(map(str, e["loc"])) for e in caught.value.errors()] == [named]


def test_bandwidth_list_messages_refuses_a_limit_that_is_not_a_number(
    bw: Any, server: ScriptedServer
) -> None:
    with bw.Client(username="u", password="p", base_url=server.url) as client:
        with pytest.raises(bw.InvalidRequestError, match="limit"):
            client.messages.list_messages("9900000", limit="ten")
        with pytest.raises(bw.InvalidRequestError, match="accountId"):
            client.messages.list_messages("..", source_tn="+19195550123")
    assert server.seen == []


# -- Accept --------------------------------------------------------------------------


def test_the_accept_header_names_the_media_types_the_spec_declares(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    server.route("PUT", "/items/i", json_reply(ITEM))
    client.items.put_item("i", ITEM)
    assert server.seen[0].headers["accept"] == "application/json"
    with sdk.Client(base_url=server.url, headers={"accept": "text/plain"}) as own:
        own.items.put_item("i", ITEM)
    assert server.seen[1].headers["accept"] == "text/plain"


def test_bandwidth_sends_the_accept_its_docs_promise(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", "/users/9900000/media/a.png", Reply(200, b"\x89PNG"))
    server.route("GET", "/users/9900000/messages", json_reply({"messages": []}))
    with bw.Client(username="u", password="p", base_url=server.url) as client:
        client.messages.list_messages("9900000", source_tn="+19195550123")
        client.media.get_media("9900000", "a.png")
    listing, media = server.seen
    assert listing.headers["accept"] == "application/json"
    assert listing.query["sourceTn"] == ["+19195550123"]
    assert media.headers["accept"] == "application/octet-stream, application/json"


# Review fixes: the same defects in parameters ------------------------------------

PARAMS_SPEC = """
openapi: 3.0.3
info: {title: Params, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: filter, in: query, style: deepObject, explode: true,
           schema: {type: object, additionalProperties: {type: string}}}
        - {name: ids, in: query, schema: {type: array, uniqueItems: true,
           items: {type: integer}}}
        - {name: level, in: query, schema: {$ref: "#/components/schemas/Level"}}
      responses:
        "204": {description: ok}
  /boxes:
    post:
      operationId: makeBox
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                tags:
                  type: array
                  uniqueItems: true
                  items: {type: object, properties: {k: {type: string}}}
      responses:
        "204": {description: ok}
components:
  schemas:
    Level: {type: string, enum: [high, low]}
"""


def test_a_deep_object_query_key_stays_one_key(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from(PARAMS_SPEC)
    server.route("GET", "/things", Reply(204))
    with sdk.Client(base_url=server.url) as c:
        c.default.list_things(filter={"p][role": "q", "50%": "x"})
    (seen,) = server.requests("/things")
    assert seen.query == {"filter[p%5D%5Brole]": ["q"], "filter[50%25]": ["x"]}


def test_unique_items_enum_values_are_checked_in_parameters_and_bodies(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from(PARAMS_SPEC)
    server.route("GET", "/things", Reply(204))
    server.route("POST", "/boxes", Reply(204))
    with sdk.Client(base_url=server.url) as c:
        with pytest.raises(sdk.InvalidRequestError):
            c.default.list_things(ids=[1, 2, 1])
        # A member made for a value the spec does not list, under a listed name.
        with pytest.raises(sdk.InvalidRequestError):
            c.default.list_things(level=sdk.models.Level("HIGH"))
        with pytest.raises((sdk.SdkError, ValueError)):
            c.default.make_box({"tags": [{"k": "a"}, {"k": "a"}]})
        assert server.seen == []
        c.default.list_things(ids=[1, 2], level="high")
        c.default.make_box({"tags": [{"k": "a"}, {"k": "b"}]})
    assert len(server.seen) == 2


# -- the checks' shortcuts agree with the checks -------------------------------------


def test_a_rule_passes_at_a_glance_only_what_the_checks_pass(bw: Any) -> None:
    """``Rule.quick`` skips ``problems`` for the values most requests hold; it may say
    no to a good value (``problems`` then looks), never yes to a bad one."""
    from bandwidth_messaging._models import Rule, problems
    from bandwidth_messaging.models import PriorityEnum

    rules = [
        Rule(),
        Rule(kind="string"),
        Rule(kind="string", min_length=2, max_length=4),
        Rule(kind="string", pattern="^[A-Z]+$"),
        Rule(kind="integer"),
        Rule(kind="integer", minimum=1, maximum=10),
        Rule(kind="number", exclusive_maximum=1.5),
        Rule(kind="number", multiple_of=0.5),
        Rule(kind="boolean"),
        Rule(kind="date"),
        Rule(kind="date-time"),
        Rule(kind="array", max_items=1),
        Rule(kind="array", min_items=2, unique_items=True),
        Rule(kind="array", items=Rule(kind="string", max_length=1)),
        Rule(unique_items=True, items=Rule(enum=PriorityEnum)),
        Rule(kind="object"),
        Rule(enum=PriorityEnum),
        Rule(values=("a", 1)),
    ]
    values = ["", "a", "AB", "abcde", "ABC1", 0, 1, 11, -1, 1.5, 2.25, True, False]
    values += [["a", "b"], {"k": "v"}, PriorityEnum.HIGH, PriorityEnum("surprise")]
    values += [b"x", None, [], ["a"], ["a", "a"], ["ab", "c"], ["a", 1], ["a", None]]
    values += [[PriorityEnum.HIGH], [{"k": "v"}], [["a"], ["a"]], ("a", "b")]
    for rule in rules:
        for value in values:
            if rule.quick(value):
                assert problems(value, rule) == [], (rule, value)
    assert Rule(kind="string", max_length=4).quick("abcd")  # the shortcut is taken
    assert Rule(kind="array", unique_items=True).quick(["+1919555", "+1919556"])
    assert not Rule(kind="array", unique_items=True).quick(["+1919555"] * 2)
    assert not Rule(kind="integer").quick(True)  # a bool is no integer


def test_a_model_changed_inside_after_it_was_made_is_checked_again(
    sdk: Any, client: Any, server: ScriptedServer
) -> None:
    """The fast paths for plain lists, enum members and rules see through changes made
    after the model was checked on construction."""
    item = sdk.models.Item(name="a", parts=[sdk.models.Part(label="l")])
    item.parts.append(sdk.models.Part.model_construct(label="toolong"))
    message = _refused(server, lambda: client.items.put_item("i", item))
    assert "body.parts.1.label:" in message
    item = sdk.models.Item(name="a", color="red")
    item.color = sdk.models.Color("green")  # an open enum's member for an unknown value
    assert "body.color:" in _refused(server, lambda: client.items.put_item("i", item))
    item = sdk.models.Item(name="a", count=1)
    item.count = 1000
    assert "body.count:" in _refused(server, lambda: client.items.put_item("i", item))
    item = sdk.models.Item(name="a", note="n")
    item.name = ""
    assert "body.name:" in _refused(server, lambda: client.items.put_item("i", item))


def test_a_parameter_of_the_wrong_kind_is_refused_though_it_looks_plain(
    client: Any, server: ScriptedServer
) -> None:
    message = _refused(
        server, lambda: client.items.get_item("i", since="2024-01-01", limit=True)
    )
    assert "limit:" in message
    message = _refused(
        server, lambda: client.items.get_item("i", since="2024-01-01", limit=0)
    )
    assert "limit:" in message


READ_SPEC = """
openapi: 3.0.3
info: {title: Notes, version: "1"}
servers: [{url: "http://unused.invalid"}]
paths:
  /notes:
    post:
      operationId: addNote
      tags: [Notes]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                read: {type: boolean}
                text: {type: string}
      responses:
        "204": {description: added}
"""


def test_a_model_body_with_a_field_named_read_is_sent_as_json(
    module_sdk_from: Any, server: ScriptedServer
) -> None:
    """A body is a file only when it is not a value: a model whose field is called
    ``read`` was taken for one (and its position asked with ``tell()``)."""
    sdk = module_sdk_from(READ_SPEC)
    server.route("POST", "/notes", Reply(204, b""))
    with sdk.Client(base_url=server.url, max_retries=0) as client:
        client.notes.add_note({"read": True, "text": "hi"})
    assert json.loads(server.seen[0].body) == {"read": True, "text": "hi"}
