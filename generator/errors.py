"""Problems found in a spec, reported with the file, line and JSON pointer they concern."""

from __future__ import annotations

from generator.findings import Finding

# A problem is a finding of severity "error": it stops generation.
Problem = Finding


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
