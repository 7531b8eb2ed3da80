"""What an API module's Python says beyond the model, once the models are laid out:
its docstring and imports."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import text as txt
from generator.model.ir import ApiGroup, Operation, TypeRef
from generator.model.names import Namer, constant
from generator.targets.python.annotations import Import, library_imports, used_names
from generator.targets.python.layout import model_imports
from generator.targets.python.operations import paging_names
from generator.targets.python.rules import parameter_rule


@dataclass(frozen=True)
class GroupCode:
    docstring: str
    imports: tuple[Import, ...]
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
    imports = (
        *library_imports(used),
        *model_imports(group.refs, module_of, "..models."),
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
