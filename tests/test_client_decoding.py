"""Responses: forward compatibility, unions, raw responses, and every kind of error."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from scripted_server import Reply, ScriptedServer, json_reply

MESSAGES = "/users/1/messages"
MULTI = "/users/1/messages/multiChannel"
MEDIA = "/users/1/media"


def client(bw: Any, server: ScriptedServer, **options: Any) -> Any:
    return bw.Client(username="u", password="p", base_url=server.url, **options)


def list_messages(bw: Any, server: ScriptedServer, page: Any) -> Any:
    server.route("GET", MESSAGES, json_reply(page))
    with client(bw, server) as c:
        return c.messages.list_messages("1")


def test_unknown_enum_value_is_kept(bw: Any, server: ScriptedServer) -> None:
    page = list_messages(bw, server, {"messages": [{"messageStatus": "TELEPORTED"}]})
    status = page.messages[0].message_status
    assert isinstance(status, bw.models.MessageStatusEnum)
    assert status == "TELEPORTED" and status.value == "TELEPORTED"
    known = list_messages(bw, server, {"messages": [{"messageStatus": "SENT"}]})
    assert known.messages[0].message_status is bw.models.MessageStatusEnum.SENT


def test_unknown_field_is_kept(bw: Any, server: ScriptedServer) -> None:
    page = list_messages(
        bw,
        server,
        {"messages": [{"messageId": "a", "newField": {"x": 1}}], "cursor": 7},
    )
    item = page.messages[0]
    assert item.model_extra == {"newField": {"x": 1}}
    assert page.model_extra == {"cursor": 7}
    assert item.to_dict() == {"messageId": "a", "newField": {"x": 1}}


def test_null_and_absent_are_distinguished(bw: Any, server: ScriptedServer) -> None:
    page = list_messages(bw, server, {"pageInfo": {"nextPageToken": None}})
    assert page.page_info.next_page_token is None
    assert "next_page_token" in page.page_info.model_fields_set
    assert "prev_page_token" not in page.page_info.model_fields_set
    assert "messages" not in page.model_fields_set
    assert page.page_info.to_dict() == {"nextPageToken": None}


def channel(kind: str, content: Any) -> dict[str, Any]:
    return {
        "from": "+1",
        "applicationId": "app",
        "channel": kind,
        "content": content,
        "owner": "+1",
    }


MULTI_RESPONSE = {
    "links": [],
    "errors": [],
    "data": {
        "id": "mc-1",
        "time": "2025-01-01T00:00:00Z",
        "direction": "out",
        "to": ["+19195550000"],
        "channelList": [
            channel("RBM", {"text": "hello"}),
            channel("SMS", {"text": "hello"}),
            channel(
                "MMS", {"text": "hello", "media": [{"fileUrl": "https://x/y.png"}]}
            ),
        ],
    },
}


def test_discriminated_one_of_decodes_to_the_model_its_tag_names(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("POST", MULTI, json_reply(MULTI_RESPONSE, 202))
    m = bw.models
    request = m.MultiChannelMessageRequest.model_validate(
        {
            "to": "+19195550000",
            "channelList": [
                {
                    "from": "+1",
                    "applicationId": "app",
                    "channel": "SMS",
                    "content": {"text": "hi"},
                },
                {
                    "from": "+1",
                    "applicationId": "app",
                    "channel": "RBM",
                    "content": {"text": "hi"},
                },
            ],
        }
    )
    assert [type(c) for c in request.channel_list] == [
        m.MultiChannelChannelListSMSObject,
        m.MultiChannelChannelListRBMObject,
    ]
    with client(bw, server) as c:
        response = c.multi_channel.create_multi_channel_message("1", request)
    assert [type(c) for c in response.data.channel_list] == [
        m.MultiChannelChannelListRBMResponseObject,
        m.MultiChannelChannelListSMSResponseObject,
        m.MultiChannelChannelListMMSResponseObject,
    ]
    sent = json.loads(server.seen[0].body)
    assert [c["channel"] for c in sent["channelList"]] == ["SMS", "RBM"]


def test_a_tag_the_sdk_does_not_know_decodes_to_unknown_variant(
    bw: Any, server: ScriptedServer
) -> None:
    """A channel the server added after the SDK was generated does not break the call:
    that entry becomes an ``UnknownVariant`` with every field kept, the others decode
    as usual, and it is sent back unchanged."""
    newer = json.loads(json.dumps(MULTI_RESPONSE))
    newer["data"]["channelList"][1] = channel("WHATSAPP", {"text": "hello"}) | {
        "priority": "high"
    }
    server.route("POST", MULTI, json_reply(newer, 202))
    m = bw.models
    with client(bw, server) as c:
        response = c.multi_channel.create_multi_channel_message(
            "1", {"to": "+19195550000", "channelList": []}
        )
    first, unknown, last = response.data.channel_list
    assert isinstance(first, m.MultiChannelChannelListRBMResponseObject)
    assert isinstance(last, m.MultiChannelChannelListMMSResponseObject)
    assert type(unknown) is m.UnknownVariant
    assert unknown.model_extra["channel"] == "WHATSAPP"
    assert unknown.to_dict() == newer["data"]["channelList"][1]
    assert response.data.to_dict()["channelList"][1] == newer["data"]["channelList"][1]


def test_union_without_discriminator_takes_the_first_model_that_validates(
    bw: Any,
) -> None:
    m = bw.models
    rbm = m.MultiChannelChannelListRBMObject
    text = rbm.model_validate(channel("RBM", {"text": "hi", "media": []}))
    media = rbm.model_validate(
        channel("RBM", {"media": [{"fileUrl": "https://x/y.png"}]})
    )
    assert type(text.content) is m.RbmMessageContentText  # listed first; both validate
    assert type(media.content) is m.RbmMessageMedia


def test_inline_any_of_takes_the_first_that_validates(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from("""
        openapi: 3.0.3
        info: {title: Shapes, version: "1"}
        servers: [{url: "http://localhost"}]
        paths:
          /shape:
            get:
              operationId: getShape
              responses:
                "200":
                  description: a shape
                  content:
                    application/json:
                      schema:
                        anyOf:
                          - {$ref: "#/components/schemas/Square"}
                          - {$ref: "#/components/schemas/Circle"}
        components:
          schemas:
            Square:
              type: object
              required: [side]
              properties: {side: {type: number}}
            Circle:
              type: object
              required: [radius]
              properties: {radius: {type: number}}
        """)
    server.route(
        "GET", "/shape", json_reply({"radius": 1}), json_reply({"side": 2, "radius": 1})
    )
    with sdk.Client(base_url=server.url) as c:
        assert type(c.default.get_shape()).__name__ == "Circle"
        assert type(c.default.get_shape()).__name__ == "Square"


def test_raw_gives_status_headers_and_parsed_body(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "GET",
        MEDIA,
        json_reply([{"mediaName": "a"}], headers={"X-Request-Id": "req-9"}),
    )
    with client(bw, server) as c:
        raw = c.media.calls.list_media.raw("1")
    assert raw.status == 200 and raw.request_id == "req-9"
    assert raw.headers["content-type"] == "application/json"
    assert raw.data[0].media_name == "a"
    assert raw.http_response.json() == [{"mediaName": "a"}]


def test_raw_on_the_async_client(bw: Any, server: ScriptedServer) -> None:
    server.route("DELETE", MEDIA + "/a", Reply(204))

    async def main() -> Any:
        async with bw.AsyncClient(username="u", password="p", base_url=server.url) as c:
            return await c.media.calls.delete_media.raw("1", "a")

    raw = asyncio.run(main())
    assert raw.status == 204 and raw.data is None


@pytest.mark.parametrize(
    "reply, content_type",
    [
        (
            Reply(200, b'{"messages": [', {"Content-Type": "application/json"}),
            "application/json",
        ),
        (
            Reply(
                200,
                b"<html><body>Bad gateway</body></html>",
                {"Content-Type": "text/html"},
            ),
            "text/html",
        ),
        (Reply(200, b'{"messages": []}', {"Content-Type": "text/plain"}), "text/plain"),
        (
            Reply(200, b'{"messages": "none"}', {"Content-Type": "application/json"}),
            "application/json",
        ),
    ],
    ids=["invalid json", "html page", "wrong content type", "wrong shape"],
)
def test_undecodable_body_raises_response_decode_error_with_the_raw_body(
    bw: Any, server: ScriptedServer, reply: Reply, content_type: str
) -> None:
    server.route("GET", MESSAGES, reply)
    with client(bw, server) as c, pytest.raises(bw.ResponseDecodeError) as info:
        c.messages.list_messages("1")
    assert info.value.body == reply.body
    assert info.value.content_type == content_type and info.value.status == 200
    assert "listMessages" in str(info.value)


def test_declared_error_status_raises_its_class_with_the_parsed_error(
    bw: Any, server: ScriptedServer
) -> None:
    server.route(
        "GET",
        MEDIA + "/x",
        json_reply({"type": "missing", "description": "no such file"}, 404),
    )
    with client(bw, server) as c, pytest.raises(bw.NotFoundError) as info:
        c.media.get_media("1", "x")
    error = info.value
    assert isinstance(error, bw.ApiError) and error.status == 404
    assert isinstance(error.error, bw.models.MessagingRequestError)
    assert error.error.description == "no such file"
    assert (
        b"no such file" in error.body
        and error.headers["content-type"] == "application/json"
    )


def test_html_error_page_keeps_the_raw_body(bw: Any, server: ScriptedServer) -> None:
    page = b"<html>Internal error</html>"
    server.route("GET", MEDIA, Reply(500, page, {"Content-Type": "text/html"}))
    with client(bw, server) as c, pytest.raises(bw.InternalServerError) as info:
        c.media.list_media("1")
    assert info.value.error is None and info.value.body == page


def test_undeclared_status_raises_unexpected_status_error(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, Reply(418, b"teapot"))
    with client(bw, server) as c, pytest.raises(bw.UnexpectedStatusError) as info:
        c.media.list_media("1")
    assert info.value.status == 418 and info.value.body == b"teapot"
    assert "418" in str(info.value)


def test_error_classes_form_one_hierarchy(bw: Any) -> None:
    assert issubclass(bw.ApiError, bw.SdkError)
    assert issubclass(bw.ApiConnectionError, bw.SdkError)
    assert issubclass(bw.ApiTimeoutError, bw.ApiConnectionError)
    # The request succeeded: a handler that retries on SdkError must not catch it.
    assert not issubclass(bw.ResponseDecodeError, bw.SdkError)
    for name in (
        "BadRequestError",
        "UnauthorizedError",
        "ForbiddenError",
        "NotFoundError",
        "MethodNotAllowedError",
        "NotAcceptableError",
        "UnsupportedMediaTypeError",
        "TooManyRequestsError",
        "InternalServerError",
        "UnexpectedStatusError",
    ):
        assert issubclass(getattr(bw, name), bw.ApiError), name


def test_a_default_response_covers_any_status(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from("""
        openapi: 3.0.3
        info: {title: Defaults, version: "1"}
        servers: [{url: "http://localhost"}]
        paths:
          /thing:
            get:
              operationId: getThing
              responses:
                "204": {description: done}
                default:
                  description: any error
                  content:
                    application/json:
                      schema:
                        type: object
                        properties: {message: {type: string}}
        """)
    server.route("GET", "/thing", json_reply({"message": "I am a teapot"}, 418))
    with sdk.Client(base_url=server.url) as c, pytest.raises(sdk.ApiError) as info:
        c.default.get_thing()
    assert not isinstance(info.value, sdk.UnexpectedStatusError)
    assert info.value.error.message == "I am a teapot"


def test_a_status_range_covers_its_statuses_and_an_exact_status_wins(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from("""
        openapi: 3.0.3
        info: {title: Ranges, version: "1"}
        servers: [{url: "http://localhost"}]
        paths:
          /thing:
            get:
              operationId: getThing
              responses:
                "204": {description: done}
                "404":
                  description: not there
                  content:
                    application/json:
                      schema: {type: object, properties: {missing: {type: string}}}
                4XX:
                  description: a client error
                  content:
                    application/json:
                      schema: {type: object, properties: {message: {type: string}}}
                5XX: {description: a server error}
        """)
    server.route(
        "GET",
        "/thing",
        json_reply({"message": "slow down"}, 429),
        json_reply({"missing": "thing"}, 404),
        Reply(503),
        Reply(302),
    )
    with sdk.Client(base_url=server.url, max_retries=0) as c:
        with pytest.raises(sdk.ApiError) as too_many:
            c.default.get_thing()
        with pytest.raises(sdk.NotFoundError) as not_found:
            c.default.get_thing()
        with pytest.raises(sdk.ApiError) as unavailable:
            c.default.get_thing()
        with pytest.raises(sdk.UnexpectedStatusError):
            c.default.get_thing()
    assert (too_many.value.status, too_many.value.error.message) == (429, "slow down")
    assert not isinstance(too_many.value, sdk.UnexpectedStatusError)
    assert not_found.value.error.missing == "thing"
    assert unavailable.value.status == 503
    assert not isinstance(unavailable.value, sdk.UnexpectedStatusError)


def test_servers_of_the_path_and_the_operation_are_used_unless_base_url_is_given(
    sdk_from: Any, server: ScriptedServer
) -> None:
    sdk = sdk_from(f"""
        openapi: 3.0.3
        info: {{title: Servers, version: "1"}}
        servers: [{{url: "http://127.0.0.1:9/root"}}]
        paths:
          /a:
            servers: [{{url: "{server.url}/path-level"}}]
            get:
              operationId: getA
              responses: {{"204": {{description: done}}}}
            put:
              operationId: putA
              servers: [{{url: "{server.url}/operation-level"}}]
              responses: {{"204": {{description: done}}}}
        components:
          schemas:
            Unused: {{type: object, properties: {{x: {{type: string}}}}}}
        """)
    for path in ("/path-level/a", "/operation-level/a", "/override/a"):
        server.route("GET", path, Reply(204))
        server.route("PUT", path, Reply(204))
    with sdk.Client() as c:
        c.default.get_a()
        c.default.put_a()
    with sdk.Client(base_url=server.url + "/override") as c:
        c.default.get_a()
    assert [s.path for s in server.seen] == [
        "/path-level/a",
        "/operation-level/a",
        "/override/a",
    ]


def test_context_managers_close_the_connections(
    bw: Any, server: ScriptedServer
) -> None:
    server.route("GET", MEDIA, json_reply([]))
    with client(bw, server) as c:
        c.media.list_media("1")
        assert not c._http.is_closed
    assert c._http.is_closed

    async def main() -> Any:
        async with bw.AsyncClient(
            username="u", password="p", base_url=server.url
        ) as ac:
            await ac.media.list_media("1")
        return ac

    assert asyncio.run(main())._http.is_closed
