"""Load a spec and the files its ``$ref``s reach, check the ``$ref``s, validate it.

Loading is on the hot path of ``check``, so the happy path parses with libyaml and
never tracks line numbers; only when something is wrong is the file composed again to
find the line a JSON pointer points at (``documents.line_of``).

Every ``$ref`` must lead, within local files, to something that is not in the end
only a ``$ref`` back to itself; URLs, absolute paths and anything but regular files
are refused, so a spec can neither make the generator fetch nor read devices. A
``$ref`` may only reach files under the ref root: the spec's own folder, unless
``ref_root`` widens it. Links are resolved before that check, and an error about a
refused file names the ``$ref`` and the rule, never anything the file holds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from generator.errors import Problem, SpecError
from generator.findings import Finding
from generator.load.bundle import resolve_misplaced_refs
from generator.load.documents import Document, line_of, read_document
from generator.load.pointers import pointer_of, unescape

__all__ = [
    "Document",
    "Spec",
    "check_refs",
    "line_of",
    "load_spec",
    "read_document",
]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

_METHODS = frozenset(
    ("get", "put", "post", "delete", "options", "head", "patch", "trace")
)


@dataclass
class Spec:
    """The root document and every document its ``$ref``s reach, loaded once each."""

    root: Document
    documents: dict[Path, Document] = field(default_factory=dict)
    # The folder every file a $ref reaches must be in (links resolved).
    ref_root: Path = Path("/")
    # Faults that --lenient let through, as ``#/pointer: what`` lines.
    warnings: list[Finding] = field(default_factory=list)

    @property
    def data(self) -> Any:
        return self.root.data

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.documents):
            digest.update(self.documents[path].text)
        return digest.hexdigest()

    def size(self) -> str:
        """The root document's operations and component schemas, for the progress
        line: what a long run is working through."""
        data = self.data if isinstance(self.data, dict) else {}
        paths = data.get("paths")
        operations = sum(
            method in _METHODS
            for item in (paths.values() if isinstance(paths, dict) else ())
            if isinstance(item, dict)
            for method in item
        )
        components = data.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        count = len(schemas) if isinstance(schemas, dict) else 0
        return (
            f"{operations:,} operation{'s' * (operations != 1)}, "
            f"{count:,} schema{'s' * (count != 1)}"
        )

    def document(self, path: Path) -> Document:
        if path not in self.documents:
            self.documents[path] = read_document(path)
        return self.documents[path]

    def resolve(self, ref: str, base: Path, where: str) -> tuple[Any, Path, str]:
        """Follow one ``$ref`` written in ``base``; return the target, its file and pointer."""
        file_part, _, fragment = ref.partition("#")
        target_path = self._ref_file(file_part, base, where) if file_part else base
        try:
            doc = self.document(target_path)
        except SpecError as exc:
            raise SpecError(
                [
                    self.problem(
                        base,
                        where,
                        f"$ref {ref!r} names a file that cannot be used: "
                        + (exc.problems[0].message if exc.problems else "see below"),
                        "fix that file (its problem follows), or refer to another",
                    ),
                    *exc.problems,
                ]
            ) from None
        node = doc.data
        for raw in fragment.split("/")[1:] if fragment else []:
            token = unescape(unquote(raw))
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SpecError(
                    [
                        self.problem(
                            base,
                            where,
                            f"$ref {ref!r} points at nothing",
                            "fix the reference or add the missing component",
                        )
                    ]
                )
        return node, target_path, "#" + fragment if fragment else "#"

    def _ref_file(self, file_part: str, base: Path, where: str) -> Path:
        """The local file a ``$ref`` names; URLs, absolute paths and non-files are refused,
        so a spec can neither make the generator fetch nor read devices or secrets."""
        name = unquote(file_part)
        if _URL.match(name) and not re.match(r"^[A-Za-z]:[\\/]", name):
            raise SpecError(
                [
                    self.problem(
                        base,
                        where,
                        f"$ref to {file_part!r}: remote references are not fetched",
                        "download the file and refer to it by a relative path",
                    )
                ]
            )
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", name):
            raise SpecError(
                [
                    self.problem(
                        base,
                        where,
                        f"$ref to {file_part!r}: absolute paths are not followed",
                        "refer to the file by a path relative to this document",
                    )
                ]
            )
        try:
            target = (base.parent / name).resolve()
            inside = target.is_relative_to(self.ref_root)
            is_file = inside and (target in self.documents or target.is_file())
            exists = inside and target.exists()
        except (OSError, RuntimeError, ValueError):  # too long, a symlink loop, a NUL
            inside = is_file = exists = False
        if not inside:
            raise SpecError(
                [
                    self.problem(
                        base,
                        where,
                        f"$ref to {file_part!r} reaches outside {self.ref_root}, the "
                        "folder $refs may read",
                        "keep referenced files beside the spec, or widen the folder with "
                        "`ref_root` in [tool.generator] or --ref-root",
                    )
                ]
            )
        if not is_file and exists:
            raise SpecError(
                [
                    self.problem(
                        base,
                        where,
                        f"$ref to {file_part!r}: not a regular file (a folder, pipe or device)",
                        "refer to a YAML or JSON file",
                    )
                ]
            )
        if not is_file:
            raise SpecError(
                [
                    self.problem(
                        base,
                        where,
                        f"$ref to {file_part!r}: no such file",
                        "check the relative path of the referenced file",
                    )
                ]
            )
        return target

    def problem(self, file: Path, pointer: str, message: str, hint: str) -> Problem:
        doc = self.documents.get(file)
        return Problem(
            file, pointer, message, hint, line_of(doc, pointer) if doc else None
        )


def load_spec(
    path: Path, ref_root: Path | None = None, *, lenient: bool = False
) -> Spec:
    """Load the document at ``path`` and every file its ``$ref``s reach (all of them
    under ``ref_root``, by default the spec's folder), checking that each ``$ref``
    leads somewhere, that no chain of them goes round in a circle and that no schema
    includes itself through ``allOf``. An operation or description given as a
    ``$ref`` is resolved with ``lenient``, a problem without (see ``bundle``)."""
    path = path.resolve()
    root = read_document(path)
    if not isinstance(root.data, dict):
        raise SpecError(
            [
                Problem(
                    path,
                    "",
                    "the document is not a mapping",
                    "an OpenAPI document starts with `openapi: 3.x.y`",
                    1,
                )
            ]
        )
    version = root.data.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise SpecError(
            [
                Problem(
                    path,
                    "#/openapi",
                    f"unsupported OpenAPI version {version!r}",
                    "the generator reads OpenAPI 3.0 and 3.1 documents",
                    line_of(root, "#/openapi") or 1,
                )
            ]
        )
    spec = Spec(root, {path: root}, ref_root=(ref_root or path.parent).resolve())
    check_refs(spec)
    if resolve_misplaced_refs(spec, lenient):
        check_refs(spec)  # the copies' $refs, rewritten to point from their new place
    check_all_of(spec)
    return spec


def check_refs(spec: Spec) -> None:
    """Every ``$ref`` in every reachable document must point at something that is not,
    in the end, only a ``$ref`` back to itself. Up to 20 problems are reported."""
    problems: list[Problem] = []
    settled: set[tuple[Path, str]] = set()
    queue = [spec.root]
    checked: set[Path] = set()
    while queue and len(problems) < 20:
        doc = queue.pop()
        if doc.path in checked:
            continue
        checked.add(doc.path)
        for pointer, ref in doc.refs:
            try:
                _check_chain(spec, doc.path, pointer, ref, settled)
            except SpecError as exc:
                problems.extend(exc.problems)
                if len(problems) >= 20:
                    break
        queue.extend(d for p, d in spec.documents.items() if p not in checked)
    if problems:
        raise SpecError(problems[:20])


def _check_chain(
    spec: Spec, file: Path, pointer: str, ref: str, settled: set[tuple[Path, str]]
) -> None:
    seen: set[tuple[Path, str]] = set()
    where, current = (file, pointer), ref
    while True:
        target, target_file, target_pointer = spec.resolve(current, where[0], where[1])
        key = (target_file, target_pointer)
        if key in settled:
            break
        if key in seen:
            raise SpecError(
                [
                    spec.problem(
                        file,
                        pointer,
                        f"circular $ref chain through {ref!r}",
                        "a $ref must lead to a schema or object, not only to other $refs",
                    )
                ]
            )
        seen.add(key)
        if not (isinstance(target, dict) and isinstance(target.get("$ref"), str)):
            break
        where, current = key, target["$ref"]
    settled.update(seen)


def check_all_of(spec: Spec) -> None:
    """Refuse a schema that includes itself through ``allOf`` (and ``$ref``s): it
    describes no value, and openapi-spec-validator would recurse on it until memory
    runs out. One problem per cycle, at the first schema of the cycle met."""
    problems: list[Problem] = []
    reported: set[tuple[Path, str]] = set()
    for file, doc in list(spec.documents.items()):
        for pointer, node in _schemas_with_all_of(doc.data):
            if (file, pointer) in reported:
                continue
            cycle = _all_of_cycle(spec, (file, pointer), node)
            reported.update(cycle)
            if cycle:
                names = " -> ".join(
                    p for _, p in cycle if not re.search(r"/allOf/\d+$", p)
                )
                problems.append(
                    spec.problem(
                        file,
                        pointer,
                        f"allOf cycle: the schema includes itself ({names})",
                        "a schema cannot be all of itself; for a recursive type, refer to "
                        "it from a property or array items instead",
                    )
                )
                if len(problems) >= 20:
                    break
    if problems:
        raise SpecError(problems)


def _schemas_with_all_of(data: Any) -> list[tuple[str, Any]]:
    """Every mapping with an ``allOf`` list in ``data``, with its pointer."""
    found: list[tuple[str, Any]] = []
    stack: list[tuple[Any, list[Any]]] = [(data, [])]
    while stack:
        node, tokens = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("allOf"), list):
                found.append((pointer_of(tokens), node))
            stack.extend(
                (v, [*tokens, k])
                for k, v in node.items()
                if isinstance(v, (dict, list))
            )
        elif isinstance(node, list):
            stack.extend(
                (v, [*tokens, i])
                for i, v in enumerate(node)
                if isinstance(v, (dict, list))
            )
    return found


def _all_of_cycle(
    spec: Spec, start: tuple[Path, str], node: Any
) -> list[tuple[Path, str]]:
    """The path back to ``start`` through ``allOf`` members and ``$ref``s, if any
    (depth first, each schema entered once)."""
    path: list[tuple[Path, str]] = [start]
    seen = {start}
    stack: list[Any] = [iter(_all_of_members(spec, start, node))]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            path.pop()
            continue
        key, child = step
        if key == start:
            return [*path, key]
        if key in seen:
            continue
        path.append(key)
        seen.add(key)
        stack.append(iter(_all_of_members(spec, key, child)))
    return []


def _all_of_members(
    spec: Spec, where: tuple[Path, str], node: Any
) -> list[tuple[tuple[Path, str], Any]]:
    """The schemas ``node`` (at ``where``) is made of: its ``allOf`` members and the
    target of its ``$ref``, each with its place."""
    members: list[tuple[tuple[Path, str], Any]] = []
    if not isinstance(node, dict):
        return members
    file, pointer = where
    if isinstance(node.get("$ref"), str):
        try:
            target, target_file, target_pointer = spec.resolve(
                node["$ref"], file, pointer
            )
        except SpecError:
            return members  # check_refs reported it
        members.append(((target_file, target_pointer), target))
    parts = node.get("allOf")
    if isinstance(parts, list):
        for index, part in enumerate(parts):
            members.append(((file, f"{pointer}/allOf/{index}"), part))
    return members
