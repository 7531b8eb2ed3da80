"""Callbacks and webhooks on small inline specs: a payload of several kinds is a
discriminated union, an HMAC signature or Basic credentials declared in the spec or in
``[tool.generator.webhooks]`` are checked, OAS 3.0 ``callbacks`` and OAS 3.1
``webhooks`` generate the same way, and the result passes ``mypy --strict``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, generate, mypy_strict, write_spec

from generator.errors import SpecError

SCHEMAS = """\
  securitySchemes:
    hookBasic: {type: http, scheme: basic}
  schemas:
    OrderEvent:
      oneOf:
        - $ref: '#/components/schemas/OrderPaid'
        - $ref: '#/components/schemas/OrderShipped'
      discriminator:
        propertyName: kind
        mapping:
          paid: '#/components/schemas/OrderPaid'
          shipped: '#/components/schemas/OrderShipped'
    OrderPaid:
      type: object
      required: [kind, orderId, amount]
      properties:
        kind: {type: string}
        orderId: {type: string, example: o-1}
        amount: {type: number, example: 12.5}
    OrderShipped:
      type: object
      required: [kind, orderId, carrier]
      properties:
        kind: {type: string}
        orderId: {type: string, example: o-1}
        carrier: {type: string, example: UPS}
"""

HOOK = """\
      x-webhook-signature: {header: X-Shop-Signature, prefix: 'sha256='}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderEvent'}
            examples:
              paid: {value: {kind: paid, orderId: o-9, amount: 3}}
      responses:
        '204': {description: Received}
"""

BASIC_HOOK = """\
      security: [{hookBasic: []}]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderShipped'}
      responses:
        '200': {description: OK}
