"""Types used in the signatures of the generated API."""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable, Mapping
from typing import IO, TypedDict

import httpx

#: A request body of raw bytes: the bytes themselves, a file opened in binary
#: mode (read in chunks, sent again from the same place on a retry), or an
#: iterator of chunks (sent with chunked transfer encoding, never retried); an
#: async iterator of chunks with ``AsyncClient`` only.
FileContent = bytes | IO[bytes] | Iterable[bytes] | AsyncIterable[bytes]

#: Seconds for every phase of a request, or an ``httpx.Timeout`` for finer control.
Timeout = float | httpx.Timeout | None


class RequestOptions(TypedDict, total=False):
    """Settings for one call, passed as ``request_options=`` to any operation; each
    one given replaces the client's for that call (see ``Client``)."""

    #: Headers added to the request; one of the same name replaces the client's.
    headers: Mapping[str, str]
    #: Seconds each attempt may take, or an ``httpx.Timeout``, or None.
    timeout: Timeout
    #: Seconds the whole call may take, retries and waits included, or None.
    deadline: float | None
    #: How often the request may be retried.
    max_retries: int


class NotGiven:
    """Marks an argument left out, where None is a meaningful value (no timeout)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
