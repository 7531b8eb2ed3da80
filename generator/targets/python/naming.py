"""The Python names of the model's parts, computed from their wire names.

Names are made unique in the model's list order, which is the order the spec was read
in: the same spec always gives the same names.
"""

from __future__ import annotations

from generator.model.ir import Enum, Model, Union, Webhook
from generator.model.names import WINDOWS_RESERVED, Namer, module_name, snake

# Names the generated ``webhooks`` module defines itself; no parse function may take one.
WEBHOOK_MODULE_NAMES = (
    "Headers",
    "WebhookError",
    "WebhookAuthError",
    "WebhookPayloadError",
    "header_value",
    "verify_basic_auth",
    "verify_signature",
)


def webhook_functions(webhooks: tuple[Webhook, ...]) -> dict[str, str]:
    """Each webhook's parse function in the ``webhooks`` module, by its pointer."""
    names = Namer(frozenset(WEBHOOK_MODULE_NAMES))
    return {
        w.pointer: names.unique(w.pointer, "parse_" + snake(w.label)) for w in webhooks
    }


def class_modules(
    models: tuple[Model, ...], enums: tuple[Enum, ...], unions: tuple[Union, ...]
) -> dict[str, str]:
    """The module of the ``models`` package named after each class, by class name.

    Class names are unique ignoring case, and so are their modules but for names a
    keyword or reserved file name made end in ``_`` (``None_`` and ``NONE`` are both
    ``none``): the later class in the model's order (models, enums, unions) is
    suffixed."""
    names = Namer(WINDOWS_RESERVED)
    classes = [c.name for c in models] + [c.name for c in enums]
    return {
        name: names.unique(name, module_name(name))
        for name in classes + [c.name for c in unions]
    }
