"""Render the intermediate model through the templates into an in-memory file map.

Nothing here touches the output folder: ``generate``, ``check`` and ``diff`` all
consume the same ``{path: RenderedFile}`` map.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

import jinja2

from generator import collector, usercache
from generator.errors import ConfigError
from generator.model import text as txt
from generator.model.ir import Api
from generator.model.names import field_name
from generator.targets.python import operations
from generator.targets.python.annotations import annotation
from generator.targets.python.classes import module_code
from generator.targets.python.codelayout import laid_out, statement, tuple_of_one
from generator.targets.python.exports import (
    View,
    enum_view,
    model_view,
    template_api,
    webhook_view,
)
from generator.targets.python.literals import docstring, from_import, literal
from generator.targets.python.lowering import PythonLayout, python_layout
from generator.targets.python.memo import per_part
from generator.targets.python.naming import (
    Package,
    operation_paths,
    scheme_credentials,
    webhook_functions,
)
from generator.targets.python.paths import BUILTIN_TEMPLATES, safe_path
from generator.targets.python.runtime_modules import runtime_modules
from generator.targets.python.webhooks import webhooks_code

GENERATOR_NAME = "sdkgen"

Kind = Literal["python", "markdown", "toml", "text"]


@dataclass(frozen=True)
class RenderedFile:
    """One output file before formatting: its header and its body, kept apart so
    that a new spec hash (which changes every header) does not force a reformat."""

    kind: Kind
    header: str
    body: str
    # A built-in runtime module: stored as black writes it (a test proves it), so it
    # needs no formatting.
    verbatim: bool = False
    # Rendered by a built-in template of LAID_OUT (see there).
    laid_out: bool = False


# Built-in templates whose output black leaves unchanged whenever no line is longer
# than black's limit, proven over a corpus of specs by tests/test_formatting.py: at
# scale they are nearly every file (a model module per class, an API module per tag)
# and the biggest (models/__init__.py names every class: 9,000 lines and 10 s of
# black at 1,000 operations), and black costs most of a big generation. A user's copy
# of one is formatted.
LAID_OUT = frozenset(
    {
        "package/model_module.py.j2",
        "package/api.py.j2",
        "package/models_init.py.j2",
        "package/api_init.py.j2",
        "package/__init__.py.j2",
        "package/_client.py.j2",
        "package/webhooks.py.j2",
        "package/_status_errors.py.j2",
    }
)


@dataclass(frozen=True)
class Plan:
    path: str
    template: str
    context: dict[str, Any]


# The most escaped texts an environment keeps.
_KEPT = 1 << 14


def environment(extra_dirs: tuple[Path, ...] = ()) -> jinja2.Environment:
    """Templates from ``extra_dirs`` first (user overrides, by name), then the built-ins."""
    loader = jinja2.FileSystemLoader([*map(str, extra_dirs), str(BUILTIN_TEMPLATES)])
    env = jinja2.Environment(
        loader=loader,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        bytecode_cache=bytecode_cache(),
        # An environment serves one build, in which no template changes: without
        # this, every file rendered looked at its template's (and its imports')
        # modification time again.
        auto_reload=False,
    )
    # Escaping filters, the code-generation analogue of HTML autoescape: every spec
    # string passes through one of them on its way into a file.
    env.filters["py"] = literal
    # The same text comes back often (a type's name in every table that shows it, a
    # description shared by many fields): each is escaped once per environment.
    pystr, md, mdcode = (
        functools.lru_cache(maxsize=_KEPT)(escape)
        for escape in (txt.docstring, txt.md_inline, txt.md_code)
    )
    env.filters["pystr"] = lambda value: pystr(str(value))
    env.filters["md"] = lambda value: md(str(value))
    env.filters["mdcode"] = lambda value: mdcode(str(value))
    # TOML takes JSON's string escapes except \uXXXX surrogate pairs: non-ASCII stays
    # as it is, and DEL, which JSON leaves raw and TOML refuses, is escaped.
    env.filters["toml"] = lambda value: json.dumps(
        str(value), ensure_ascii=False
    ).replace("\x7f", "\\u007f")
    # Layout helpers that write code the way black would, so that black (which
    # formats a file twice whenever its first pass changes something) has less to do.
    env.filters["docstring"] = docstring
    env.filters["wrap"] = statement
    env.filters["parameter"] = lambda argument, indent: argument.laid_out(indent)
    env.filters["forward"] = operations.forwarded
    env.globals["from_import"] = from_import
    env.globals["laid_out"] = laid_out
    env.globals["tuple_of_one"] = tuple_of_one
    # The Python spelling of the model's types and operations.
    env.filters["annotation"] = annotation
    env.filters["decoder"] = operations.decoder
    env.filters["status_key"] = operations.status_key
    env.filters["bodies"] = operations.bodies
    env.filters["field_name"] = field_name
    env.filters["encoding"] = operations.encoding
    env.filters["success_decoder"] = operations.success_decoder
    env.filters["body_type"] = operations.body_type
    env.filters["body_check"] = operations.body_check
    env.filters["param_rules"] = operations.param_rules
    env.filters["method_docstring"] = operations.method_docstring
    env.filters["params_by_location"] = operations.params_by_location
    env.filters["query_delimiters"] = operations.query_delimiters
    env.globals["keywords"] = operations.KEYWORDS
    return env


@functools.cache
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs, as Python keeps ``__pycache__``: compiling
    them costs a tenth of a cold generation. Keyed by each template's text, so an edited
    template is compiled again. The folder is ``templates`` in the user's cache
    folder (``usercache``)."""
    folder = usercache.folder("templates")
    if folder is None:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def plan(
    api: Api, pkg: str, layout: PythonLayout, groups: tuple[View, ...]
) -> list[Plan]:
    """Each file to render: its path, template and context; ``groups``: the API
    groups as templates see them (``exports.group_views``)."""
    files = [
        Plan(f"{pkg}/__init__.py", "package/__init__.py.j2", {}),
        Plan(f"{pkg}/_client.py", "package/_client.py.j2", {}),
        Plan(f"{pkg}/_status_errors.py", "package/_status_errors.py.j2", {}),
        Plan(f"{pkg}/py.typed", "package/py.typed.j2", {}),
        Plan(f"{pkg}/api/__init__.py", "package/api_init.py.j2", {}),
        Plan(
            f"{pkg}/models/__init__.py",
            "package/models_init.py.j2",
            {"model_index": layout.model_index},
        ),
        Plan("pyproject.toml", "project/pyproject.toml.j2", {}),
        Plan("README.md", "project/README.md.j2", {}),
    ]
    # Each docs page gets its object, and its markdown from the docs stage.
    group_page = {g.tag: g for g in api.docs.groups} if api.docs else {}
    for group in groups:
        files.append(
            Plan(
                f"{pkg}/api/{group.module}.py",
                "package/api.py.j2",
                {"group": group, "python": layout.groups[group.module]},
            )
        )
        files.append(
            Plan(
                f"docs/{group.class_name}.md",
                "docs/api.md.j2",
                {"group": group, "page": group_page[group.tag]},
            )
        )
    # A models module gets its classes' Python code, lowered from the model.
    enums = {e.name: e for e in api.enums}
    for module in layout.model_modules:
        context = {
            "module": View(module, {"enums": tuple(map(enum_view, module.enums))}),
            "code": module_code(module, enums),
        }
        files.append(
            Plan(
                f"{pkg}/models/{module.name}.py", "package/model_module.py.j2", context
            )
        )
    page = {c.name: c for c in api.docs.classes} if api.docs else {}
    for model in api.models:
        files.append(
            Plan(
                f"docs/models/{model.name}.md",
                "docs/model.md.j2",
                {"model": model_view(model), "page": page[model.name]},
            )
        )
    for enum in api.enums:
        files.append(
            Plan(
                f"docs/models/{enum.name}.md",
                "docs/enum.md.j2",
                {"enum": enum_view(enum), "page": page[enum.name]},
            )
        )
    for union in api.unions:
        files.append(
            Plan(
                f"docs/models/{union.name}.md",
                "docs/union.md.j2",
                {"union": union, "page": page[union.name]},
            )
        )
    if api.webhooks:
        code = webhooks_code(api.webhooks, dict(layout.model_index))
        files.append(
            Plan(f"{pkg}/webhooks.py", "package/webhooks.py.j2", {"code": code})
        )
    functions = webhook_functions(api.webhooks)
    paths = operation_paths(api.groups)
    for hook in api.webhooks:
        files.append(
            Plan(
                f"docs/webhooks/{hook.page}.md",
                "docs/webhook.md.j2",
                {"hook": webhook_view(hook, functions, paths)},
            )
        )
    return files


