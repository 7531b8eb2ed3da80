"""Parse one spec file, YAML or JSON, into plain data that is safe to walk.

A spec is untrusted input. Before anything else looks at a document it is checked
for what would hurt the machine rather than the SDK: nesting deep enough to overflow
a stack, YAML aliases that contain themselves or expand exponentially ("billion
laughs"), and YAML types JSON does not have. The walk that checks this also collects
the document's ``$ref``s, so they need no second pass.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem, SpecError
from generator.load.pointers import pointer_of, tokens

# Larger files are refused unread: the biggest real specs are a few MiB.
MAX_BYTES = 64 * 1024 * 1024
# Deeper documents are refused: no real spec comes near it, and recursive code
# (ours, the validator's, black's) must never meet unbounded nesting.
MAX_DEPTH = 150
# libyaml composes recursively in C: nesting this deep would crash the process, so a
# document that might nest this deep is measured before it is composed.
_UNSAFE_YAML_NESTING = 5000
# YAML aliases share one object between places; walked as a tree, a document may be
# this many nodes larger than it has bytes before it is taken for an alias bomb.
_ALIAS_SLACK = 100_000


class SpecLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml with YAML 1.2's scalars, as OpenAPI documents are written.

    YAML 1.1 (PyYAML's default) reads ``on``/``no``/``yes`` as booleans, ``12:30`` as
    a number and ``2024-01-01`` as a date: a property named ``on`` would lose its name
    and an example date would not be a string. Here only ``true``/``false`` are
    booleans, numbers are JSON's, and there are no timestamps.
    """


SpecLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if not tag.endswith(("bool", "int", "float", "timestamp"))
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+.0123456789"),
)


def _unique_mapping(
    loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False
) -> Any:
    """A mapping, refused if a key appears twice: YAML would keep the last silently,
    and the document would not say what its author meant."""
    first: dict[tuple[str, str], int] = {}
    for key_node, _ in node.value:
        if (
            isinstance(key_node, yaml.ScalarNode)
            and key_node.tag != "tag:yaml.org,2002:merge"
        ):
            seen = (key_node.tag, key_node.value)
            line = key_node.start_mark.line + 1
            if seen in first:
                raise yaml.constructor.ConstructorError(
                    problem=f"duplicate key {key_node.value[:100]!r} (first on line {first[seen]}, "
                    f"again on line {line})",
                    problem_mark=key_node.start_mark,
                )
            first[seen] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


SpecLoader.construct_mapping = _unique_mapping


