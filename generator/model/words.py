"""The language-neutral word split of a spec name: what every target joins its own way
(``listMessages`` -> ``list_messages`` in Python, ``listMessages`` in TypeScript)."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")


def words(name: str) -> list[str]:
    """The ASCII words of ``name``; a name with none gets a stable stand-in."""
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    )
    found = _WORD.findall(ascii_name)
    if not found and name:
        # Nothing ASCII left (e.g. a fully non-Latin name): a short hash keeps it
        # stable and tells different names apart.
        data = name.encode("utf-8", "surrogatepass")
        found = ["x" + hashlib.sha256(data).hexdigest()[:8]]
    return found


# Wire names repeat (every model's ``id``, ``name``, ...): each is split once.
@functools.lru_cache(maxsize=4096)
def split_words(name: str) -> tuple[str, ...]:
    """The language-neutral word split of a wire name, lower case:
    ``listMessages`` -> ``("list", "messages")``; each target joins them its way."""
    return tuple(word.lower() for word in words(name))
