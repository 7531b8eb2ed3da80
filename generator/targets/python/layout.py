"""Decide which module holds each generated class and what each module imports.

One class per module keeps modules small, imports lazy and regeneration incremental.
Classes that refer to each other in a cycle share one module, so that no import cycle
can arise; within it, models come first and unions after, and the models are rebuilt
once everything is defined.
"""

from __future__ import annotations

from generator.model.ir import Enum, Model, Union
from generator.targets.python.annotations import (
    Import,
    library_imports,
    union_names,
    used_names,
)
from generator.targets.python.classes import ModelModule, deferred_unions, enum_base
from generator.targets.python.naming import class_modules, model_fields
from generator.targets.python.rules import model_rules


def lay_out_models(
    models: tuple[Model, ...], enums: tuple[Enum, ...], unions: tuple[Union, ...]
) -> tuple[tuple[ModelModule, ...], dict[str, str]]:
    refs: dict[str, tuple[str, ...]] = {m.name: m.refs for m in models}
    refs.update({u.name: u.refs for u in unions})
    refs.update({e.name: () for e in enums})
    order = (
        [m.name for m in models] + [u.name for u in unions] + [e.name for e in enums]
    )
    module_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    default_module = class_modules(models, enums, unions)
    for component in _strongly_connected(order, refs):
        module = default_module[component[0]]
        members[module] = component
        for name in component:
            module_of[name] = module
    by_name_model = {m.name: m for m in models}
    by_name_enum = {e.name: e for e in enums}
    by_name_union = {u.name: u for u in unions}
    modules = []
    for module, names in members.items():
        in_module = set(names)
        deferred = deferred_unions(
            tuple(by_name_union[n] for n in names if n in by_name_union)
        )
        external = sorted(
            {r for n in names for r in refs[n] if r not in in_module},
            key=lambda r: (module_of[r], r),
        )
        imports = _group(external, module_of, prefix=".")
        used = set().union(
            *(_model_names(by_name_model[n]) for n in names if n in by_name_model),
            *(
                union_names(u.variants, u.tagged, n in deferred)
                for n in names
                if (u := by_name_union.get(n))
            ),
        )
        classes = [
            by_name_model.get(n) or by_name_enum.get(n) or by_name_union[n]
            for n in names
        ]
        base_names = sorted(
            {"SdkModel" for n in names if n in by_name_model}
            | {
                "Rule"
                for n in names
                if n in by_name_model and model_rules(by_name_model[n])
            }
            | {enum_base(by_name_enum[n]) for n in names if n in by_name_enum}
            | {
                name
                for n in names
                if n in by_name_union and by_name_union[n].tagged
                for name in ("UNKNOWN_TAG", "UnknownVariant", "discriminate")
            }
        )
        summary = (
            f"The {classes[0].name} {_kind(classes[0])}."
            if len(classes) == 1
            else "Classes that refer to each other: "
            + ", ".join(c.name for c in classes)
            + "."
        )
        rebuild_limit = (
            _REBUILD_FRAMES * len(names) + 1000 if len(names) > _DEEP_CYCLE else 0
        )
        library = library_imports(used)
        if rebuild_limit:
            library = tuple(
                sorted(
                    (
                        *library,
                        Import(
                            "sys", ("getrecursionlimit", "setrecursionlimit"), "stdlib"
                        ),
                    ),
                    key=lambda imp: (imp.section != "stdlib", imp.module),
                )
            )
        modules.append(
            ModelModule(
                name=module,
                models=tuple(by_name_model[n] for n in names if n in by_name_model),
                enums=tuple(by_name_enum[n] for n in names if n in by_name_enum),
                unions=tuple(by_name_union[n] for n in names if n in by_name_union),
                imports=(*library, *imports),
                needs_rebuild=len(names) > 1,
                summary=summary,
                base_names=tuple(base_names),
                base_module="_enums" if set(base_names) <= _ENUM_BASES else "_models",
                rebuild_limit=rebuild_limit,
            )
        )
    modules.sort(key=lambda m: m.name)
    return tuple(modules), module_of


# pydantic builds a cycle of classes in one recursion, some 20 frames per class: past
# this many classes, that can exceed Python's default limit of 1000 frames, and the
# module raises the limit while it rebuilds them (measured: 100 classes need ~2000).
_DEEP_CYCLE = 30
_REBUILD_FRAMES = 30


def _model_names(model: Model) -> set[str]:
    """The library names a model's class body spells: its fields' annotations,
    ``Field(...)`` for a field whose Python name is not its wire name, ``ClassVar``
    for its rules and tag."""
    found = used_names(p.type.shape for p in model.properties)
    if any(name != wire for wire, name in model_fields(model).items()):
        found.add("Field")
    if model_rules(model):
        found |= {"ClassVar", "Mapping"}
    if model.tag_property:
        found.add("ClassVar")
    return found


def _kind(cls: Model | Enum | Union) -> str:
    if isinstance(cls, Model):
        return "model"
    return "enum" if isinstance(cls, Enum) else "union"


# The runtime's enum bases, which ``_enums`` holds.
_ENUM_BASES = {"OpenIntEnum", "OpenStrEnum"}


def model_imports(
    refs: tuple[str, ...], module_of: dict[str, str], prefix: str
) -> tuple[Import, ...]:
    return _group(sorted(set(refs), key=lambda r: (module_of[r], r)), module_of, prefix)


def _group(
    names: list[str], module_of: dict[str, str], prefix: str
) -> tuple[Import, ...]:
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(module_of[name], []).append(name)
    return tuple(
        Import(prefix + module, tuple(sorted(found)))
        for module, found in sorted(grouped.items())
    )


def _strongly_connected(
    order: list[str], refs: dict[str, tuple[str, ...]]
) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that deep schemas cannot exhaust the stack.

    Components come out in a deterministic order and keep the spec's order inside.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    position = {name: i for i, name in enumerate(order)}
    counter = 0
    for root in order:
        if root in index:
            continue
        work = [(root, iter(refs.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in refs:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(refs.get(child, ()))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component, key=lambda n: position[n]))
    return result
