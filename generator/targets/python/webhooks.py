"""The Python code of the ``webhooks`` module that depends on the models' layout:
what it imports from ``models`` and each parse function's return annotation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model.ir import Webhook
from generator.targets.python.annotations import Import, annotation, renamed
from generator.targets.python.naming import WEBHOOK_MODULE_NAMES, webhook_functions

# Names the generated module imports.
_MODULE_IMPORTS = (
    "Any",
    "Iterable",
    "Protocol",
    "SdkError",
    "TypeAdapter",
    "ValidationError",
)


@dataclass(frozen=True)
class WebhooksCode:
    """What ``templates/package/webhooks.py.j2`` imports from ``models``, and the
    return annotation of each webhook's parse function, by function name."""

    imports: tuple[Import, ...]
    returns: dict[str, str]


def webhooks_code(
    webhooks: tuple[Webhook, ...], module_of: Mapping[str, str]
) -> WebhooksCode:
    """The code for ``webhooks`` once the models are laid out (``module_of`` places
    each class). A payload class named like something the module defines or imports
    itself (``Headers``) is imported under an alias."""
    refs = sorted(
        {r for w in webhooks if w.payload for r in w.payload.refs if r in module_of}
    )
    alias = {
        r: f"_{r}" for r in refs if r in WEBHOOK_MODULE_NAMES or r in _MODULE_IMPORTS
    }
    grouped: dict[str, list[str]] = {}
    for ref in refs:
        name = f"{ref} as {alias[ref]}" if ref in alias else ref
        grouped.setdefault(module_of[ref], []).append(name)
    imports = tuple(
        Import(".models." + module, tuple(names))
        for module, names in sorted(grouped.items())
    )
    functions = webhook_functions(webhooks)
    returns = {
        functions[w.pointer]: (
            annotation(renamed(w.payload.shape, alias)) if w.payload else "bytes"
        )
        for w in webhooks
    }
    return WebhooksCode(imports, returns)
