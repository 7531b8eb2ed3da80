"""What an API module's Python says beyond the model, once the models are laid out:
its docstring and imports."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import text as txt
from generator.model.ir import ApiGroup, Operation, TypeRef
from generator.model.names import Namer, constant
from generator.model.types import nodes
from generator.targets.python.annotations import Import, library_imports, used_names
from generator.targets.python.layout import model_imports
from generator.targets.python.operations import paging_names
from generator.targets.python.rules import parameter_rule


@dataclass(frozen=True)
class GroupCode:
    docstring: str
    # Imported when the module is: the library, the ``models`` package (whose classes
    # the operation tables name in functions called on first use) and the enums the
    # parameters are checked against.
    imports: tuple[Import, ...]
    # The model classes and unions the signatures name, imported for type checkers
    # only: importing the module must not build pydantic's model classes.
    type_imports: tuple[Import, ...]
    # Names the module takes from the runtime's ``_endpoint`` besides the fixed ones.
    runtime_names: tuple[str, ...]
    uses_file_content: bool
    uses_rules: bool
    # An operation's pointer -> its table's module constant (``_SEND_MESSAGE``), made
    # unique in the module: distinct operationIds may meet (getUser, get_user).
    constants: dict[str, str]


def group_code(group: ApiGroup, module_of: dict[str, str]) -> GroupCode:
    """What the group's module imports: library names its signatures use, the
    models it refers to (``module_of`` places each) and the runtime's decorators."""
    # Every type the module spells out: in signatures, and in the decoders of the
    # operation tables, where an error body may name a type no signature does.
    used = used_names(s for op in group.operations for s in _shapes(op))
    used |= used_names(
        (op.body.type.shape for op in group.operations if op.body), upload=True
    )
    enums = sorted(
        {
            node.ref
            for op in group.operations
            for param in op.parameters
            for node in nodes(param.type.shape)
            if node.kind == "enum" and node.ref
        }
    )
    typed = [ref for ref in group.refs if ref not in enums]
    if typed:
        used.add("TYPE_CHECKING")
    imports = (
        *library_imports(used),
        *([Import("..", ("models",))] if _decoded(group.operations) else []),
        *model_imports(tuple(enums), module_of, "..models."),
    )
    runtime = {
        "NO_CONTENT",
        "AsyncResource",
        "Decoder",
        "Operation",
        "Request",
        "SyncResource",
    }
    for op in group.operations:
        if op.pagination is None:
            runtime.add("endpoint")
        else:
            runtime.update(("Paging", "pages_of"))
            runtime.update(paging_names(op.pagination))
    if any(op.body and op.body.encodings for op in group.operations):
        runtime.add("Encoding")
    if "ServerSentEvent" in used:
        runtime.add("ServerSentEvent")
    namer = Namer()
    return GroupCode(
        docstring=txt.docstring(group.description, indent=""),
        imports=imports,
        type_imports=model_imports(tuple(typed), module_of, "..models."),
        runtime_names=tuple(sorted(runtime, key=_isort_key)),
        uses_file_content="FileContent" in used,
        uses_rules=any(
            parameter_rule(p) for op in group.operations for p in op.parameters
        ),
        constants={
            op.pointer: namer.unique(op.pointer, constant(op.operation_id))
            for op in group.operations
        },
    )


def _decoded(operations: tuple[Operation, ...]) -> bool:
    """Whether an operation table names a class: a JSON response's or a checked
    body's type."""
    shapes = [
        r.decoded or r.type.shape
        for op in operations
        for r in op.responses
        if r.kind == "json" and r.type
    ]
    shapes += [op.body.type.shape for op in operations if op.body and op.checks_body]
    return any(node.ref for shape in shapes for node in nodes(shape))


def _shapes(op: Operation) -> list[TypeRef]:
    """The types an operation's method and table entry spell out."""
    shapes = [op.success_type.shape]
    shapes += [r.type.shape for r in op.responses if r.type]
    for param in op.parameters:
        shapes.append(param.type.shape)
        if param.type.shape.kind == "enum":
            # The parameter also takes the enum's values, as ``Literal[...]``.
            shapes.append(TypeRef("literal"))
    return shapes


def _isort_key(name: str) -> tuple[int, str]:
    """isort's order of imported names: constants, then classes, then the rest."""
    if name.isupper():
        return 0, name
    return (1 if name[0].isupper() else 2), name