def render(
    api: Api, package: Package, template_dirs: tuple[Path, ...] = ()
) -> dict[str, RenderedFile]:
    with collector.paused():
        return _render(api, package, template_dirs)


def _render(
    api: Api, package: Package, template_dirs: tuple[Path, ...]
) -> dict[str, RenderedFile]:
    env = environment(template_dirs)
    enums = {e.name: e for e in api.enums}
    # An API module asks for each operation's signature ten times (the parameters
    # and the call of its three methods), and for its rules, delimiters and
    # docstring twice: each is worked out once.
    env.filters["signature"] = per_part(lambda op: operations.signature(op, enums))
    for name in ("param_rules", "query_delimiters", "method_docstring"):
        env.filters[name] = per_part(env.filters[name])
    env.filters["parameter"] = _once_each_argument()
    models = {m.name: m for m in api.models}
    env.filters["paging"] = lambda op: operations.paging(op, models)
    # The templates read a scheme (``scheme|credential``) with its Python names.
    credentials = scheme_credentials(api.security_schemes, api.env_prefix)
    env.filters["credential"] = lambda scheme: operations.credential(
        scheme, credentials[scheme.key].params
    )
    env.globals["credential_classes"] = operations.credential_classes(
        api.security_schemes
    )
    view = template_api(api, package)
    headers = {kind: header(api, kind) for kind in get_args(Kind)}
    builtin: dict[str, bool] = {}
    result: dict[str, RenderedFile] = {}
    for item in plan(api, package.name, python_layout(api), view.groups):
        safe_path(item.path)
        kind = _kind(item.path)
        try:
            template = env.get_template(item.template)
            body = template.render(api=view, **item.context)
        except jinja2.TemplateError as exc:
            raise ConfigError(f"template {item.template}: {exc}") from None
        if item.template not in builtin:
            builtin[item.template] = _builtin(template)
        laid_out = item.template in LAID_OUT and builtin[item.template]
        result[item.path] = RenderedFile(kind, headers[kind], body, laid_out=laid_out)
    python = headers["python"]
    for module in runtime_modules(template_dirs):
        path = f"{package.name}/{module.name}"
        result[path] = RenderedFile("python", python, module.text, module.builtin)
    return result


