"""The pipeline, as the list of passes it runs:

load (``load_spec``; validation meanwhile in a worker) -> model (``parse``) -> the
Python target (``lay_out``) -> docs (``document``) -> versions (``History``) ->
render -> format (black, in workers) -> the manifest; ``cli`` then writes.

``build`` returns the complete ``{path: bytes}`` map of the output folder, manifest
included, without writing anything. The output folder and its manifest are never
trusted to say what a file should hold (a pull request can write both): the rendered
code is already laid out as black writes it, so a file whose bytes on disk are exactly
the rendered ones needs no formatter; any other is formatted, or its formatted text
taken from the user's cache (``usercache``), which only the generator writes.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path

from generator import collector, usercache
from generator.changelogs import render_changelog, typescript_files
from generator.config import Config
from generator.docs import markdown as docs
from generator.docs import webhooks as webhook_docs
from generator.errors import Problem, SpecError
from generator.findings import Finding
from generator.load.spec import Spec, load_spec
from generator.model.ir import Api
from generator.model.parse import Settings, parse
from generator.output.folder import read_existing
from generator.output.formatter import Bounded, Workers, formatter_id, workers_for
from generator.output.state import (
    HISTORY,
    MANIFEST,
    Manifest,
    read_state,
    sha256,
    state_error,
)
from generator.targets.python.keptlines import laid_out_as_black
from generator.targets.python.lowering import lay_out
from generator.targets.python.naming import Package
from generator.targets.python.render import render
from generator.targets.python.spelling import PYTHON_SPELLING
from generator.usercache import is_validated, mark_validated
from generator.versions.changelog import History, release_version
from generator.versions.changes import Change
from generator.versions.surface import Surface, surface

Progress = Callable[[str], None]
# What the manifest of the TypeScript output records as its formatter: the files are
# written in prettier's layout by the generator itself.
TS_LAYOUT = "prettier-layout"


@dataclass(frozen=True)
class Output:
    """One target's output folder and everything it should contain, manifest included."""

    target: str
    folder: Path
    files: dict[str, bytes]


@dataclass(frozen=True)
class Build:
    api: Api
    files: dict[str, bytes]
    manifest: Manifest
    formatted: list[str]
    reused: int
    # The package version generated, bumped if asked (see changelog.py).
    version: str = ""
    # What users see change since the last generation into the output folder.
    changes: tuple[Change, ...] = ()
    # Every file of the spec (the root and what its $refs reach).
    sources: tuple[Path, ...] = ()
    # Every target's folder and files, in the order of ``config.TARGETS``; ``files``
    # above is the Python target's.
    outputs: tuple[Output, ...] = ()
    # Waits for the spec's validation and returns what --lenient tolerated (added to
    # ``api.warnings`` already unless the build was asked to defer it).
    validated: Callable[[], list[Finding]] = lambda: []


def api_of(spec: Spec, settings: Settings, progress: Progress = lambda _: None) -> Api:
    """The finished model of ``spec``: read, laid out for Python, documented. Each pass
    only reads what the ones before it made."""
    api = parse(spec, settings)
    api = lay_out(api)
    progress("writing the docs content")
    return document(api, settings.package)


def document(api: Api, package: str) -> Api:
    """The docs stage: runnable examples, the markdown of every page, webhook docs;
    the examples import the Python ``package``."""
    return webhook_docs.document(docs.document(api, package), package)


def load_and_parse(
    config: Config, progress: Progress = lambda _: None
) -> tuple[Spec, Api]:
    progress("loading the spec")
    spec = load_spec(config.spec, config.ref_root, lenient=config.lenient)
    progress("validating the spec")
    validate_apart(spec, config.lenient)
    progress("building the model")
    return spec, api_of(spec, settings_of(config), progress)


def spec_surface(
    path: Path,
    settings: Settings,
    *,
    validate: bool = True,
    ref_root: Path | None = None,
) -> Surface:
    """The public surface of the SDK that the spec at ``path`` generates (for ``diff``)."""
    spec = load_spec(path, ref_root, lenient=settings.lenient)
    if validate:
        validate_apart(spec)
    return surface(api_of(spec, settings), PYTHON_SPELLING)


