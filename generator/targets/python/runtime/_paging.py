"""Pagination: how the next page is asked for (``Paging`` and its strategies) and the
paginated operations with ``pages()`` and ``iter()``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import (
    Any,
    Generic,
    ParamSpec,
    TypeVar,
    overload,
)

import httpx

from ._binding import (
    AsyncCall,
    AsyncResource,
    Builder,
    SyncCall,
    SyncResource,
    endpoint,
)
from ._operation import ApiResponse

P = ParamSpec("P")
T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 - the conventional name for an item type


#: Finds the next page's arguments from a page, its items and the arguments that
#: fetched it; None when there is no next page.
NextPage = Callable[
    [ApiResponse[Any], list[Any], Mapping[str, Any]], "dict[str, Any] | None"
]


@dataclass(frozen=True)
class Paging(Generic[T, I]):
    """How the next page is asked for, and where a page keeps its items."""

    next_page: NextPage
    items: Callable[[T], list[I] | None]


def body_token(*path: str) -> Callable[[ApiResponse[Any]], Any]:
    def read(response: ApiResponse[Any]) -> Any:
        value: Any = response.data
        for name in path:
            value = getattr(value, name, None)
        return value

    return read


def header_token(name: str) -> Callable[[ApiResponse[Any]], Any]:
    def read(response: ApiResponse[Any]) -> Any:
        return response.headers.get(name)

    return read


def items_at(*path: str) -> Callable[[Any], Any]:
    def read(page: Any) -> Any:
        for name in path:
            page = getattr(page, name, None)
        return page

    return read


def cursor(
    param: str,
    token: Callable[[ApiResponse[Any]], Any],
    wire: str = "",
    kind: str = "",
) -> NextPage:
    """A cursor the response carries; one given as an address (``next:
    "https://...?cursor=abc"``) gives the value of ``wire`` in its query, made into
    the parameter's ``kind``."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        value = token(page)
        if (
            isinstance(value, str)
            and wire
            and value.startswith(("http:", "https:", "/", "?"))
        ):
            value = dict(httpx.URL(value).params).get(wire)
            if value is not None:
                value = from_query(value, kind)
        return {param: value} if value is not None and value != "" else None

    return next_page


def page_number(
    param: str, first: int = 1, more: Callable[[ApiResponse[Any]], Any] | None = None
) -> NextPage:
    """A page number, one more each page, until a page comes back empty or ``more``
    (a ``has_more`` flag, a ``next`` address) says there is none after it."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        if not items or (more is not None and not more(page)):
            return None
        current = args.get(param)
        return {param: (first if current is None else int(current)) + 1}

    return next_page


def offset(
    param: str, more: Callable[[ApiResponse[Any]], Any] | None = None
) -> NextPage:
    """An offset, moved on by the number of items received, until none come or
    ``more`` says there are no more."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        if not items or (more is not None and not more(page)):
            return None
        return {param: int(args.get(param) or 0) + len(items)}

    return next_page


def link_header(
    params: Mapping[str, str], kinds: Mapping[str, str] | None = None
) -> NextPage:
    """The ``rel="next"`` address of the ``Link`` header: its query's values for the
    operation's query parameters (``{wire name: argument}``), each made into its
    argument's kind (``{argument: "int"}``)."""
    kinds = kinds or {}

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        url = next_link(page.headers.get("link", ""))
        if url is None:
            return None
        query = httpx.URL(url).params
        return {
            params[k]: from_query(v, kinds.get(params[k], ""))
            for k, v in query.items()
            if k in params
        } or None

    return next_page


def from_query(value: str, kind: str) -> Any:
    """A value read from an address's query as the parameter's type; one that is not
    of it stays text, for the request checks to refuse by the parameter's name."""
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
    except ValueError:
        return value
    if kind == "bool" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def next_link(header: str) -> str | None:
    """The address marked ``rel="next"`` in a ``Link`` header (RFC 8288)."""
    for link in header.split(","):
        target, _, attributes = link.partition(";")
        for attribute in attributes.split(";"):
            name, _, value = attribute.strip().partition("=")
            rels = value.strip().strip('"').lower().split()
            if name.strip().lower() == "rel" and "next" in rels:
                return target.strip().strip("<>")
    return None


