"""Example scripts for the docs: complete, runnable, laid out as black would.

Each script imports what it uses, reads credentials from the environment variables
the client reads, opens the client in a ``with`` block and calls operations with the
example values of ``examples.py`` as ``samples.py`` prints them. ``codelayout`` breaks the long lines.
"""

from __future__ import annotations

import functools
import re

from generator.model.ir import Operation
from generator.model.names import snake
from generator.targets.python.annotations import annotation
from generator.targets.python.codelayout import Stmt, lay_out
from generator.targets.python.literals import LINE_LENGTH
from generator.targets.python.naming import (
    BODY_ARGUMENT,
    Credentials,
    page_token,
    parameter_key,
    parameter_names,
)
from generator.targets.python.samples import SampleCode


def call_arguments(op: Operation, samples: SampleCode, *, body: str = "") -> list[str]:
    """The arguments of an example call: path parameters and a required body by
    position, then every other parameter but a page token, by keyword (``samples``
    prints their values).

    ``body`` replaces the body's example (a file object, say).
    """
    token, names = page_token(op), parameter_names(op)
    args = [samples.code(p.sample) for p in op.parameters if p.location == "path"]
    if op.body is not None and op.body.required:
        args.append(body or samples.code(op.body.sample))
    args += [
        f"{names[parameter_key(p)]}={samples.code(p.sample)}"
        for p in op.parameters
        if p.location != "path"
        and parameter_key(p) != token
        and not p.deprecated
        and p.sample is not None
    ]
    if op.body is not None and not op.body.required and op.body.sample is not None:
        args.append(f"{BODY_ARGUMENT}={body or samples.code(op.body.sample)}")
    return args


def required_arguments(op: Operation, samples: SampleCode) -> list[str]:
    """The arguments a call cannot do without, and one query filter when the
    operation has optional ones but no required one: listing APIs often insist on a
    filter without the spec saying so (Bandwidth's listMessages does)."""
    names = parameter_names(op)
    args = [samples.code(p.sample) for p in op.parameters if p.location == "path"]
    if op.body is not None and op.body.required:
        args.append(samples.code(op.body.sample))
    args += [
        f"{names[parameter_key(p)]}={samples.code(p.sample)}"
        for p in op.parameters
        if p.location != "path" and p.required and p.sample is not None
    ]
    token = page_token(op)
    query = [p for p in op.parameters if p.location == "query"]
    filters = [
        p
        for p in query
        if p.sample is not None and not p.deprecated and parameter_key(p) != token
    ]
    if filters and not any(p.required for p in query):
        args.append(
            f"{names[parameter_key(filters[0])]}={samples.code(filters[0].sample)}"
        )
    return args


def result_name(op: Operation) -> str:
    """What to call the value an operation returns, or "" if it returns nothing."""
    shape = op.success_type.shape
    if op.success_kind == "none" or shape.kind == "null":
        return ""
    if shape.kind == "binary":
        return "content"
    if shape.kind == "array":
        return "items"
    if shape.kind == "string":
        return "text"
    # Named after the class it returns; a value of a plain type is a "result".
    spelled = annotation(op.success_type.shape)
    name = snake(spelled) if spelled.isidentifier() else ""
    return name if name and name not in ("client", "os", "models") else "result"


def call(path: str, args: list[str], method: str = "") -> str:
    """The call of the operation at ``path`` (``messages.create_message``, from
    ``naming.operation_paths``), or of its companion ``method``."""
    # A companion (``raw``, ``iter``, ...) is on the operation as an object: ``calls``.
    attr_name, name = path.split(".")
    where = f"client.{attr_name}" + (".calls" if method else "")
    called = f"{where}.{name}" + (f".{method}" if method else "")
    return f"{called}({', '.join(args)})"


def operation_example(
    package: str,
    path: str,
    op: Operation,
    scheme: Credentials | None,
    samples: SampleCode,
) -> str:
    """A complete script calling ``op`` (at ``path``): imports, credentials from the
    environment."""
    expression = call(path, call_arguments(op, samples))
    name = result_name(op)
    note: list[Stmt] = [f"# {line}" for line in unexampled(op)]
    if not name:
        return script(package, scheme, [*note, ("", expression, "")])
    shown = f"len({name})" if name == "content" else name
    return script(
        package, scheme, [*note, (f"{name} = ", expression, ""), f"print({shown})"]
    )


