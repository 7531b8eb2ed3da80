"""Problems found in a spec, reported with the file, line and JSON pointer they concern."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path
    pointer: str
    message: str
    hint: str = ""
    line: int | None = None

    def render(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        text = f"{where}: {self.pointer or '#'}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class SpecError(Exception):
    """A spec the generator cannot turn into correct code; nothing is written."""

    def __init__(self, problems: list[Problem]) -> None:
        # Passes that meet the same fault (a $ref checked when its file is read and
        # again when chains are followed) report it once.
        problems = list(dict.fromkeys(problems))
        super().__init__("\n".join(p.render() for p in problems))
        self.problems = problems


class ConfigError(Exception):
    """Bad command-line arguments or ``[tool.generator]`` settings."""


def escape_pointer_token(token: object) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer_of(parts: object) -> str:
    tokens = list(parts) if isinstance(parts, (list, tuple)) else []
    return "#/" + "/".join(escape_pointer_token(t) for t in tokens) if tokens else "#"