def validate_apart(spec: Spec, lenient: bool = False) -> list[Finding]:
    """Validate ``spec`` (unless it passed before) in a bounded process of its own;
    return what --lenient tolerated."""
    if is_validated(spec.sha256()):
        return []
    with Workers() as workers:
        return _raise_problems(workers.validate(spec, lenient), spec, lenient)


def settings_of(config: Config) -> Settings:
    """What the parser needs to know of the config."""
    return Settings(
        package=config.package,
        project_name=config.project_name,
        version=config.version,
        env_prefix=config.env_prefix,
        lenient=config.lenient,
        pagination=config.pagination,
        webhooks=config.webhooks,
    )


def build(
    config: Config,
    progress: Progress = lambda _: None,
    *,
    bump: str | None = None,
    workers: Workers | None = None,
    defer_validation: bool = False,
) -> Build:
    """Everything the output folder should contain, with the manifest. ``workers``
    (from ``workers_for``) may have been started already; they are shut down here,
    unless ``defer_validation``: then the caller keeps them open and calls the
    result's ``validated`` before writing anything (staging files meanwhile, the
    slowest stage of a big spec being its validation)."""
    if defer_validation and workers is not None:
        return _guarded(config, progress, workers, bump, defer=True)
    with workers or workers_for(config) as running:
        return _guarded(config, progress, running, bump, defer=False)


def _guarded(
    config: Config, progress: Progress, workers: Workers, bump: str | None, defer: bool
) -> Build:
    pending: list[Callable[[], object]] = []
    try:
        return _build(config, progress, workers, bump, pending, defer)
    except Exception:
        for validated in pending:
            validated()  # an invalid spec explains a later failure best
        raise
    finally:
        gc.unfreeze()  # see _build


def _build(
    config: Config,
    progress: Progress,
    workers: Workers,
    bump: str | None,
    pending: list[Callable[[], object]],
    defer: bool,
) -> Build:
    spec, api, validated = _load_and_parse_with(workers, config, progress)
    # The spec and the model, finished, are left out of the cycle collector's passes
    # from here on (until ``_guarded`` ends): rendering allocates millions of objects,
    # and each full pass walked the whole model again.
    gc.freeze()
    pending.append(validated)
    python = "python" in config.targets
    # The history (and so the one version both packages share) is read from beside the
    # Python SDK, or beside the TypeScript one when it alone is generated; both get it.
    home = (
        config.output
        if python or config.typescript is None
        else config.typescript.output
    )
    history = read_history(home)
    api = replace(
        api,
        package_version=release_version(
            config.version, bump, history, api, PYTHON_SPELLING
        ),
    )
    progress("comparing with the last release")
    new_history = history.advance(api, api.package_version, PYTHON_SPELLING)
    ts_files: dict[str, bytes] | None = None
    pending_ts: Future[dict[str, bytes]] | None = None
    if "typescript" in config.targets and config.typescript is not None:
        ts, templates = config.typescript, config.templates
        if python:  # in a process of its own meanwhile: the model is finished
            pending_ts = workers.forked(
                lambda: typescript_files(api, ts, templates, new_history)
            )
        else:
            progress("rendering the TypeScript SDK")
            ts_files = typescript_files(api, ts, templates, new_history)
    progress("rendering the Python SDK")
    files, formatted, reused = (
        _python_files(config, api, progress, workers) if python else ({}, [], 0)
    )
    if pending_ts is not None:
        progress("rendering the TypeScript SDK (what is left of it)")
        ts_files = pending_ts.result()
    progress("writing the changelog")
    if python:
        changelog = render_changelog(
            new_history, api, config.project_name, config.templates
        )
        files["CHANGELOG.md"] = (changelog.header + changelog.body).encode()
    if not defer:
        # Faults --lenient tolerated come from validation, which ran meanwhile.
        progress("waiting for validation")
        api = replace(api, warnings=(*validated(), *api.warnings))
    fmt = formatter_id(config.formatter)
    manifest = _manifest(api, fmt, files)
    outputs: list[Output] = []
    # Both packages store the same history (the surface of a big API: megabytes),
    # encoded with the TypeScript SDK when there is one.
    history_bytes = (ts_files or {}).get(HISTORY) or new_history.to_bytes()
    if python:
        files[HISTORY] = history_bytes
        files[MANIFEST] = manifest.to_bytes()
        outputs.append(Output("python", config.output, files))
    if ts_files is not None and config.typescript is not None:
        ts_files[HISTORY] = history_bytes
        ts_files[MANIFEST] = _manifest(api, TS_LAYOUT, ts_files).to_bytes()
        outputs.append(Output("typescript", config.typescript.output, ts_files))
    changes = tuple(history.changes_since(new_history.surface or {}))
    sources = tuple(sorted(spec.documents))
    return Build(
        api,
        files,
        manifest,
        formatted,
        reused,
        api.package_version,
        changes,
        sources,
        tuple(outputs),
        validated if defer else lambda: [],
    )


