"""Security schemes: which credentials the generated client takes for each."""

from __future__ import annotations

from typing import Any

from generator.findings import Finding, not_generated
from generator.model import text as txt
from generator.model.ir import SecurityScheme
from generator.model.schemas import SchemaRegistry, Where


def security_schemes(
    doc: dict[str, Any],
    schemas: SchemaRegistry,
    root: Where,
    warnings: list[Finding],
) -> tuple[SecurityScheme, ...]:
    """The schemes the client can apply; an unsupported scheme is a warning."""
    raw = (doc.get("components") or {}).get("securitySchemes") or {}
    result: list[SecurityScheme] = []
    for key, scheme in raw.items():
        scheme, _ = schemas.deref(
            scheme, root.child("components", "securitySchemes", key)
        )
        if not isinstance(scheme, dict):
            continue
        kind = _scheme_kind(scheme)
        if kind is None:
            warnings.append(
                not_generated(
                    root.child("components", "securitySchemes", key),
                    f"scheme type {scheme.get('type')!r} is",
                    "pass its headers yourself",
                )
            )
            continue
        flow = (scheme.get("flows") or {}).get("clientCredentials") or {}
        token_url = str(flow.get("tokenUrl", ""))
        scopes = tuple(str(s) for s in (flow.get("scopes") or {}))
        result.append(
            SecurityScheme(
                key=str(key),
                kind=kind,
                description=txt.clean(scheme.get("description")),
                param_name=str(scheme.get("name", "")),
                location=str(scheme.get("in", "")),
                token_url=token_url,
                scopes=scopes,
            )
        )
    return tuple(result)


def _scheme_kind(scheme: dict[str, Any]) -> Any:
    kind = scheme.get("type")
    if kind == "http":
        return {"basic": "basic", "bearer": "bearer"}.get(
            str(scheme.get("scheme", "")).lower()
        )
    if kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
        return "apiKey"
    if kind == "oauth2" and isinstance(
        (scheme.get("flows") or {}).get("clientCredentials"), dict
    ):
        return "oauth2"
    return None
