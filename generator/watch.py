"""``python -m generator watch``: regenerate whenever an input changes.

Inputs are the spec and every file its ``$ref``s reach, the templates (built-in and
configured), the built-in runtimes (Python and TypeScript, and the TypeScript build
recipe: they are copied into the output as templates are rendered into it) and the
config file. They are polled by modification time and size, so
nothing beyond the standard library is needed and every platform behaves the same.
A change is acted on once the files have stopped changing for one interval, so an
editor's multi-step save is seen once. A spec that cannot be used (an invalid
intermediate save) is reported and the watch goes on with the previous inputs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.build import build
from generator.config import Config
from generator.errors import ConfigError, SpecError
from generator.output.state import STATE_FILES, Manifest
from generator.output.write import write_outputs
from generator.targets.python.paths import BUILTIN_TEMPLATES
from generator.targets.python.runtime_modules import RUNTIME
from generator.targets.typescript.render import BUILD_CONFIG
from generator.targets.typescript.render import RUNTIME as TS_RUNTIME

Say = Callable[[str], None]
Stamps = dict[Path, tuple[int, int]]


def watch(load: Callable[[], Config], interval: float, say: Say) -> None:
    """Generate once, then again after every change; returns only when interrupted.

    ``load`` reads the config afresh each time, so edits to it take effect.
    """
    no_sources: tuple[Path, ...] = ()
    config, sources = _regenerate(load, say, load(), no_sources)
    stamps = _stamps(_watched(config, sources))
    say(f"watching {len(stamps)} files (spec, templates, config); Ctrl-C to stop")
    while True:
        time.sleep(interval)
        current = _stamps(_watched(config, sources))
        if current == stamps:
            continue
        current = _settled(current, interval)
        changed = sorted(
            p for p in current.keys() | stamps.keys() if current.get(p) != stamps.get(p)
        )
        say("changed: " + ", ".join(_show(p) for p in changed))
        config, sources = _regenerate(load, say, config, sources)
        watched = _watched(config, sources)
        stamps = {p: current[p] for p in watched if p in current} | _stamps(
            p for p in watched if p not in current
        )


def _settled(stamps: Stamps, interval: float) -> Stamps:
    """The stamps once they stopped changing for one interval."""
    while True:
        time.sleep(interval)
        again = _stamps(stamps)
        if again == stamps:
            return stamps
        stamps = again


def _regenerate(
    load: Callable[[], Config], say: Say, config: Config, sources: tuple[Path, ...]
) -> tuple[Config, tuple[Path, ...]]:
    """Generate; on failure report why and keep the previous inputs to watch."""
    try:
        config = load()
        result = build(config)
        done = write_outputs(
            [(o.folder, o.files, Manifest.read(o.folder)) for o in result.outputs]
        )
        reports = [(o.folder, r) for o, r in zip(result.outputs, done, strict=True)]
    except SpecError as exc:
        say(f"error: the spec cannot be used ({len(exc.problems)} problem(s)):")
        for problem in exc.problems:
            say(problem.render())
        say("nothing was written; waiting for the next change")
        return config, sources
    except (ConfigError, OSError) as exc:
        say(f"error: {exc}")
        say("nothing was written; waiting for the next change")
        return config, sources
    except Exception as exc:  # a generator bug must not end a long-running watch
        say(f"error: internal error: {type(exc).__name__}: {exc}")
        say("waiting for the next change")
        return config, sources
    for warning in (
        *(w.render() for w in result.api.warnings),
        *(w for _, r in reports for w in r.warnings),
    ):
        say(f"warning: {warning}")
    for folder, report in reports:
        written = [p for p in report.written if p not in STATE_FILES]
        say(
            f"regenerated {folder}: {len(written)} changed, {len(report.deleted)} deleted"
        )
        for path in written:
            say(f"  changed {path}")
        for path in report.deleted:
            say(f"  deleted {path}")
    return config, result.sources


def _watched(config: Config, sources: tuple[Path, ...]) -> list[Path]:
    files = {config.spec.resolve(), *sources}
    if config.config_file is not None:
        files.add(config.config_file.resolve())
    for folder in (
        *config.templates,
        BUILTIN_TEMPLATES,
        RUNTIME,
        TS_RUNTIME,
        BUILD_CONFIG,
    ):
        if folder.is_dir():
            files.update(p.resolve() for p in folder.rglob("*") if p.is_file())
    return sorted(files)


def _stamps(paths: Iterable[Path]) -> Stamps:
    """Modification time and size of each file; a missing file gets (0, -1)."""
    stamps: Stamps = {}
    for path in paths:
        try:
            stat = path.stat()
            stamps[path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            stamps[path] = (0, -1)
    return stamps


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