def unexampled(op: Operation) -> list[str]:
    """What an example call leaves out (or shows as ``...``) because no small value
    satisfies its schema (``samples.PLACEHOLDER``), as a note for the reader."""
    arguments = parameter_names(op)
    names = [arguments[parameter_key(p)] for p in op.parameters if p.sample is None]
    if op.body is not None and op.body.sample is None:
        names.append(BODY_ARGUMENT)
    return [
        f"{name}: no small example satisfies its schema; pass a valid value"
        for name in names
    ]


def script(
    package: str,
    scheme: Credentials | None,
    body: list[Stmt],
    *,
    names: tuple[str, ...] = (),
    before: list[Stmt] | None = None,
    asynchronous: bool = False,
    client_args: tuple[str, ...] = (),
) -> str:
    """A script that opens a client and runs ``body`` with it.

    ``names`` are imported from the package besides the client (and ``models``, when
    the code uses it); ``before`` runs ahead of opening the client; ``client_args``
    are passed to the client besides the credentials.
    """
    client = "AsyncClient" if asynchronous else "Client"
    opening = (
        "async with " if asynchronous else "with ",
        _client_call(client, scheme, client_args),
        " as client:",
    )
    lines = list(_opening(opening, 4 if asynchronous else 0))
    lines += lay_out(body, 8 if asynchronous else 4)
    if asynchronous:
        lines = ["async def main() -> None:", *lines, "", "", "asyncio.run(main())"]
    prelude = lay_out(before or [], 0)
    if prelude:
        prelude.append("")
    code = "\n".join(prelude + lines)
    # black: two blank lines between the imports and a function, one otherwise.
    gap = "\n\n\n" if code.startswith("async def") else "\n\n"
    return _imports(package, code, (client, *names)) + gap + code + "\n"


# Every example of an API opens the same client: laid out once.
@functools.lru_cache(maxsize=64)
def _opening(statement: tuple[str, str, str], indent: int) -> tuple[str, ...]:
    return tuple(lay_out([statement], indent))


def _client_call(
    client: str, scheme: Credentials | None, extra: tuple[str, ...]
) -> str:
    creds = (
        [
            f"{param}=os.environ[{env!r}]"
            for param, env in zip(scheme.params, scheme.env_vars, strict=True)
        ]
        if scheme
        else []
    )
    return f"{client}({', '.join([*creds, *extra])})"


_STDLIB_USES = (
    ("asyncio", "asyncio."),
    ("os", "os.environ"),
)
_FROM_USES = (
    ("datetime", "date", "date.fromisoformat("),
    ("datetime", "datetime", "datetime.fromisoformat("),
    ("pathlib", "Path", "Path("),
)


def _imports(package: str, code: str, names: tuple[str, ...]) -> str:
    """The import block, laid out as isort (profile black) sorts it."""
    stdlib = [f"import {module}" for module, use in _STDLIB_USES if use in code]
    froms: dict[str, list[str]] = {}
    for module, name, use in _FROM_USES:
        if use in code and re.search(r"(?<![\w.])" + re.escape(use), code):
            froms.setdefault(module, []).append(name)
    stdlib += [
        f"from {module} import {', '.join(sorted(n))}"
        for module, n in sorted(froms.items())
    ]
    third = ["import httpx"] if "httpx." in code else []
    imported = sorted(set(names), key=lambda n: (n[0].islower(), n))
    if "models." in code:
        imported.append("models")
    line = f"from {package} import {', '.join(imported)}"
    if len(line) > LINE_LENGTH:
        line = (
            f"from {package} import (\n"
            + "".join(f"    {n},\n" for n in imported)
            + ")"
        )
    third.append(line)
    return "\n".join(stdlib) + ("\n\n" if stdlib else "") + "\n".join(third)
