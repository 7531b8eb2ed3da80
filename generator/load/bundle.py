"""``$ref``s where OpenAPI allows none, as Redocly-style multi-file documents write them.

Redocly's split layout puts a whole operation object in a file of its own
(``get: {$ref: operations/get-pet.yaml}``) and a description in a Markdown file
(``description: {$ref: tags/pets.md}``). Neither is valid OpenAPI: the validator would
report every one of them, and the parser would see an operation without content.
Under ``--lenient`` each is resolved in place (the target copied where the ``$ref``
stood, its own ``$ref``s rewritten to stay pointing where they did) with a warning;
without it, each is a problem that names ``--lenient``.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from generator.errors import SpecError
from generator.findings import Finding
from generator.load.documents import NAME_MAPS, Document, inspect_refs, line_of
from generator.load.pointers import pointer_of, tokens

if TYPE_CHECKING:
    from generator.load.spec import Spec

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEXT_KEYS = ("description", "summary")
_WHY = "not valid OpenAPI (a multi-file layout such as Redocly's)"
_HINT = "bundle the document first (e.g. `redocly bundle`), or run with --lenient"


def resolve_misplaced_refs(spec: Spec, lenient: bool) -> bool:
    """Resolve, under ``lenient``, every operation or description given as a ``$ref``,
    and say whether there was one; otherwise raise a SpecError naming each of them."""
    found = list(_misplaced(spec))
    if not found:
        return False
    if not lenient:
        raise SpecError(
            [
                spec.problem(doc.path, pointer, f"$ref on {what} is {_WHY}", _HINT)
                for doc, pointer, _, _, what in found[:20]
            ]
        )
    changed: dict[Path, Document] = {}
    for doc, pointer, parent, key, what in found:
        ref = parent[key]["$ref"]
        target, target_file, _ = spec.resolve(ref, doc.path, pointer)
        parent[key] = _rebased(copy.deepcopy(target), target_file, doc.path)
        changed[doc.path] = doc
        spec.warnings.append(
            Finding(
                doc.path,
                pointer,
                f"$ref on {what} is {_WHY}; resolved (--lenient)",
                line=line_of(doc, pointer),
                severity="warning",
            )
        )
    for doc in changed.values():
        doc.refs = inspect_refs(doc)
    return True


def _misplaced(spec: Spec) -> Any:
    """(document, pointer, parent, key, what) of each misplaced ``$ref``."""
    for doc in list(spec.documents.values()):
        yield from _texts(doc)
    root = spec.root
    paths = root.data.get("paths")
    for path, item in (paths.items() if isinstance(paths, dict) else ()):
        doc, base = root, ["paths", path]
        if isinstance(item, dict) and isinstance(item.get("$ref"), str):
            item, file, pointer = spec.resolve(
                item["$ref"], root.path, pointer_of(base)
            )
            doc = spec.document(file)
            base = tokens(pointer)
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            op = item.get(method)
            if isinstance(op, dict) and isinstance(op.get("$ref"), str):
                yield doc, pointer_of(
                    [*base, method]
                ), item, method, "an operation object"


def _texts(doc: Document) -> Any:
    """Descriptions and summaries given as a ``$ref`` (to a Markdown file, say), found
    among the ``$ref``s the loader collected, so that no document is walked again; in
    a map of names (a schema's ``properties``, ``components/schemas``, ...) a key
    ``description`` is a name, and its ``$ref`` may well be valid."""
    for pointer, _ in doc.refs:
        found = tokens(pointer)
        if not found or found[-1] not in _TEXT_KEYS:
            continue
        if len(found) > 1 and found[-2] in NAME_MAPS:
            continue
        parent = doc.data
        for token in found[:-1]:
            parent = _child(parent, token)
        yield doc, pointer, parent, found[-1], f"a {found[-1]}"


def _child(node: Any, token: str) -> Any:
    """The child a pointer's token names; YAML may have read a key such as ``200`` as
    a number."""
    if isinstance(node, list):
        return node[int(token)]
    if token not in node and token.isdigit() and int(token) in node:
        return node[int(token)]
    return node[token]


def _rebased(node: Any, source: Path, landing: Path) -> Any:
    """``node``, copied from ``source`` into ``landing``, with each of its ``$ref``s
    rewritten to point where it pointed from ``source``."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(current)
        elif isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                current["$ref"] = _moved(ref, source, landing)
            stack.extend(v for k, v in current.items() if k != "$ref")
    return node


def _moved(ref: str, source: Path, landing: Path) -> str:
    file_part, hash_mark, fragment = ref.partition("#")
    if "://" in file_part or file_part.startswith("/"):
        return ref  # refused later, where every $ref is checked
    target = (source.parent / unquote(file_part)).resolve() if file_part else source
    suffix = hash_mark + fragment
    if target == landing:
        return suffix or "#"
    return Path(os.path.relpath(target, landing.parent)).as_posix() + suffix
