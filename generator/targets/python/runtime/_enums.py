"""The base classes of the generated enums.

Plain Python enums: an API module imports the enums its parameters are checked against
without importing pydantic's model machinery.
"""

from __future__ import annotations

from enum import Enum
from typing import Any


# Not StrEnum, which would change how members print (str() and format()).
class OpenStrEnum(str, Enum):  # noqa: UP042
    """A string enum that accepts values it does not list.

    A status the server adds after this SDK was generated becomes a member made on the
    spot (its name is the value) instead of an error.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class OpenIntEnum(int, Enum):
    """An integer enum that accepts values it does not list, like ``OpenStrEnum``."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"VALUE_{value}"
        member._value_ = value
        return member
