"""`diff` on the real history of the Bandwidth messaging spec (../shared/specs/bandwidth/history).

Each row was checked by hand against INDEX.md there and the diff's report: the bump
each consecutive pair implies, and the change that decides it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SHARED

from generator.build import spec_surface
from generator.model.parse import Settings
from generator.versions.changes import bump_of
from generator.versions.diff import diff_surfaces
from generator.versions.surface import Surface

HISTORY = SHARED / "specs" / "bandwidth" / "history"
SETTINGS = Settings(package="bw", project_name="bw", version="1.0.0", env_prefix="BW")

# (new file's prefix, bump, a change that decides it as (class, rule, where) or None)
TABLE = [
    # descriptive text only: MessageRequest.from's description.
    ("02", "patch", ("docs-only", "doc", "models.MessageRequest.from_")),
    # descriptive text only: the Basic scheme's description.
    ("03", "patch", ("docs-only", "doc", "Client auth scheme 'Basic'")),
    # -2 required: callback payloads users decode may now lack `priority`.
    (
        "04",
        "major",
        ("breaking", "optionality", "models.MessageFailedCallbackMessage.priority"),
    ),
    # -8 schemas: the per-event callback models were replaced by messageCallback.
    ("05", "major", ("breaking", "class-removed", "models.InboundMessageCallback")),
    # examples only, which nothing generated shows: no visible change.
    ("06", "patch", None),
    # +1 operation (createMultiChannelMessage) and its models.
    (
        "07",
        "minor",
        (
            "non-breaking",
            "operation-added",
            "client.multi_channel.create_multi_channel_message",
        ),
    ),
    # +1 optional property messageCallback.carrierName.
    (
        "08",
        "minor",
        ("non-breaking", "field-added", "models.MessageCallback.carrier_name"),
    ),
    # errorObject.code/message removed, messageCallback removed, postBackData renamed.
    ("09", "major", ("breaking", "field-removed", "models.ErrorObject.code")),
    # +12 optional query parameters of listMessages, +1 enum value rcs.
    (
        "10",
        "minor",
        ("non-breaking", "parameter-added", "client.messages.list_messages(product)"),
    ),
    # multiChannelMessageResponseData.messageId renamed id.
    (
        "11",
        "major",
        (
            "breaking",
            "field-removed",
            "models.MultiChannelMessageResponseData.message_id",
        ),
    ),
    # multiChannelChannelListObject removed; channelList item types changed.
    (
        "12",
        "major",
        ("breaking", "class-removed", "models.MultiChannelChannelListObject"),
    ),
    # OAuth2 added as an alternative to Basic.
    ("13", "minor", ("non-breaking", "auth-added", "Client")),
    # +2 optional properties of rbmActionOpenUrl and their enums.
    (
        "14",
        "minor",
        ("non-breaking", "field-added", "models.RbmActionOpenUrl.application"),
    ),
    # rbmMessageMedia.media: one file -> a list of files.
    ("15", "major", ("breaking", "type-changed", "models.RbmMessageMedia.media")),
    ("16", "patch", ("docs-only", "doc", "models.Message.application_id")),
    # examples only: no visible change.
    ("17", "patch", None),
    ("18", "patch", ("docs-only", "doc", "client.media.upload_media")),
    ("19", "patch", ("docs-only", "doc", "models.MessageRequest.from_")),
    ("20", "patch", ("docs-only", "doc", "models.RbmOpenUrlEnum")),
    # -1 required: rbmStandaloneCard is also received (the multi-channel response
    # echoes the channel list), where thumbnailImageAlignment may now be None.
    (
        "21",
        "major",
        (
            "breaking",
            "optionality",
            "models.RbmStandaloneCard.thumbnail_image_alignment",
        ),
    ),
    # +1 value of statusCallbackTypeEnum, an enum users receive: open, so harmless.
    (
        "22",
        "minor",
        ("non-breaking", "enum-value-added", "models.StatusCallbackTypeEnum"),
    ),
]

pytestmark = pytest.mark.skipif(not HISTORY.is_dir(), reason="../shared is absent")


@pytest.fixture(scope="module")
def surfaces() -> dict[str, Surface]:
    return {
        path.name[:2]: spec_surface(path, SETTINGS, validate=False) for path in _files()
    }


def _files() -> list[Path]:
    return sorted(HISTORY.glob("[0-9][0-9]-*.yml"))


def test_the_table_covers_every_consecutive_pair() -> None:
    assert [row[0] for row in TABLE] == [path.name[:2] for path in _files()[1:]]


@pytest.mark.parametrize(
    ("new", "bump", "decisive"), TABLE, ids=[row[0] for row in TABLE]
)
def test_bump_of_each_consecutive_pair(
    surfaces: dict[str, Surface],
    new: str,
    bump: str,
    decisive: tuple[str, str, str] | None,
) -> None:
    old = f"{int(new) - 1:02d}"
    changes = diff_surfaces(surfaces[old], surfaces[new])
    assert bump_of(changes) == bump, [c for c in changes if c.severity != "docs-only"]
    if decisive is None:
        assert changes == []
    else:
        assert decisive in {(c.severity, c.rule, c.where) for c in changes}
