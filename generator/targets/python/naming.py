"""The Python names of the model's parts, computed from their wire names.

Names are made unique in the model's list order, which is the order the spec was read
in: the same spec always gives the same names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model.ir import (
    ApiGroup,
    Enum,
    Model,
    Operation,
    Parameter,
    SecurityScheme,
    TypeInfo,
    Union,
    Webhook,
)
from generator.model.names import (
    RESERVED_CLIENT_ATTRS,
    RESERVED_METHODS,
    WINDOWS_RESERVED,
    Namer,
    constant,
    field_names,
    module_name,
    param_name,
    snake,
)
from generator.targets.python.memo import per_part

# The argument of every method that takes the request body: the parameters' names
# yield to it (``body2``).
BODY_ARGUMENT = "body"

# Names the generated ``webhooks`` module defines itself; no parse function may take one.
WEBHOOK_MODULE_NAMES = (
    "Headers",
    "WebhookError",
    "WebhookAuthError",
    "WebhookPayloadError",
    "header_value",
    "verify_basic_auth",
    "verify_signature",
)


def parameter_names(op: Operation) -> dict[tuple[str, str], str]:
    """Each parameter's argument of the operation's method, by its location and wire
    name. Named in the order the spec declares them (``Parameter.order``): a later
    one whose name meets an earlier one's is suffixed (``limit2``), and every one
    yields to ``self`` and to the body's argument."""
    # Asked for by every template and docs page that names an argument: once per
    # operation (by identity: hashing a frozen operation hashes all it holds).
    found = _PARAMETER_NAMES.get(id(op))
    if found is not None and found[0] is op:
        return found[1]
    if len(_PARAMETER_NAMES) >= _MEMO_LIMIT:
        _PARAMETER_NAMES.clear()
    names = _parameter_names(op)
    _PARAMETER_NAMES[id(op)] = (op, names)
    return names


_PARAMETER_NAMES: dict[int, tuple[Operation, dict[tuple[str, str], str]]] = {}
_MEMO_LIMIT = 1 << 16


def _parameter_names(op: Operation) -> dict[tuple[str, str], str]:
    names = Namer(frozenset({"self"}))
    if op.body is not None:
        names.unique(BODY_ARGUMENT, BODY_ARGUMENT)
    return {
        parameter_key(p): names.unique(
            ":".join(parameter_key(p)), param_name(p.wire_name)
        )
        for p in sorted(op.parameters, key=lambda p: p.order)
    }


def parameter_key(p: Parameter) -> tuple[str, str]:
    """What tells a parameter from the operation's others: its location, wire name."""
    return (p.location, p.wire_name)


def page_token(op: Operation) -> tuple[str, str] | None:
    """The ``parameter_key`` of the parameter a paged operation moves from page to
    page (its first of the wire name ``Pagination.token_param``), None if it does
    not page."""
    if op.pagination is None:
        return None
    wire = op.pagination.token_param
    return next(parameter_key(p) for p in op.parameters if p.wire_name == wire)


def token_argument(op: Operation) -> str:
    """The argument a paged operation moves from page to page ("" if it does not)."""
    token = page_token(op)
    return parameter_names(op)[token] if token else ""


@per_part
def model_fields(model: Model) -> Mapping[str, str]:
    """The Python attribute of each of ``model``'s properties, by wire name (asked
    for its imports, its class body, its rules and its docs page)."""
    return field_names(model.properties)


def attribute_path(
    start: TypeInfo, wire_path: tuple[str, ...], models: Mapping[str, Model]
) -> tuple[str, ...]:
    """``wire_path`` (a page's items or token, ``Pagination``) as the attributes of
    the Python models met following it from ``start``; from a name that is no
    property of a model on, the path stays in wire names."""
    names: list[str] = []
    current = start
    for index, wire in enumerate(wire_path):
        shape = current.shape
        model = models.get(shape.ref) if shape.kind == "model" else None
        prop = (
            next((p for p in model.properties if p.wire_name == wire), None)
            if model
            else None
        )
        if model is None or prop is None:
            return (*names, *wire_path[index:])
        names.append(field_names(model.properties)[wire])
        current = prop.type
    return tuple(names)


