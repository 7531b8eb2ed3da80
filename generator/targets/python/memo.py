"""What the Python target works out of one part of the model, kept for that part.

Rendering asks several times for the same thing of a model or an operation (a
model's rules for its imports, its base classes and its class body); the model is
frozen, so the first answer holds for as long as the part lives.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

_Part = TypeVar("_Part")
_Result = TypeVar("_Result")

# Past this many parts the kept results are dropped (a watch session renders one
# model after another): the memory stays bounded, nothing is computed wrong.
_LIMIT = 1 << 16


def per_part(function: Callable[[_Part], _Result]) -> Callable[[_Part], _Result]:
    """``function``, computed once for each part it is given. Parts are told apart
    by identity (hashing a frozen dataclass walks all of it), and kept alive beside
    their result so that no other object takes their id."""
    found: dict[int, tuple[_Part, _Result]] = {}

    @functools.wraps(function)
    def once(part: _Part) -> _Result:
        hit = found.get(id(part))
        if hit is None:
            if len(found) >= _LIMIT:
                found.clear()
            hit = found[id(part)] = (part, function(part))
        return hit[1]

    return once