def last_item(
    param: str, path: tuple[str, ...], has_more: Callable[[ApiResponse[Any]], Any]
) -> NextPage:
    """The last item's id (``starting_after``), while the page says it ``has_more``."""

    def next_page(
        page: ApiResponse[Any], items: list[Any], args: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        if not items or not has_more(page):
            return None
        value: Any = items[-1]
        for name in path:
            value = (
                value.get(name)
                if isinstance(value, dict)
                else getattr(value, name, None)
            )
        return {param: value} if value else None

    return next_page


def _repeats(
    step: Mapping[str, Any], current: Mapping[str, Any], seen: set[str]
) -> bool:
    """Whether the next page's arguments were asked for already: by an earlier page, or
    by the call itself (a server answering with the very token it was given)."""
    key = repr(sorted(step.items()))
    if key in seen or all(
        name in current and current[name] == value for name, value in step.items()
    ):
        return True
    seen.add(key)
    return False


class SyncPagedCall(SyncCall[P, T], Generic[P, T, I]):
    """A paginated operation bound to a sync client."""

    def __init__(
        self, resource: SyncResource, build: Builder[P, T], paging: Paging[T, I]
    ) -> None:
        super().__init__(resource, build)
        self._paging = paging

    def pages(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[ApiResponse[T]]:
        """Every page, following the next-page token until there is none."""
        seen: set[str] = set()
        while True:
            page = self._client.send(self._build(None, *args, **kwargs))
            yield page
            step = self._paging.next_page(page, self._items(page), kwargs)
            if not step or _repeats(step, kwargs, seen):
                return
            kwargs.update(step)

    def _items(self, page: ApiResponse[T]) -> list[I]:
        return self._paging.items(page.data) or []

    def iter(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[I]:
        """Every item of every page, fetching pages as the iteration reaches them."""
        for page in self.pages(*args, **kwargs):
            yield from self._items(page)


class AsyncPagedCall(AsyncCall[P, T], Generic[P, T, I]):
    """A paginated operation bound to an async client."""

    def __init__(
        self, resource: AsyncResource, build: Builder[P, T], paging: Paging[T, I]
    ) -> None:
        super().__init__(resource, build)
        self._paging = paging

    async def pages(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[ApiResponse[T]]:
        """Every page, following the next-page token until there is none."""
        seen: set[str] = set()
        while True:
            page = await self._client.send(self._build(None, *args, **kwargs))
            yield page
            step = self._paging.next_page(page, self._items(page), kwargs)
            if not step or _repeats(step, kwargs, seen):
                return
            kwargs.update(step)

    def _items(self, page: ApiResponse[T]) -> list[I]:
        return self._paging.items(page.data) or []

    async def iter(self, *args: P.args, **kwargs: P.kwargs) -> AsyncIterator[I]:
        """Every item of every page, fetching pages as the iteration reaches them."""
        async for page in self.pages(*args, **kwargs):
            for item in self._items(page):
                yield item


class paginated(endpoint[P, T], Generic[P, T, I]):  # noqa: N801 - used as a decorator
    """Like ``endpoint``, and the bound operation also has ``pages()`` and ``iter()``."""

    def __init__(self, build: Builder[P, T], paging: Paging[T, I]) -> None:
        super().__init__(build)
        self._paging = paging

    @overload
    def __get__(
        self, obj: SyncResource, owner: Any = None
    ) -> SyncPagedCall[P, T, I]: ...
    @overload
    def __get__(
        self, obj: AsyncResource, owner: Any = None
    ) -> AsyncPagedCall[P, T, I]: ...
    @overload
    def __get__(self, obj: None, owner: Any = None) -> paginated[P, T, I]: ...
    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        if isinstance(obj, AsyncResource):
            return AsyncPagedCall(obj, self._build, self._paging)
        return SyncPagedCall(obj, self._build, self._paging)


def pages_of(
    paging: Paging[T, I],
) -> Callable[[Builder[P, T]], paginated[P, T, I]]:
    """Decorator form of ``paginated``."""

    def wrap(build: Builder[P, T]) -> paginated[P, T, I]:
        return paginated(build, paging)

    return wrap
