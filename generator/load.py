"""Read a spec and the files it references, and validate it.

Loading is on the hot path of ``check``, so the happy path parses with libyaml and
never tracks line numbers; only when something is wrong is the file composed again to
find the line a JSON pointer points at.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from .errors import Problem, SpecError, pointer_of

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


@dataclass
class Document:
    path: Path
    data: Any
    text: bytes


@dataclass
class Spec:
    """The root document and every document its ``$ref``s reach, loaded once each."""

    root: Document
    documents: dict[Path, Document] = field(default_factory=dict)

    @property
    def data(self) -> Any:
        return self.root.data

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for path in sorted(self.documents):
            digest.update(self.documents[path].text)
        return digest.hexdigest()

    def document(self, path: Path) -> Document:
        if path not in self.documents:
            self.documents[path] = read_document(path)
        return self.documents[path]

    def resolve(self, ref: str, base: Path, where: str) -> tuple[Any, Path, str]:
        """Follow one ``$ref`` written in ``base``; return the target, its file and pointer."""
        file_part, _, fragment = ref.partition("#")
        target_path = (base.parent / unquote(file_part)).resolve() if file_part else base
        try:
            doc = self.document(target_path)
        except SpecError as exc:
            raise SpecError(
                [
                    Problem(
                        base,
                        where,
                        f"$ref {ref!r} points at a file that cannot be read",
                        "check the relative path of the referenced file",
                        line_of(self.document(base), where),
                    ),
                    *exc.problems,
                ]
            ) from None
        node = doc.data
        tokens = [t for t in fragment.split("/")[1:]] if fragment else []
        for raw in tokens:
            token = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise SpecError(
                    [
                        Problem(
                            base,
                            where,
                            f"$ref {ref!r} points at nothing",
                            "fix the reference or add the missing component",
                            line_of(self.document(base), where),
                        )
                    ]
                )
        return node, target_path, "#" + fragment if fragment else "#"


def read_document(path: Path) -> Document:
    try:
        text = path.read_bytes()
    except OSError as exc:
        raise SpecError(
            [Problem(path, "", f"cannot read the file: {exc.strerror}", "check the path")]
        ) from None
    if b"\x00" in text:
        raise SpecError(
            [Problem(path, "", "the file contains NUL bytes", "is it a binary file?")]
        )
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as exc:
        raise SpecError(
            [Problem(path, "", f"invalid JSON: {exc.msg}", "fix the syntax", exc.lineno)]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SpecError(
            [Problem(path, "", f"invalid YAML: {problem}", "fix the syntax", line)]
        ) from None
    except (ValueError, RecursionError) as exc:
        raise SpecError([Problem(path, "", f"cannot parse the file: {exc}")]) from None
    return Document(path, data, text)


def load_spec(path: Path) -> Spec:
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
    return Spec(root, {path: root})


def validate_spec(spec: Spec) -> None:
    """Validate against the OpenAPI schema; raise one SpecError naming every problem."""
    # openapi-spec-validator costs half a second to import, so it is imported only
    # when a spec actually has to be validated.
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(spec.data.get("openapi", ""))
    cls = OpenAPIV31SpecValidator if version.startswith("3.1") else OpenAPIV30SpecValidator
    validator = cls(spec.data, base_uri=spec.root.path.as_uri())
    problems: list[Problem] = []
    try:
        for error in validator.iter_errors():
            parts = list(getattr(error, "absolute_path", []) or [])
            pointer = pointer_of(parts)
            problems.append(
                Problem(
                    spec.root.path,
                    pointer,
                    _short(getattr(error, "message", str(error))),
                    "see the OpenAPI specification for what is allowed here",
                    line_of(spec.root, pointer),
                )
            )
            if len(problems) >= 20:
                break
    except RecursionError:
        problems.append(Problem(spec.root.path, "", "circular $ref chain"))
    except Exception as exc:  # the validator raises its own errors for bad refs
        problems.append(
            Problem(spec.root.path, "", f"validation failed: {_short(str(exc))}")
        )
    if problems:
        raise SpecError(problems)


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_of(doc: Document, pointer: str) -> int | None:
    """The 1-based line where ``pointer`` starts in ``doc``, or the nearest parent's."""
    if doc.path.suffix.lower() == ".json":
        return _json_line(doc, pointer)
    try:
        node: Any = yaml.compose(doc.text, Loader=_Loader)
    except yaml.YAMLError:
        return None
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    line = node.start_mark.line + 1 if node is not None else None
    for token in tokens:
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
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if not tokens:
        return 1
    needle = json.dumps(tokens[-1]).encode() + b":"
    index = doc.text.find(needle)
    return doc.text.count(b"\n", 0, index) + 1 if index >= 0 else None
