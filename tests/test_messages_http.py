"""create_message and list_messages on the wire, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import json
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

MESSAGE = {
    "id": "1589228074636lm4k2je7j7jklbn2",
    "owner": "+19195551234",
    "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2",
    "time": "2024-01-01T12:00:00Z",
    "segmentCount": 1,
    "direction": "out",
    "to": ["+19195550000"],
    "from": "+19195551234",
    "text": "hello",
}


def client(bw: Any, server: HTTPServer) -> Any:
    return bw.Client(username="user", password="secret", base_url=server.url_for("/api/v2"))


def test_create_message_sends_method_url_headers_and_json(bw: Any, httpserver: HTTPServer) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(MESSAGE), status=202, content_type="application/json")

    httpserver.expect_request("/api/v2/users/9900000/messages", method="POST").respond_with_handler(handler)
    with client(bw, httpserver) as c:
        message = c.messages.create_message(
            "9900000",
            bw.models.MessageRequest(
                application_id="93de2206-9669-4e07-948d-329f4b722ee2",
                to=["+19195550000"],
                from_="+19195551234",
                text="hello",
                priority="high",
            ),
        )
    (request,) = seen
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"user:secret").decode()
    assert json.loads(request.get_data()) == {
        "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2",
        "to": ["+19195550000"],
        "from": "+19195551234",
        "text": "hello",
        "priority": "high",
    }
    assert isinstance(message, bw.models.Message)
    assert message.from_ == "+19195551234" and message.segment_count == 1
    assert message.direction is bw.models.MessageDirectionEnum.OUT


def test_list_messages_sends_the_query_string_and_parses_the_page(bw: Any, httpserver: HTTPServer) -> None:
    page = {
        "totalCount": 1,
        "pageInfo": {"nextPageToken": None},
        "messages": [{"messageId": "abc", "messageStatus": "DELIVERED", "segmentCount": 2}],
    }
    httpserver.expect_request(
        "/api/v2/users/9900000/messages",
        method="GET",
        query_string={"messageStatus": "DELIVERED", "bwQueued": "true", "limit": "5", "sourceTn": "+1919"},
    ).respond_with_json(page)
    with client(bw, httpserver) as c:
        result = c.messages.list_messages(
            "9900000",
            message_status=bw.models.MessageStatusEnum.DELIVERED,
            bw_queued=True,
            limit=5,
            source_tn="+1919",
        )
    assert result.total_count == 1
    (item,) = result.messages
    assert item.message_id == "abc" and item.message_status == "DELIVERED"


def test_list_messages_accepts_enum_values_as_strings(bw: Any, httpserver: HTTPServer) -> None:
    httpserver.expect_request(
        "/api/v2/users/1/messages", query_string="messageDirection=INBOUND"
    ).respond_with_json({"messages": []})
    with client(bw, httpserver) as c:
        assert c.messages.list_messages("1", message_direction="INBOUND").messages == []


def test_error_status_raises_the_typed_error_with_the_parsed_body(bw: Any, httpserver: HTTPServer) -> None:
    body = {"type": "request-validation", "description": "bad", "fieldErrors": [{"fieldName": "to", "description": "required"}]}
    httpserver.expect_request("/api/v2/users/1/messages", method="POST").respond_with_json(body, status=400)
    with client(bw, httpserver) as c:
        try:
            c.messages.create_message(
                "1", bw.models.MessageRequest(application_id="a", to=["+1"], from_="+2")
            )
        except bw.BadRequestError as exc:
            assert exc.status == 400
            assert isinstance(exc.error, bw.models.CreateMessageRequestError)
            assert exc.error.field_errors[0].field_name == "to"
            assert "secret" not in str(exc)
        else:
            raise AssertionError("no error raised")
