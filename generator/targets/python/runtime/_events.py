"""Server-sent events: the ``text/event-stream`` responses an operation may stream."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import (
    Any,
)


@dataclass(frozen=True)
class ServerSentEvent:
    """One event of a ``text/event-stream`` response."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        """The event's data parsed as JSON."""
        import json

        return json.loads(self.data)


def parse_events(lines: Iterable[str]) -> Iterator[ServerSentEvent]:
    """The events of a stream, by the rules of the HTML standard's EventSource."""
    state = _EventState()
    for line in lines:
        event = state.feed(line)
        if event is not None:
            yield event
    event = state.feed("")
    if event is not None:
        yield event


async def aparse_events(lines: AsyncIterator[str]) -> AsyncIterator[ServerSentEvent]:
    """``parse_events`` for an async stream of lines."""
    state = _EventState()
    async for line in lines:
        event = state.feed(line)
        if event is not None:
            yield event
    event = state.feed("")
    if event is not None:
        yield event


class _EventState:
    """The fields of the event being read; a blank line dispatches it."""

    def __init__(self) -> None:
        self.data: list[str] = []
        self.event = ""
        self.id: str | None = None
        self.retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        line = line.rstrip("\r\n")
        if not line:
            if not self.data:
                self.event = ""
                return None
            event = ServerSentEvent(
                "\n".join(self.data), self.event or "message", self.id, self.retry
            )
            self.data, self.event = [], ""
            return event
        if line.startswith(":"):
            return None  # a comment, often sent to keep the connection open
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            self.data.append(value)
        elif name == "event":
            self.event = value
        elif name == "id" and "\0" not in value:
            self.id = value
        elif name == "retry" and value.isdigit():
            self.retry = int(value)
        return None
