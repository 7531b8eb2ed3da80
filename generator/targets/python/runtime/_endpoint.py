"""Everything a generated API module takes from the runtime, in one place: how an
operation is described (``_operation``), bound to a client (``_binding``), paginated
(``_paging``), streamed as events (``_events``) and downloaded (``_download``)."""

from ._binding import AsyncCall, AsyncResource, SyncCall, SyncResource, endpoint
from ._download import Destination
from ._events import ServerSentEvent, aparse_events, parse_events
from ._operation import (
    NO_CONTENT,
    ApiResponse,
    Decoder,
    Encoding,
    Operation,
    Request,
)
from ._paging import (
    AsyncPagedCall,
    Paging,
    SyncPagedCall,
    body_token,
    cursor,
    header_token,
    items_at,
    last_item,
    link_header,
    offset,
    page_number,
    pages_of,
    paginated,
)

__all__ = [
    "NO_CONTENT",
    "ApiResponse",
    "AsyncCall",
    "AsyncPagedCall",
    "AsyncResource",
    "Decoder",
    "Destination",
    "Encoding",
    "Operation",
    "Paging",
    "Request",
    "ServerSentEvent",
    "SyncCall",
    "SyncPagedCall",
    "SyncResource",
    "aparse_events",
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
    "paginated",
    "parse_events",
]
