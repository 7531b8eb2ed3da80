"""Contract: the generated client calls every operation of spec/messaging.yaml against
Stoplight Prism, which checks each request against the spec (``--errors``) and answers
from the spec's examples. Prism reports a request that breaks the spec in an
``sl-violations`` header (and a 4xx), so no answer may carry one."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import SPEC

ACCOUNT = "9900000"


@pytest.fixture(scope="module")
def answers() -> list[httpx.Response]:
    """Every response the contract clients received, token fetches included."""
    return []


@pytest.fixture(scope="module")
def client(bw: Any, prism: str, answers: list[httpx.Response]) -> Iterator[Any]:
    http = httpx.Client(event_hooks={"response": [answers.append]})
    with bw.Client(
        username="user", password="pass", base_url=prism, http_client=http
    ) as c:
        yield c


def check(raw: Any, status: int) -> Any:
    """The parsed body of a raw response that Prism accepted without a violation."""
    assert "sl-violations" not in raw.headers, raw.headers["sl-violations"]
    assert raw.status == status
    return raw.data


def test_every_operation_of_the_spec_is_covered(bw: Any) -> None:
    import yaml

    spec = yaml.safe_load(SPEC.read_text())
    ids = {
        op["operationId"]
        for item in spec["paths"].values()
        for op in item.values()
        if "operationId" in op
    }
    assert ids == {
        "listMessages",
        "createMessage",
        "createMultiChannelMessage",
        "listMedia",
        "getMedia",
        "uploadMedia",
        "deleteMedia",
    }


def test_list_messages_with_filters(client: Any, bw: Any) -> None:
    page = check(
        client.messages.calls.list_messages.raw(
            ACCOUNT,
            source_tn="+19195551234",
            message_status="DELIVERED",
            message_direction=bw.models.ListMessageDirectionEnum.OUTBOUND,
            message_type="sms",
            error_code=9902,
            from_date_time="2024-01-01T00:00:00.000Z",
            bw_queued=False,
            product="TOLL_FREE",
            sort="sourceTn:desc",
            limit=10,
            limit_total_count=True,
        ),
        200,
    )
    assert page.messages and page.messages[0].message_id


def test_list_messages_iter(client: Any) -> None:
    assert list(client.messages.calls.list_messages.iter(ACCOUNT, limit=1))


def test_create_message(client: Any, bw: Any) -> None:
    request = bw.models.MessageRequest(
        application_id="93de2206-9669-4e07-948d-329f4b722ee2",
        to=["+19195550000"],
        from_="+19195551234",
        text="Hello",
        media=["https://dev.bandwidth.com/images/bandwidth-logo.png"],
        tag="contract",
        priority="high",
        expiration="2030-01-01T00:00:00Z",
    )
    message = check(client.messages.calls.create_message.raw(ACCOUNT, request), 202)
    assert message.id and message.direction == "out"


def test_create_multi_channel_message(client: Any, bw: Any) -> None:
    request = bw.models.MultiChannelMessageRequest.model_validate(
        {
            "to": "+19195550000",
            "channelList": [
                {
                    "from": "BwAgent",
                    "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2",
                    "channel": "RBM",
                    "content": {"text": "Hello"},
                },
                {
                    "from": "+19195551234",
                    "applicationId": "93de2206-9669-4e07-948d-329f4b722ee2",
                    "channel": "SMS",
                    "content": {"text": "Hello"},
                },
            ],
            "tag": "contract",
        }
    )
    response = check(
        client.multi_channel.calls.create_multi_channel_message.raw(ACCOUNT, request), 202
    )
    assert response.data.channel_list


def test_list_media_and_its_pages(client: Any) -> None:
    media = check(client.media.calls.list_media.raw(ACCOUNT), 200)
    assert media and media[0].media_name
    assert list(client.media.calls.list_media.iter(ACCOUNT))


def test_upload_media_from_bytes_a_file_and_an_iterator(client: Any) -> None:
    bodies = (b"\x89PNG\r\n", io.BytesIO(b"\x89PNG\r\n"), iter([b"\x89PNG", b"\r\n"]))
    for body in bodies:
        raw = client.media.calls.upload_media.raw(
            ACCOUNT,
            "photo.png",
            body,
            content_type="image/png",
            cache_control="no-cache",
        )
        assert check(raw, 204) is None


def test_get_media(client: Any, tmp_path: Path) -> None:
    media_id = "1710441234567abcdefghij/0/photo.jpg"  # media IDs may contain slashes
    assert isinstance(check(client.media.calls.get_media.raw(ACCOUNT, media_id), 200), bytes)
    assert (
        client.media.calls.get_media.download(tmp_path / "photo.jpg", ACCOUNT, media_id) > 0
    )


def test_delete_media(client: Any) -> None:
    assert check(client.media.calls.delete_media.raw(ACCOUNT, "menu.pdf"), 204) is None


def test_429_raises_rate_limit_error_with_retry_after(client: Any, bw: Any) -> None:
    limited = client.with_options(headers={"Prefer": "code=429"}, max_retries=0)
    with pytest.raises(bw.TooManyRequestsError) as info:
        limited.messages.list_messages(ACCOUNT, source_tn="+19195550123")
    assert "sl-violations" not in info.value.headers
    # The real API declares Retry-After (example 300) on listMessages' 429 only.
    assert info.value.retry_after == 300.0
    assert isinstance(info.value.error, bw.models.MessagingRequestError)
    with pytest.raises(bw.TooManyRequestsError) as info:
        limited.media.list_media(ACCOUNT)
    assert info.value.retry_after is None


def test_async_client_against_prism(bw: Any, prism: str) -> None:
    async def main() -> Any:
        async with bw.AsyncClient(
            username="user", password="pass", base_url=prism
        ) as c:
            await c.media.upload_media(
                ACCOUNT, "a.png", io.BytesIO(b"png"), content_type="image/png"
            )
            return await c.messages.calls.list_messages.raw(ACCOUNT, message_status="SENT")

    check(asyncio.run(main()), 200)


def test_no_answer_carried_a_violation(answers: list[httpx.Response]) -> None:
    assert len(answers) >= 12
    for response in answers:
        assert "sl-violations" not in response.headers, (
            response.request.url,
            response.headers["sl-violations"],
        )