def webhook_functions(webhooks: tuple[Webhook, ...]) -> dict[str, str]:
    """Each webhook's parse function in the ``webhooks`` module, by its pointer."""
    names = Namer(frozenset(WEBHOOK_MODULE_NAMES))
    return {
        w.pointer: names.unique(w.pointer, "parse_" + snake(w.label)) for w in webhooks
    }


def class_modules(
    models: tuple[Model, ...], enums: tuple[Enum, ...], unions: tuple[Union, ...]
) -> dict[str, str]:
    """The module of the ``models`` package named after each class, by class name.

    Class names are unique ignoring case, and so are their modules but for names a
    keyword or reserved file name made end in ``_`` (``None_`` and ``NONE`` are both
    ``none``): the later class in the model's order (models, enums, unions) is
    suffixed."""
    names = Namer(WINDOWS_RESERVED)
    classes = [c.name for c in models] + [c.name for c in enums]
    return {
        name: names.unique(name, module_name(name))
        for name in classes + [c.name for c in unions]
    }


@dataclass(frozen=True)
class Credentials:
    """A security scheme's arguments of the client's constructor and the environment
    variables they fall back to, pairwise."""

    params: tuple[str, ...]
    env_vars: tuple[str, ...]


_CREDENTIAL_PARAMS = {
    "basic": ("username", "password"),
    "bearer": ("token",),
    "apiKey": ("api_key",),
    "oauth2": ("client_id", "client_secret"),
}


def scheme_credentials(
    schemes: tuple[SecurityScheme, ...], env_prefix: str
) -> dict[str, Credentials]:
    """The credentials of each scheme, by its key: the first scheme of a kind takes
    the plain names (``token``), a later one of the same kind is named after its key
    (``partner_token``)."""
    seen: dict[str, int] = {}
    result = {}
    for scheme in schemes:
        seen[scheme.kind] = seen.get(scheme.kind, 0) + 1
        base = _CREDENTIAL_PARAMS[scheme.kind]
        stem = snake(scheme.key)
        params = base if seen[scheme.kind] == 1 else tuple(f"{stem}_{p}" for p in base)
        env_vars = tuple(f"{env_prefix}_{constant(p)}" for p in params)
        result[scheme.key] = Credentials(params, env_vars)
    return result


def operation_methods(groups: tuple[ApiGroup, ...]) -> dict[str, str]:
    """Each operation's method on its API class, by the operation's pointer. Distinct
    operation ids may meet once converted (``getUser``, ``get_user``): the later in
    its group is suffixed."""
    result: dict[str, str] = {}
    for group in groups:
        names = Namer(RESERVED_METHODS)
        for op in group.operations:
            result[op.pointer] = names.unique(op.pointer, snake(op.operation_id))
    return result


def operation_paths(groups: tuple[ApiGroup, ...]) -> dict[str, str]:
    """Each operation as users reach it from the client, ``messages.create_message``,
    by its pointer."""
    methods = operation_methods(groups)
    attrs = {tag: names.attr_name for tag, names in group_names(groups).items()}
    return {
        op.pointer: f"{attrs[group.tag]}.{methods[op.pointer]}"
        for group in groups
        for op in group.operations
    }


@dataclass(frozen=True)
class GroupNaming:
    """An API group's attribute on the client and its module of the ``api`` package."""

    attr_name: str
    module: str


def group_names(groups: tuple[ApiGroup, ...]) -> dict[str, GroupNaming]:
    """Each group's Python names, by its tag: the attribute after the tag, the module
    after the class name (``PetsApi``: ``pets``), unique in the groups' order."""
    attrs = Namer(RESERVED_CLIENT_ATTRS)
    modules = Namer(WINDOWS_RESERVED)
    return {
        g.tag: GroupNaming(
            attrs.unique(g.tag, snake(g.tag)),
            modules.unique(g.tag, module_name(g.name.removesuffix("Api"))),
        )
        for g in groups
    }


@dataclass(frozen=True)
class Package:
    """The Python package: its import name and its project's name (``pip install``),
    from the generator's config."""

    name: str
    project_name: str