class _DuplicateKey(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _yaml_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    return sign * (int(digits[2:], 16) if digits[:2] == "0x" else int(digits, 10))


SpecLoader.add_constructor("tag:yaml.org,2002:int", _yaml_int)
# Only JSON's types: explicit tags for anything else are a YAML error, not data.
SpecLoader.yaml_constructors = {
    tag: constructor
    for tag, constructor in SpecLoader.yaml_constructors.items()
    if tag is None or not tag.endswith(("binary", "set", "omap", "pairs", "timestamp"))
}


# Files a ``$ref`` may name for their text rather than for YAML or JSON in them.
_TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html"})


@dataclass
class Document:
    path: Path
    data: Any
    text: bytes
    # Every ``$ref`` written in the document: the JSON pointer of its object, the value.
    refs: list[tuple[str, str]] = field(default_factory=list)
    # The composed YAML tree, built only when a line number is wanted.
    nodes: Any = None


def read_document(path: Path) -> Document:
    """Parse one YAML or JSON file and check that it is safe to walk. Only a regular
    file of at most MAX_BYTES is read (not a device, a pipe or a folder)."""
    text = read_capped(path)
    if b"\x00" in text:
        raise SpecError(
            [Problem(path, "", "the file contains NUL bytes", "is it a binary file?")]
        )
    is_json = path.suffix.lower() == ".json"
    if path.suffix.lower() in _TEXT_SUFFIXES:
        # A description kept in a file of its own (Redocly's layout): its text.
        return Document(path, text.decode("utf-8", "replace"), text)
    try:
        if is_json:
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        else:
            _refuse_deep_yaml(path, text)
            data = yaml.load(text, Loader=SpecLoader)
    except _DuplicateKey as exc:
        raise _duplicate_json_key(path, text, str(exc)) from None
    except json.JSONDecodeError as exc:
        raise SpecError(
            [
                Problem(
                    path, "", f"invalid JSON: {exc.msg}", "fix the syntax", exc.lineno
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(
            [Problem(path, "", f"invalid YAML: {problem}", "fix the syntax", line)]
        ) from None
    except RecursionError:
        raise _too_deep(path) from None
    except (ValueError, TypeError) as exc:
        raise SpecError(
            [
                Problem(
                    path,
                    "",
                    f"cannot parse the file: {str(exc)[:200]}",
                    "fix the syntax",
                )
            ]
        ) from None
    doc = Document(path, data, text)
    doc.refs = inspect_refs(doc)
    if _SURROGATE_ESCAPE.search(text):
        doc.data = _without_surrogates(doc.data)
    return doc


def read_capped(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, refused past MAX_BYTES."""
    try:
        # Non-blocking, so that opening a pipe does not wait for a writer.
        with open(
            os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb"
        ) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise SpecError(
                    [
                        Problem(
                            path,
                            "",
                            "not a regular file",
                            "a spec is a YAML or JSON file",
                        )
                    ]
                )
            text = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SpecError(
            [
                Problem(
                    path, "", f"cannot read the file: {exc.strerror}", "check the path"
                )
            ]
        ) from None
    if len(text) > MAX_BYTES:
        raise SpecError(
            [
                Problem(
                    path,
                    "",
                    f"the file is larger than {MAX_BYTES >> 20} MiB",
                    "no OpenAPI document needs this; is it the right file?",
                )
            ]
        )
    return text


# ``\ud800`` written as an escape is the only way a lone surrogate gets in (UTF-8 text
# cannot hold one); it is no character and no output could be encoded with it.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]|\\U0000[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(node: Any) -> Any:
    """The data with every lone surrogate, in keys and values, replaced by U+FFFD."""
    if isinstance(node, str):
        return _SURROGATE.sub("\ufffd", node)
    if isinstance(node, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_surrogates(v) for v in node]
    return node


def _duplicate_json_key(path: Path, text: bytes, key: str) -> SpecError:
    """The error for a JSON object with ``key`` twice, with both lines when YAML (of
    which JSON is nearly a subset) can find them."""
    try:
        yaml.load(text, Loader=SpecLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if "duplicate key" in str(getattr(exc, "problem", "")) and mark is not None:
            return SpecError(
                [Problem(path, "", f"invalid JSON: {exc.problem}", "remove one of them", mark.line + 1)]  # type: ignore[attr-defined]
            )
    return SpecError(
        [
            Problem(
                path,
                "",
                f"invalid JSON: duplicate key {key[:100]!r}",
                "remove one of them",
            )
        ]
    )


def _too_deep(path: Path, line: int | None = None) -> SpecError:
    return SpecError(
        [
            Problem(
                path,
                "",
                f"the document nests deeper than {MAX_DEPTH} levels",
                "no OpenAPI document needs this; is it generated wrongly?",
                line,
            )
        ]
    )


def _refuse_deep_yaml(path: Path, text: bytes) -> None:
    """Stop a YAML file whose nesting would crash libyaml's recursive composer.

    Each level of nesting needs an opening bracket or more indentation (a longer
    prefix of spaces and ``- ``), so a cheap upper bound comes from those; only a file
    whose bound is high is measured exactly, from the parser's events (which libyaml
    produces without recursion).
    """
    opening = text.count(b"[") + text.count(b"{")
    prefix = max((len(m) for m in re.findall(rb"(?m)^[ ?-]*", text)), default=0)
    if opening + 2 * prefix + 2 < _UNSAFE_YAML_NESTING:
        return
    depth = 0
    for event in yaml.parse(text, Loader=SpecLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(
                    path, event.start_mark.line + 1 if event.start_mark else None
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def inspect_refs(doc: Document) -> list[tuple[str, str]]:
    """Walk the document once, as the tree later stages will see; return its ``$ref``s.

    Refuses recursive YAML aliases (a node inside itself), nesting beyond
    ``MAX_DEPTH`` and alias expansion far beyond the file's size ("billion laughs").
    A ``$ref`` inside a literal value (an example, a default, an extension) is data,
    not a reference, and is not collected.
    """
    refs: list[tuple[str, str]] = []
    if not isinstance(doc.data, (dict, list)):
        return refs
    budget = len(doc.text) + _ALIAS_SLACK
    tokens: list[Any] = []
    on_path = {id(doc.data)}
    stack: list[tuple[Any, Any, bool]] = [(_children(doc.data), doc.data, False)]
    while stack:
        children, node, literal = stack[-1]
        for key, child in children:
            budget -= 1
            if not isinstance(child, (dict, list)):
                if isinstance(child, float) and not math.isfinite(child):
                    raise SpecError([_not_json_number(doc, [*tokens, key], child)])
                continue
            if id(child) in on_path or len(stack) >= MAX_DEPTH or budget < 0:
                raise SpecError(
                    [
                        _walk_problem(
                            doc, [*tokens, key], id(child) in on_path, budget < 0
                        )
                    ]
                )
            child_literal = literal or _is_literal(tokens, node, key, child)
            if (
                not child_literal
                and isinstance(child, dict)
                and isinstance(child.get("$ref"), str)
            ):
                refs.append((pointer_of([*tokens, key]), child["$ref"]))
            tokens.append(key)
            on_path.add(id(child))
            stack.append((_children(child), child, child_literal))
            break
        else:
            stack.pop()
            on_path.discard(id(node))
            if tokens:
                tokens.pop()
    if isinstance(doc.data, dict) and isinstance(doc.data.get("$ref"), str):
        refs.append(("#", doc.data["$ref"]))
    return refs


# Keys whose values are data, wherever they appear as keywords.
_LITERAL_KEYS = frozenset({"example", "default", "const", "enum", "value"})
# Keywords whose values map names to objects: their keys are names, never keywords.
NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "schemas",
        "responses",
        "parameters",
        "examples",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "callbacks",
        "pathItems",
        "paths",
        "content",
        "encoding",
        "mapping",
        "variables",
        "webhooks",
        "dependentSchemas",
        "scopes",
    }
)


def _is_literal(tokens: list[Any], node: Any, key: Any, child: Any) -> bool:
    if not isinstance(node, dict) or not isinstance(key, str):
        return False
    if tokens and tokens[-1] in NAME_MAPS and isinstance(node, dict):
        return False
    return (
        key in _LITERAL_KEYS
        or key.startswith("x-")
        or (key == "examples" and isinstance(child, list))
    )


def _walk_problem(
    doc: Document, tokens: list[Any], recursive: bool, expanded: bool
) -> Problem:
    pointer = pointer_of(tokens)
    if recursive:
        return _doc_problem(
            doc,
            pointer,
            "a YAML alias contains itself",
            "a document must be a tree; replace the alias with a $ref",
        )
    if expanded:
        return _doc_problem(
            doc,
            pointer,
            "YAML aliases expand this document far beyond its size",
            "use $refs instead of repeating large anchors",
        )
    return _doc_problem(
        doc,
        pointer,
        f"the document nests deeper than {MAX_DEPTH} levels",
        "no OpenAPI document needs this; is it generated wrongly?",
    )


def _not_json_number(doc: Document, tokens: list[Any], value: float) -> Problem:
    return _doc_problem(
        doc,
        pointer_of(tokens),
        f"{value} is not a number JSON can carry (NaN, or too large for a double)",
        "an OpenAPI document is JSON data: use a finite number, or a string",
    )


def _children(node: Any) -> Any:
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)


def _doc_problem(doc: Document, pointer: str, message: str, hint: str) -> Problem:
    return Problem(doc.path, pointer, message, hint, line_of(doc, pointer))


def line_of(doc: Document, pointer: str) -> int | None:
    """The 1-based line where ``pointer`` starts in ``doc``, or the nearest parent's."""
    if doc.nodes is None:
        try:
            doc.nodes = yaml.compose(doc.text, Loader=SpecLoader) or False
        except (yaml.YAMLError, RecursionError):
            doc.nodes = False
    node: Any = doc.nodes
    if node is False:
        return _json_line(doc, pointer) if doc.path.suffix.lower() == ".json" else None
    line: int = node.start_mark.line + 1
    for token in tokens(pointer):
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if getattr(key, "value", None) == token:
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and token.isdigit():
            if int(token) < len(node.value):
                child = node.value[int(token)]
                line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def _json_line(doc: Document, pointer: str) -> int | None:
    """For JSON that YAML cannot compose: the line of the first use of the last key."""
    found = tokens(pointer)
    if not found:
        return 1
    index = doc.text.find(json.dumps(found[-1]).encode() + b":")
    return doc.text.count(b"\n", 0, index) + 1 if index >= 0 else None
