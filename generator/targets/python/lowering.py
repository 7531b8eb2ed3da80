"""The Python target's pass over the finished model: which module holds each class,
and what each generated module imports."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.model.ir import Api, Union
from generator.targets.python.classes import ModelModule
from generator.targets.python.groups import GroupCode, group_code
from generator.targets.python.layout import lay_out_models
from generator.targets.python.naming import group_names


@dataclass(frozen=True)
class PythonLayout:
    """The Python files of the model: kept beside the model, which stays neutral."""

    model_modules: tuple[ModelModule, ...]
    # class name -> module of the models package that defines it
    model_index: tuple[tuple[str, str], ...]
    # An API module's name -> its docstring and imports.
    groups: dict[str, GroupCode]


def lay_out(api: Api) -> Api:
    """``api`` with each group marked when one of its operations pages."""
    return replace(
        api,
        groups=tuple(
            replace(group, paginated=any(op.pagination for op in group.operations))
            for group in api.groups
        ),
    )


def python_layout(api: Api) -> PythonLayout:
    """The model modules of ``api``, the index of which module holds each class, and
    what each API module imports."""
    modules, module_of = lay_out_models(api.models, api.enums, api.unions)
    names = group_names(api.groups)
    return PythonLayout(
        modules,
        _model_index(module_of, api.unions),
        {names[group.tag].module: group_code(group, module_of) for group in api.groups},
    )


def _model_index(
    module_of: dict[str, str], unions: tuple[Union, ...]
) -> tuple[tuple[str, str], ...]:
    """Every class of ``models`` and its module; with ``UnknownVariant`` (which lives in
    the package's ``_models``) when a tagged union may decode to it."""
    index = dict(module_of)
    if any(u.tagged for u in unions):
        index["UnknownVariant"] = "._models"
    return tuple(sorted(index.items()))
