"""JSON pointers (RFC 6901) as the spec's ``$ref``s and our reports write them:
``#/paths/~1pets/get``, with ``~1`` for ``/`` and ``~0`` for ``~`` in a token."""

from __future__ import annotations


def escape(token: object) -> str:
    text = str(token)
    if "~" not in text and "/" not in text:  # most tokens: cheaper to tell
        return text
    return text.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    # ``~1`` first: ``~01`` is the token ``~1``, not ``/``.
    return token.replace("~1", "/").replace("~0", "~")


def tokens(pointer: str) -> list[str]:
    """The unescaped tokens of ``pointer`` (``#/a~1b/0`` -> ``["a/b", "0"]``)."""
    return [unescape(t) for t in pointer.split("/")[1:]]


def pointer_of(parts: object) -> str:
    """The pointer to the node at the path ``parts`` (a list or tuple of keys)."""
    found = list(parts) if isinstance(parts, (list, tuple)) else []
    return "#/" + "/".join(escape(t) for t in found) if found else "#"
