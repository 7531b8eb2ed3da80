"""How an operation is bound to a client.

Each operation's request is built once, by a method of a builder class that returns a
``Request``. The generated API classes have a real method per operation, with its
parameters, types, defaults and docstring written out so that every editor and type
checker sees them, whose body hands the builder to ``_call`` of ``SyncResource`` or
``AsyncResource``: sync and async share the builder and can never drift apart.

``endpoint`` turns a builder into the operation as an object (``client.messages.calls
.create_message``), with ``.raw()``, ``.stream()``, ``.events()`` and ``.download()``
beside the call, typed from the builder's own parameters."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from functools import cache
from typing import (
    TYPE_CHECKING,
    Any,
    Concatenate,
    Generic,
    ParamSpec,
    TypeVar,
    overload,
)

import httpx

from ._download import Destination, awrite_to, write_to
from ._events import ServerSentEvent, aparse_events, parse_events
from ._operation import ApiResponse, Request

if TYPE_CHECKING:
    from ._base_client import AsyncBaseClient, SyncBaseClient

P = ParamSpec("P")
T = TypeVar("T")


class SyncResource:
    """The base of the sync API classes."""

    def __init__(self, client: SyncBaseClient) -> None:
        self._client = client

    def _call(
        self, operation: endpoint[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Send the request ``operation`` builds from the arguments; its parsed answer."""
        return self._client.send(operation._build(None, *args, **kwargs)).data


class AsyncResource:
    """The base of the async API classes."""

    def __init__(self, client: AsyncBaseClient) -> None:
        self._client = client

    async def _call(
        self, operation: endpoint[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Send the request ``operation`` builds from the arguments; its parsed answer."""
        return (await self._client.send(operation._build(None, *args, **kwargs))).data


Builder = Callable[Concatenate[Any, P], Request[T]]


@cache
def call_signature(build: Callable[..., Any]) -> inspect.Signature:
    """The operation's signature as its callers see it: the builder's parameters
    without ``self``, returning what the builder's ``Request[...]`` holds."""
    signature = inspect.signature(build)
    returns = signature.return_annotation
    if isinstance(returns, str) and returns.startswith("Request["):
        returns = returns[len("Request[") : -1]
    parameters = list(signature.parameters.values())[1:]
    return signature.replace(parameters=parameters, return_annotation=returns)


class _SignatureOf:
    """``__signature__`` of a bound operation, so that ``inspect.signature``, ``help``
    and editors that ask the running program show its real parameters rather than
    ``(*args, **kwargs)``; computed when asked for, never on a call."""

    def __get__(self, obj: Any, owner: Any = None) -> inspect.Signature | None:
        return None if obj is None else call_signature(obj._build)


class SyncCall(Generic[P, T]):
    """An operation bound to a sync client."""

    __signature__ = _SignatureOf()

    def __init__(self, resource: SyncResource, build: Builder[P, T]) -> None:
        self._client = resource._client
        self._build = build
        self.__doc__ = build.__doc__

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return self._client.send(self._build(None, *args, **kwargs)).data

    def raw(self, *args: P.args, **kwargs: P.kwargs) -> ApiResponse[T]:
        """Call the operation; return the status and headers with the parsed body."""
        return self._client.send(self._build(None, *args, **kwargs))

    @contextlib.contextmanager
    def stream(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[httpx.Response]:
        """Call the operation without reading the body; read it from the response."""
        with self._client.stream(self._build(None, *args, **kwargs)) as response:
            yield response

    def events(self, *args: P.args, **kwargs: P.kwargs) -> Iterator[ServerSentEvent]:
        """Call the operation and yield the events of its ``text/event-stream``
        response as they arrive; the connection closes when the iteration ends."""
        with self.stream(*args, **kwargs) as response:
            yield from parse_events(response.iter_lines())

    def download(
        self, destination: Destination, /, *args: P.args, **kwargs: P.kwargs
    ) -> int:
        """Call the operation and write the response body to ``destination`` as it
        arrives, never holding it in memory whole; return the number of bytes."""
        with self.stream(*args, **kwargs) as response:
            return write_to(destination, response.iter_bytes())


class AsyncCall(Generic[P, T]):
    """An operation bound to an async client."""

    __signature__ = _SignatureOf()

    def __init__(self, resource: AsyncResource, build: Builder[P, T]) -> None:
        self._client = resource._client
        self._build = build
        self.__doc__ = build.__doc__

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> T:
        return (await self._client.send(self._build(None, *args, **kwargs))).data

    async def raw(self, *args: P.args, **kwargs: P.kwargs) -> ApiResponse[T]:
        """Call the operation; return the status and headers with the parsed body."""
        return await self._client.send(self._build(None, *args, **kwargs))

    @contextlib.asynccontextmanager
    async def stream(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[httpx.Response]:
        """Call the operation without reading the body; read it from the response."""
        async with self._client.stream(self._build(None, *args, **kwargs)) as response:
            yield response

    async def events(
        self, *args: P.args, **kwargs: P.kwargs
    ) -> AsyncIterator[ServerSentEvent]:
        """Call the operation and yield the events of its ``text/event-stream``
        response as they arrive; the connection closes when the iteration ends."""
        async with self.stream(*args, **kwargs) as response:
            async for event in aparse_events(response.aiter_lines()):
                yield event

    async def download(
        self, destination: Destination, /, *args: P.args, **kwargs: P.kwargs
    ) -> int:
        """Call the operation and write the response body to ``destination`` as it
        arrives, never holding it in memory whole; return the number of bytes."""
        async with self.stream(*args, **kwargs) as response:
            return await awrite_to(destination, response.aiter_bytes())


class endpoint(Generic[P, T]):  # noqa: N801 - used as a decorator
    """Turns a request builder into a sync or async method, by the class it is on."""

    def __init__(self, build: Builder[P, T]) -> None:
        self._build = build
        self.__doc__ = build.__doc__

    @overload
    def __get__(self, obj: SyncResource, owner: Any = None) -> SyncCall[P, T]: ...
    @overload
    def __get__(self, obj: AsyncResource, owner: Any = None) -> AsyncCall[P, T]: ...
    @overload
    def __get__(self, obj: None, owner: Any = None) -> endpoint[P, T]: ...
    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        if isinstance(obj, AsyncResource):
            return AsyncCall(obj, self._build)
        return SyncCall(obj, self._build)