"""


def indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(True))


SPEC_31 = f"""\
openapi: 3.1.0
info: {{title: Shop, version: '1'}}
servers: [{{url: 'http://unused.invalid'}}]
paths: {{}}
webhooks:
  orderChanged:
    post:
{indented(HOOK, 0)}  orderShippedBasic:
    post:
{indented(BASIC_HOOK, 0)}components:
{SCHEMAS}"""

SPEC_30 = f"""\
openapi: 3.0.3
info: {{title: Shop, version: '1'}}
servers: [{{url: 'http://unused.invalid'}}]
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: {{callbackUrl: {{type: string}}}}
      responses:
        '201': {{description: Created}}
      callbacks:
        orderChanged:
          '{{$request.body#/callbackUrl}}':
            post:
{indented(HOOK, 8)}        orderShippedBasic:
          '{{$request.body#/callbackUrl}}':
            post:
{indented(BASIC_HOOK, 8)}components:
{SCHEMAS}"""

SECRET = "s3cret"


def sign(body: bytes, secret: str = SECRET) -> dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"x-shop-signature": "sha256=" + digest}


@pytest.fixture(scope="module", params=["3.0-callbacks", "3.1-webhooks"])
def shop(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("shop")
    package = "shop_" + request.param[:3].replace(".", "")
    text = SPEC_30 if request.param.startswith("3.0") else SPEC_31
    out = generate(write_spec(folder, text), folder / "out", package)
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(package), out
    finally:
        sys.path.remove(str(out))


def test_each_kind_decodes_to_its_model(shop: Any) -> None:
    sdk, _ = shop
    from_spec = b'{"kind": "paid", "orderId": "o-9", "amount": 3}'
    paid = sdk.webhooks.parse_order_changed(from_spec, sign(from_spec), secret=SECRET)
    assert type(paid) is sdk.models.OrderPaid and paid.amount == 3
    shipped_body = json.dumps({"kind": "shipped", "orderId": "o-1", "carrier": "UPS"}).encode()
    shipped = sdk.webhooks.parse_order_changed(shipped_body, sign(shipped_body), secret=SECRET)
    assert type(shipped) is sdk.models.OrderShipped and shipped.carrier == "UPS"


def test_a_new_kind_decodes_to_the_open_variant(shop: Any) -> None:
    sdk, _ = shop
    body = json.dumps({"kind": "refunded", "orderId": "o-1", "reason": "late"}).encode()
    event = sdk.webhooks.parse_order_changed(body, sign(body), secret=SECRET)
    assert type(event) is sdk.models.UnknownVariant
    assert event.model_extra == {"kind": "refunded", "orderId": "o-1", "reason": "late"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Shop-Signature": "sha256=" + "0" * 64},
        sign(b"another body"),
        sign(b'{"kind": "paid", "orderId": "o-9", "amount": 3}', "wrong secret"),
        # The right digest without the declared prefix.
        {"X-Shop-Signature": sign(b'{"kind": "paid", "orderId": "o-9", "amount": 3}')["x-shop-signature"][7:]},
    ],
    ids=["missing", "zeros", "other-body", "other-secret", "no-prefix"],
)
def test_a_wrong_signature_is_refused(shop: Any, headers: dict[str, str]) -> None:
    sdk, _ = shop
    with pytest.raises(sdk.webhooks.WebhookAuthError):
        sdk.webhooks.parse_order_changed(
            b'{"kind": "paid", "orderId": "o-9", "amount": 3}', headers, secret=SECRET
        )


def test_the_signature_header_is_found_whatever_its_case(shop: Any) -> None:
    sdk, _ = shop
    body = b'{"kind": "paid", "orderId": "o-9", "amount": 3}'
    upper = {"X-SHOP-SIGNATURE": sign(body)["x-shop-signature"].upper().replace("SHA256=", "sha256=")}
    assert sdk.webhooks.parse_order_changed(body, upper, secret=SECRET).order_id == "o-9"


def test_basic_credentials_declared_by_the_spec_are_checked(shop: Any) -> None:
    sdk, _ = shop
    body = b'{"kind": "shipped", "orderId": "o-1", "carrier": "UPS"}'
    good = {"authorization": "Basic " + base64.b64encode(b"me:pw").decode()}
    event = sdk.webhooks.parse_order_shipped_basic(body, good, username="me", password="pw")
    assert event.carrier == "UPS"
    with pytest.raises(sdk.webhooks.WebhookAuthError):
        sdk.webhooks.parse_order_shipped_basic(body, good, username="me", password="other")


def test_the_generated_package_passes_mypy_strict_and_every_module_imports(shop: Any) -> None:
    sdk, out = shop
    for path in sorted((out / sdk.__name__).rglob("*.py")):
        module = ".".join(path.relative_to(out).with_suffix("").parts)
        importlib.import_module(module.removesuffix(".__init__"))
    done = mypy_strict(sdk.__name__, cwd=out)
    assert done.returncode == 0, done.stdout[-3000:]


def test_ir_records_both_the_same_way(shop: Any) -> None:
    sdk, out = shop
    docs = (out / "docs" / "webhooks" / "OrderChanged.md").read_text(encoding="utf-8")
    assert "`paid`, `shipped`" in docs
    assert "[OrderEvent](../models/OrderEvent.md)" in docs


def test_settings_declare_auth_for_a_callback_the_spec_leaves_open(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC_31.replace("security: [{hookBasic: []}]", "summary: Shipped"))
    settings = (("orderShippedBasic", {"auth": "hmac", "header": "X-Sig", "encoding": "base64"}),)
    out = generate(spec, tmp_path / "out", "shop_config", webhooks=settings)
    sys.path.insert(0, str(out))
    try:
        hooks = importlib.import_module("shop_config.webhooks")
    finally:
        sys.path.remove(str(out))
    body = b'{"kind": "shipped", "orderId": "o-1", "carrier": "UPS"}'
    digest = base64.b64encode(hmac.new(b"k", body, hashlib.sha256).digest()).decode()
    assert hooks.parse_order_shipped_basic(body, {"X-Sig": digest}, secret="k").carrier == "UPS"
    with pytest.raises(hooks.WebhookAuthError):
        hooks.parse_order_shipped_basic(body, {"X-Sig": digest}, secret="other")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"auth": "token"}, "auth 'token' is not 'basic', 'hmac' or 'none'"),
        ({"auth": "hmac"}, "an HMAC signature needs the `header` it is sent in"),
        ({"auth": "hmac", "header": "X", "algorithm": "md5"}, "algorithm 'md5'"),
    ],
)
def test_a_bad_setting_is_a_clear_error(
    tmp_path: Path, settings: dict[str, Any], message: str
) -> None:
    spec = write_spec(tmp_path, SPEC_31)
    with pytest.raises(SpecError) as caught:
        generate(spec, tmp_path / "out", "shop_bad", webhooks=(("orderChanged", settings),))
    assert message in str(caught.value)
    assert "[tool.generator.webhooks.orderChanged]" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_a_bad_setting_in_pyproject_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, SPEC_31)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.generator]\nspec = "spec.yaml"\npackage = "shop"\n'
        '[tool.generator.webhooks.orderChanged]\nauth = "magic"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--config", str(tmp_path / "pyproject.toml")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2, done.stderr
    assert "auth 'magic'" in done.stderr and "Traceback" not in done.stderr
    assert spec.exists() and not (tmp_path / "generated").exists()


HOSTILE = '''\
openapi: 3.1.0
info: {title: Odd, version: '1'}
paths: {}
webhooks:
  '""" + __import__("os")._exit(3) #':
    post:
      description: "Ends a docstring \\"\\"\\" and a fence ``` {{ x }} {% y %}"
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Headers'}
      responses:
        '200': {description: "<script>alert(1)</script>"}
  WebhookError:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/WebhookError'}
      responses:
        '200': {description: OK}
components:
  schemas:
    Headers:
      type: object
      properties:
        kind: {type: string, enum: ['a"b', "c'd"]}
    WebhookError:
      type: object
      properties:
        code: {type: integer}
'''


def test_hostile_names_and_payload_classes_named_like_the_module_s_own(
    tmp_path: Path,
) -> None:
    spec = write_spec(tmp_path, HOSTILE)
    settings = (("*", {"auth": "hmac", "header": 'X-"Sig\\'}),)
    out = generate(spec, tmp_path / "out", "odd_sdk", webhooks=settings)
    sys.path.insert(0, str(out))
    try:
        hooks = importlib.import_module("odd_sdk.webhooks")
        models = importlib.import_module("odd_sdk.models")
    finally:
        sys.path.remove(str(out))
    # The module's own Headers protocol and error class are not shadowed.
    assert hooks.Headers is not models.Headers
    assert issubclass(hooks.WebhookError, Exception)
    parse = [getattr(hooks, n) for n in hooks.__all__ if n.startswith("parse_")]
    assert len(parse) == 2
    body = b'{"kind": "a\\"b"}'
    digest = hmac.new(b"k", body, hashlib.sha256).hexdigest()
    event = parse[0](body, {'X-"Sig\\': digest}, secret="k")
    assert type(event) is models.Headers and event.kind == 'a"b'
    with pytest.raises(hooks.WebhookAuthError):
        parse[1](b'{"code": 1}', {}, secret="k")  # "*" covers every webhook
    done = mypy_strict("odd_sdk", cwd=out)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("text", [SPEC_30, SPEC_31, HOSTILE], ids=["3.0", "3.1", "hostile"])
def test_black_leaves_the_rendered_webhooks_module_unchanged(
    tmp_path: Path, text: str
) -> None:
    import black

    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.parse import Settings
    from generator.targets.python.naming import Package
    from generator.targets.python.render import render

    settings = Settings("p", "p", "1", "P", webhooks=(("WebhookError", {"auth": "basic"}),))
    api = api_of(load_spec(write_spec(tmp_path, text)), settings)
    body = render(api, Package("p", "p"))["p/webhooks.py"].body
    assert black.format_str(body, mode=black.Mode()) == body


ODD_SHAPES = """\
openapi: 3.1.0
info: {title: Shapes, version: '1'}
paths: {}
webhooks:
  ping:
    $ref: '#/components/pathItems/ping'
  form:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {a: {type: string}}}
      responses:
        '200': {description: OK}
components:
  pathItems:
    ping:
      get:
        responses:
          '200': {description: OK}
      post:
        requestBody:
          content:
            application/vnd.ping+json:
              schema:
                type: object
                properties: {at: {type: string, format: date-time}}
        responses:
          '200': {description: OK}
"""


def test_path_item_refs_several_methods_and_bodies_that_are_not_json(tmp_path: Path) -> None:
    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.parse import Settings
    from generator.targets.python.naming import webhook_functions

    api = api_of(load_spec(write_spec(tmp_path, ODD_SHAPES)), Settings("p", "p", "1", "P"))
    functions = webhook_functions(api.webhooks)
    assert [(functions[w.pointer], w.method, w.media_type) for w in api.webhooks] == [
        ("parse_ping_get", "GET", ""),
        ("parse_ping_post", "POST", "application/vnd.ping+json"),
        ("parse_form", "POST", ""),
    ]
    assert any("posts no JSON body" in w.message for w in api.warnings)
    out = generate(write_spec(tmp_path, ODD_SHAPES, "odd.yaml"), tmp_path / "out", "shapes_sdk")
    sys.path.insert(0, str(out))
    try:
        hooks = importlib.import_module("shapes_sdk.webhooks")
    finally:
        sys.path.remove(str(out))
    assert hooks.parse_form("a=1") == b"a=1"
    assert hooks.parse_ping_get(b"") == b""
    event = hooks.parse_ping_post(b'{"at": "2024-01-02T03:04:05Z", "extra": 1}')
    assert event.at.year == 2024 and event.model_extra == {"extra": 1}


def test_a_setting_naming_no_callback_is_a_warning_unless_the_spec_has_none(
    tmp_path: Path,
) -> None:
    from generator.build import api_of
    from generator.load.spec import load_spec
    from generator.model.parse import Settings

    settings = Settings("p", "p", "1", "P", webhooks=(("orderChnaged", {"auth": "basic"}),))
    with_hooks = api_of(load_spec(write_spec(tmp_path, SPEC_31)), settings)
    assert (
        "[tool.generator.webhooks.orderChnaged]: no callback or webhook of that name (ignored)"
        in [w.render() for w in with_hooks.warnings]
    )
    without = SPEC_31[: SPEC_31.index("webhooks:")] + SPEC_31[SPEC_31.index("components:") :]
    plain = api_of(load_spec(write_spec(tmp_path, without, "plain.yaml")), settings)
    assert not plain.webhooks and not any("orderChnaged" in w.pointer for w in plain.warnings)