def _once_each_argument() -> Callable[[operations.Argument, int], str]:
    """The ``parameter`` filter, laying each argument out once: every method of an
    operation (sync, async and its calls' object) writes the same parameters."""
    found: dict[tuple[operations.Argument, int], str] = {}

    def laid_out(argument: operations.Argument, indent: int) -> str:
        key = (argument, indent)
        text = found.get(key)
        if text is None:
            text = found[key] = argument.laid_out(indent)
        return text

    return laid_out


def _builtin(template: jinja2.Template) -> bool:
    return template.filename is not None and Path(template.filename).parent.parent == (
        BUILTIN_TEMPLATES
    )


def header(api: Api, kind: Kind) -> str:
    """The first line of every file. It names the spec but not its hash (the manifest
    records that): a spec update then rewrites only the files it changes, and the diff
    a reviewer reads holds nothing else."""
    text = (
        f"Generated by {GENERATOR_NAME} from {_no_coding(txt.comment(api.spec_name))}. "
        "Do not edit: regenerate with `python -m generator generate`."
    )
    if kind == "markdown":
        return f"<!-- {text.replace('--', '- -')} -->\n"
    return f"# {text}\n"


def _no_coding(name: str) -> str:
    """The spec's file name without what Python would read, on a file's first two
    lines, as an encoding declaration (``x-coding:latin-1.json``, PEP 263)."""
    return re.sub(r"(?i)(coding)(?=[:=])", r"\1 ", name)


def _kind(path: str) -> Kind:
    if path.endswith(".py"):
        return "python"
    if path.endswith(".md"):
        return "markdown"
    if path.endswith(".toml"):
        return "toml"
    return "text"
