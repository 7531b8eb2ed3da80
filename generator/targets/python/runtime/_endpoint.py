"""Everything a generated API module takes from the runtime, in one place: how an
operation is described (``_operation``), bound to a client (``_binding``), paginated
(``_paging``) and what its events are (``_events``)."""

from ._binding import AsyncResource, SyncResource, endpoint
from ._events import ServerSentEvent
from ._operation import NO_CONTENT, Decoder, Encoding, Operation, Request
from ._paging import (
    Paging,
    body_token,
    cursor,
    header_token,
    items_at,
    last_item,
    link_header,
    offset,
    page_number,
    pages_of,
)

__all__ = [
    "NO_CONTENT",
    "AsyncResource",
    "Decoder",
    "Encoding",
    "Operation",
    "Paging",
    "Request",
    "ServerSentEvent",
    "SyncResource",
    "body_token",
    "cursor",
    "endpoint",
    "header_token",
    "items_at",
    "last_item",
    "link_header",
    "offset",
    "page_number",
    "pages_of",
]