def _manifest(api: Api, fmt: str, files: dict[str, bytes]) -> Manifest:
    return Manifest(
        spec=api.spec_name,
        spec_sha256=api.spec_sha256,
        formatter=fmt,
        version=api.package_version,
        files={
            path: {"sha256": sha256(data)}
            for path, data in files.items()
            if path != HISTORY
        },
    )


def _python_files(
    config: Config, api: Api, progress: Progress, workers: Workers
) -> tuple[dict[str, bytes], list[str], int]:
    """The Python SDK's files, formatted: those already in black's layout on disk are
    taken as they are, others from the user's cache or from black."""
    rendered = render(
        api, Package(config.package, config.project_name), config.templates
    )
    # Which files black must see, and black on them: one stage with the formatting.
    progress(f"formatting: {len(rendered):,} Python SDK files rendered")
    fmt = formatter_id(config.formatter)
    files: dict[str, bytes] = {}
    to_format: dict[str, str] = {}
    reused = 0
    for path, item in rendered.items():
        data = (item.header + item.body).encode()
        if item.kind != "python" or item.verbatim:
            files[path] = data
            continue
        if config.formatter == "black" and laid_out_as_black(item):
            reused += 1
            files[path] = data
            continue
        if read_existing(config.output, path) == data:
            reused += 1  # in black's layout as rendered, and on disk as it should be
            files[path] = data
            continue
        cached = usercache.get("formatted", _format_key(fmt, item.body))
        if cached is not None:
            reused += 1
            files[path] = item.header.encode() + cached
            continue
        to_format[path] = item.body
    if to_format:
        progress(f"formatting {len(to_format):,} files")
        for path, body in workers.format(to_format, progress).items():
            files[path] = (rendered[path].header + body).encode()
            usercache.put(
                "formatted", _format_key(fmt, rendered[path].body), body.encode()
            )
    return files, sorted(to_format), reused


def _load_and_parse_with(
    workers: Workers, config: Config, progress: Progress
) -> tuple[Spec, Api, Callable[[], list[Finding]]]:
    """``load_and_parse``, with validation (a second or more on a big spec) running in
    a worker meanwhile: call the function returned before trusting the result."""
    workers.start_for(config.spec)  # unless the caller started them earlier
    progress("loading the spec")
    with collector.paused():
        spec = load_spec(config.spec, config.ref_root, lenient=config.lenient)
    pending: Bounded | None = None
    if not is_validated(spec.sha256()):
        progress("validating the spec (in the background)")
        pending = workers.validate(spec, config.lenient)
    progress(f"building the model: {spec.size()}")
    try:
        with collector.paused():
            api = api_of(spec, settings_of(config), progress)
    except Exception:
        _raise_problems(
            pending, spec, config.lenient
        )  # a spec that fails validation can trip the parser
        raise
    return spec, api, lambda: _raise_problems(pending, spec, config.lenient)


def _raise_problems(
    pending: Bounded | None, spec: Spec, lenient: bool
) -> list[Finding]:
    if pending is None:
        return []
    problems: list[Problem]
    warnings: list[Finding]
    problems, warnings = pending.result()
    if problems:
        raise SpecError(problems)
    if not warnings:
        mark_validated(spec.sha256())
    return warnings


def _format_key(fmt: str, body: str) -> str:
    return usercache.key(fmt, body)


def read_history(folder: Path) -> History:
    """The history stored in the output ``folder``; a ``ConfigError`` naming the file if
    it was edited into another shape."""
    try:
        return History.of(read_state(folder, HISTORY))
    except ValueError as exc:
        raise state_error(folder, HISTORY, str(exc)) from None
