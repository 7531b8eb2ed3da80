"""``diff`` treats a callback's payload like a response: customers' endpoints parse it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_spec

from generator.build import spec_surface
from generator.model.parse import Settings
from generator.versions.changes import bump_of
from generator.versions.diff import diff_surfaces

BASE = """\
openapi: 3.0.3
info: {title: Shop, version: '1'}
servers: [{url: 'http://unused.invalid'}]
paths:
  /orders:
    post:
      operationId: createOrder
      responses:
        '201':
          description: Created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/PAYLOAD'}
      callbacks:
        orderShipped:
          '{$request.body#/callbackUrl}':
            post:
              SECURITY
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/PAYLOAD'}
              responses:
                '200': {description: OK}
components:
  securitySchemes:
    hookBasic: {type: http, scheme: basic}
  schemas:
    Shipped:
      type: object
      required: [orderId, carrier]
      properties:
        orderId: {type: string}
        carrier: {type: string}
        EXTRA
    Event:
      oneOf:
        - $ref: '#/components/schemas/Shipped'
        - {type: string}
"""


def spec(
    tmp_path: Path,
    name: str,
    *,
    payload: str = "Shipped",
    security: str = "",
    extra: str = "",
    callbacks: bool = True,
) -> Path:
    text = (
        BASE.replace("PAYLOAD", payload)
        .replace("SECURITY", security or "description: Shipped")
        .replace("EXTRA", extra or "note: {type: string}")
    )
    if not callbacks:
        text = text[: text.index("      callbacks:")] + text[text.index("components:") :]
    return write_spec(tmp_path, text, f"{name}.yaml")


def changes(old: Path, new: Path) -> list[tuple[str, str, str]]:
    settings = Settings("p", "p", "1", "P")
    found = diff_surfaces(spec_surface(old, settings), spec_surface(new, settings))
    return [(c.severity, c.rule, c.where) for c in found]


def test_a_removed_callback_is_breaking(tmp_path: Path) -> None:
    found = changes(spec(tmp_path, "old"), spec(tmp_path, "new", callbacks=False))
    assert ("breaking", "webhook-removed", "webhooks.parse_order_shipped") in found


def test_a_new_callback_is_a_feature(tmp_path: Path) -> None:
    found = changes(spec(tmp_path, "old", callbacks=False), spec(tmp_path, "new"))
    assert ("non-breaking", "webhook-added", "webhooks.parse_order_shipped") in found
    assert not [c for c in found if c[0] == "breaking"]


@pytest.mark.parametrize(
    ("old", "new", "severity"),
    [("Shipped", "Event", "breaking"), ("Event", "Shipped", "breaking"), ("Event", "Event", "")],
    ids=["widened", "replaced", "same"],
)
def test_a_payload_type_change_is_judged_as_the_same_change_of_a_response(
    tmp_path: Path, old: str, new: str, severity: str
) -> None:
    # createOrder returns the payload's schema too: both changes get the same class.
    found = changes(spec(tmp_path, "old", payload=old), spec(tmp_path, "new", payload=new))
    hook = [c[0] for c in found if c[2] == "webhooks.parse_order_shipped payload"]
    response = [c[0] for c in found if c[2] == "client.default.create_order return value"]
    assert hook == response == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("extra", "severity"),
    [
        # A field the endpoint reads may now be missing.
        ("", "breaking"),
        ("carrierCode: {type: string}", "non-breaking"),
    ],
    ids=["field-removed", "field-added"],
)
def test_a_changed_payload_field_is_judged_as_in_a_response(
    tmp_path: Path, extra: str, severity: str
) -> None:
    old = spec(tmp_path, "old")
    new = spec(tmp_path, "new", extra=extra or "carrier2: {type: string}")
    if not extra:
        new.write_text(new.read_text().replace("required: [orderId, carrier]", "required: [orderId]"))
    found = changes(old, new)
    assert any(c[0] == severity and c[2].startswith("models.Shipped.") for c in found), found


def test_authentication_added_changes_the_parse_arguments(tmp_path: Path) -> None:
    found = changes(
        spec(tmp_path, "old"), spec(tmp_path, "new", security="security: [{hookBasic: []}]")
    )
    assert ("breaking", "webhook-auth", "webhooks.parse_order_shipped") in found
    settings = Settings("p", "p", "1", "P")
    old_surface = spec_surface(spec(tmp_path, "a"), settings)
    new_surface = spec_surface(spec(tmp_path, "b", payload="Event"), settings)
    assert bump_of(diff_surfaces(old_surface, new_surface)) == "major"


def test_a_stored_surface_from_before_callbacks_is_read(tmp_path: Path) -> None:
    settings = Settings("p", "p", "1", "P")
    old = spec_surface(spec(tmp_path, "old"), settings)
    del old["webhooks"]
    found = diff_surfaces(old, spec_surface(spec(tmp_path, "new"), settings))
    assert [(c.severity, c.rule) for c in found] == [("non-breaking", "webhook-added")]
