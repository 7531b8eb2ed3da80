"""The public typing of the SDK, checked the way a user meets it: mypy --strict on a
user's script. Correct use type-checks with the exact types; misuse is an error."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

from conftest import GENERATED, mypy_strict

GOOD = """
import asyncio
from typing import assert_type

from bandwidth_messaging import (
    ApiResponse, AsyncClient, Client, RequestOptions, SdkError, TooManyRequestsError,
    models,
)


def sync_use() -> None:
    with Client(username="u", password="p", timeout=10.0) as client:
        request = models.MessageRequest(application_id="a", to=["+1"], from_="+2")
        assert_type(client.messages.create_message("1", request), models.Message)
        raw = client.messages.calls.list_messages.raw(
            "1", message_status="DELIVERED", bw_queued=True, limit=5
        )
        assert_type(raw, ApiResponse[models.MessagesList])
        assert_type(raw.status, int)
        direction = models.ListMessageDirectionEnum.INBOUND
        for item in client.messages.calls.list_messages.iter("1", message_direction=direction):
            assert_type(item, models.ListMessageItem)
        for media in client.media.calls.list_media.iter("1"):
            assert_type(media.media_name, str | None)
        assert_type(client.media.get_media("1", "a.png"), bytes)
        assert_type(client.media.calls.get_media.download("a.png", "1", "a.png"), int)
        with client.media.calls.get_media.stream("1", "a.png") as response:
            assert_type(response.iter_bytes(), "Iterator[bytes]")
        with open("a.png", "rb") as file:
            client.media.upload_media("1", "a.png", file, content_type="image/png")
        client.media.upload_media("1", "a.png", iter([b"a", b"b"]))
        client.with_options(max_retries=0, headers={"Prefer": "x"}).media.delete_media(
            "1", "a.png"
        )
        once: RequestOptions = {"timeout": 5.0, "max_retries": 0, "deadline": None}
        client.media.delete_media("1", "a.png", request_options=once)
        try:
            client.media.list_media("1")
        except TooManyRequestsError as error:
            assert_type(error.retry_after, float | None)
        except SdkError:
            pass


async def async_use() -> None:
    async with AsyncClient(client_id="id", client_secret="secret") as client:
        request = models.MessageRequest(application_id="a", to=["+1"], from_="+2")
        assert_type(await client.messages.create_message("1", request), models.Message)
        raw = await client.messages.calls.list_messages.raw("1", message_type="mms")
        assert_type(raw.data, models.MessagesList)
        async for item in client.messages.calls.list_messages.iter("1", product="P2P"):
            assert_type(item, models.ListMessageItem)
        async for page in client.media.calls.list_media.pages("1"):
            assert_type(page.data, list[models.Media])
        assert_type(await client.media.calls.get_media.download("a", "1", "a"), int)


asyncio.run(async_use())
"""

BAD = """
from bandwidth_messaging import AsyncClient, Client, models

client = Client()
client.messages.list_messages("1", limit="ten")  # error
client.messages.list_messages("1", message_status="TELEPORTED")  # error
client.messages.list_messages("1", no_such_filter=1)  # error
client.messages.create_message("1", {"to": ["+1"]})  # error
text: str = client.media.get_media("1", "a")  # error
client.media.upload_media("1", "a", "not bytes")  # error
client.with_options(max_retries="3")  # error
client.media.delete_media("1", "a", request_options={"retries": 1})  # error


async def main() -> None:
    async with AsyncClient() as aclient:
        message: models.Message = aclient.messages.create_message(  # error
            "1", models.MessageRequest(application_id="a", to=["+1"], from_="+2")
        )
"""


def test_user_code_type_checks_and_misuse_is_a_mypy_error(tmp_path: Path) -> None:
    (tmp_path / "good_use.py").write_text(textwrap.dedent(GOOD).replace(
        "from typing import assert_type", "from typing import Iterator, assert_type"
    ))
    (tmp_path / "bad_use.py").write_text(textwrap.dedent(BAD))
    done = mypy_strict(
        "--no-error-summary",
        "good_use.py",
        "bad_use.py",
        cwd=tmp_path,
        env={**os.environ, "MYPYPATH": str(GENERATED)},
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert not [e for e in errors if e.startswith("good_use.py")], done.stdout
    lines = textwrap.dedent(BAD).splitlines()
    expected = {n for n, line in enumerate(lines, 1) if line.endswith("# error")}
    found = {int(m.group(1)) for e in errors if (m := re.match(r"bad_use\.py:(\d+):", e))}
    assert found == expected, done.stdout
