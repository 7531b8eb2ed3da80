"""Security schemes: which credentials the generated client takes for each."""

from __future__ import annotations

from typing import Any

from generator.findings import Finding, not_generated
from generator.model import text as txt
from generator.model.ir import SecurityScheme
from generator.model.names import constant, snake
from generator.model.schemas import SchemaRegistry, Where


def security_schemes(
    doc: dict[str, Any],
    schemas: SchemaRegistry,
    root: Where,
    prefix: str,
    warnings: list[Finding],
) -> tuple[SecurityScheme, ...]:
    """The schemes the client can apply, each with its constructor arguments and
    environment variables; an unsupported scheme is a warning."""
    raw = (doc.get("components") or {}).get("securitySchemes") or {}
    result: list[SecurityScheme] = []
    kinds_seen: dict[str, int] = {}
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
        kinds_seen[kind] = kinds_seen.get(kind, 0) + 1
        base = {
            "basic": ("username", "password"),
            "bearer": ("token",),
            "apiKey": ("api_key",),
            "oauth2": ("client_id", "client_secret"),
        }[kind]
        stem = snake(str(key))
        params = base if kinds_seen[kind] == 1 else tuple(f"{stem}_{p}" for p in base)
        flow = (scheme.get("flows") or {}).get("clientCredentials") or {}
        token_url = str(flow.get("tokenUrl", ""))
        scopes = tuple(str(s) for s in (flow.get("scopes") or {}))
        result.append(
            SecurityScheme(
                key=str(key),
                py_name=stem,
                kind=kind,
                description=txt.clean(scheme.get("description")),
                param_name=str(scheme.get("name", "")),
                location=str(scheme.get("in", "")),
                token_url=token_url,
                scopes=scopes,
                params=params,
                env_vars=tuple(f"{prefix}_{constant(p)}" for p in params),
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
