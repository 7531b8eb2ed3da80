"""Format generated Python with black (or ruff, when configured), in parallel.

black is the slowest stage by far, so it only ever sees files whose rendered text
changed; see ``build.py`` for the cache that decides that.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version

from .errors import ConfigError

# Below this many files, starting worker processes costs more than it saves.
_PARALLEL_FROM = 12


def formatter_id(name: str) -> str:
    if name == "ruff":
        return f"ruff {version('ruff')}"
    return f"black {version('black')}"


def format_sources(sources: dict[str, str], formatter: str) -> dict[str, str]:
    """Formatted text for each path; raises ConfigError naming a file that fails."""
    if not sources:
        return {}
    if formatter == "ruff":
        return _ruff(sources)
    items = sorted(sources.items())
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < _PARALLEL_FROM or workers < 2:
        return dict(_black_one(item) for item in items)
    chunks = [items[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results: dict[str, str] = {}
        for part in pool.map(_black_many, chunks):
            results.update(part)
    return results


def _black_many(items: list[tuple[str, str]]) -> dict[str, str]:
    return dict(_black_one(item) for item in items)


def _black_one(item: tuple[str, str]) -> tuple[str, str]:
    import black

    path, source = item
    mode = black.Mode(target_versions={black.mode.TargetVersion.PY311})
    try:
        return path, black.format_str(source, mode=mode)
    except Exception as exc:  # black raises several types for code it cannot parse
        raise ConfigError(
            f"{path}: the generated code does not parse ({type(exc).__name__}: "
            f"{str(exc)[:300]}); this is a generator bug, please report it"
        ) from None


def _ruff(sources: dict[str, str]) -> dict[str, str]:
    ruff = shutil.which("ruff")
    if ruff is None:
        raise ConfigError("formatter 'ruff' is configured but ruff is not installed")
    result = {}
    for path, source in sorted(sources.items()):
        done = subprocess.run(
            [ruff, "format", "--stdin-filename", path, "-"],
            input=source,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise ConfigError(f"{path}: ruff format failed: {done.stderr[:300]}")
        result[path] = done.stdout
    return result
