"""The files each package ships besides its code: the changelog (both targets, each
in its own names), and the TypeScript SDK's files with them, rendered together so that
``build`` can hand the whole of it to a process of its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2

from generator.config import TypeScriptTarget
from generator.errors import ConfigError
from generator.model.ir import Api
from generator.output.state import HISTORY
from generator.targets.python.exports import View
from generator.targets.python.render import RenderedFile, environment, header
from generator.targets.python.spelling import PYTHON_SPELLING
from generator.versions.changelog import History, release_views


def typescript_files(
    api: Api, target: TypeScriptTarget, templates: tuple[Path, ...], history: History
) -> dict[str, bytes]:
    """The TypeScript SDK's files, its changelog and the history file (the SDK
    surface both packages store: megabytes on a big API)."""
    from generator.targets.typescript.changelog import ts_changes
    from generator.targets.typescript.render import render as render_typescript

    files = {
        p: t.encode() for p, t in render_typescript(api, target, templates).items()
    }
    # Each package ships the changelog of the same diff, in its own names.
    log = render_changelog(
        history,
        api,
        target.package,
        templates,
        ts_changes(
            api,
            PYTHON_SPELLING.operation_paths(api.groups),
            PYTHON_SPELLING.body_argument,
            PYTHON_SPELLING.parameter_names,
            PYTHON_SPELLING.field_names,
        ),
    )
    files["CHANGELOG.md"] = (log.header + log.body).encode()
    files[HISTORY] = history.to_bytes()
    return files


CHANGELOG_TEMPLATE = "project/CHANGELOG.md.j2"


def render_changelog(
    history: History,
    api: Api,
    project_name: str,
    template_dirs: tuple[Path, ...],
    words: tuple[Callable[[str], str], Callable[[str], str]] = (str, str),
) -> RenderedFile:
    """CHANGELOG.md through the ``project/CHANGELOG.md.j2`` template, which receives
    ``api`` (with ``api.project_name``: ``project_name``) and ``releases`` (newest
    first, see ``changelog.ReleaseView``), each change's place and message worded by
    ``words`` (a target's own names)."""
    try:
        template = environment(template_dirs).get_template(CHANGELOG_TEMPLATE)
        view = View(api, {"project_name": project_name})
        body = template.render(api=view, releases=release_views(history, *words))
    except jinja2.TemplateError as exc:
        raise ConfigError(f"template {CHANGELOG_TEMPLATE}: {exc}") from None
    return RenderedFile("markdown", header(api, "markdown"), body)
