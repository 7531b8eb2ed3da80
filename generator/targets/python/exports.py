"""What the Python package's ``__init__`` exports and its client's constructor takes,
and the model's ``Api`` as the Python templates see it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.model.ir import Api, ApiGroup, Enum, Model, Operation, Webhook
from generator.model.names import member_names
from generator.targets.python.naming import (
    BODY_ARGUMENT,
    Package,
    group_names,
    model_fields,
    operation_methods,
    operation_paths,
    parameter_key,
    parameter_names,
    scheme_credentials,
    webhook_functions,
)
from generator.targets.python.samples import SampleCode

BASE_ERRORS = (
    "SdkError",
    "ApiError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "InsecureTransportError",
    "OAuth2TokenError",
    "RedirectError",
    "ResponseDecodeError",
    "TooManyRedirectsError",
    "UnexpectedStatusError",
    "InvalidRequestError",
)
_BASE_EXPORTS = (
    "models",
    "Client",
    "AsyncClient",
    "SERVERS",
    "ApiResponse",
    "ServerSentEvent",
    "FileContent",
    "Timeout",
    "RequestOptions",
)


def error_names(api: Api) -> tuple[str, ...]:
    """The package's error classes: the runtime's and one per status the spec names."""
    return tuple(sorted(BASE_ERRORS + tuple(e.name for e in api.errors)))


def package_exports(api: Api) -> tuple[str, ...]:
    """The package's ``__all__``."""
    hooks = ("webhooks",) if api.webhooks else ()
    return tuple(
        sorted(_BASE_EXPORTS + BASE_ERRORS + tuple(e.name for e in api.errors) + hooks)
    )


def credential_params(api: Api) -> tuple[str, ...]:
    """The client's constructor arguments for credentials, scheme by scheme."""
    credentials = scheme_credentials(api.security_schemes, api.env_prefix)
    return tuple(p for c in credentials.values() for p in c.params)


class View:
    """A part of the model as the templates read it: its fields, and beside them what
    the Python target names of it, under the names templates have always used
    (``api.error_names``, ``hook.function``), so that a user's template keeps
    working."""

    def __init__(self, part: object, python: Mapping[str, Any]) -> None:
        self._part = part
        # As attributes of the view, found without a call of ``__getattr__``: the
        # templates read them hundreds of thousands of times in a big API.
        vars(self).update(python)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._part, name)


def template_api(api: Api, package: Package) -> View:
    """``api`` as the templates read it, with its Python names (``api.package``,
    ``api.project_name``: ``package``'s)."""
    functions = webhook_functions(api.webhooks)
    credentials = scheme_credentials(api.security_schemes, api.env_prefix)
    paths = operation_paths(api.groups)
    return View(
        api,
        {
            "package": package.name,
            "project_name": package.project_name,
            "error_names": error_names(api),
            "package_exports": package_exports(api),
            "credential_params": credential_params(api),
            "webhooks": tuple(webhook_view(h, functions, paths) for h in api.webhooks),
            "groups": group_views(api.groups, SampleCode(api)),
            "security_schemes": tuple(
                View(s, vars(credentials[s.key])) for s in api.security_schemes
            ),
        },
    )


def webhook_view(
    hook: Webhook, functions: Mapping[str, str], paths: Mapping[str, str]
) -> View:
    """``hook`` with its parse function and the operations registering it as users
    call them (``functions``, ``paths``: from ``naming``)."""
    return View(
        hook,
        {
            "function": functions[hook.pointer],
            "registered_by": tuple(paths[p] for p in hook.registered_by),
        },
    )


def group_views(groups: tuple[ApiGroup, ...], samples: SampleCode) -> tuple[View, ...]:
    """``groups`` with their Python names (``group.class_name``, ``attr_name``,
    ``module``), each operation's method name (``op.py_name``) and its examples'
    code (``samples``: the API's)."""
    methods = operation_methods(groups)
    names = group_names(groups)
    return tuple(
        View(
            group,
            {
                "class_name": group.name,
                "attr_name": names[group.tag].attr_name,
                "module": names[group.tag].module,
                "operations": tuple(
                    operation_view(op, methods[op.pointer], samples)
                    for op in group.operations
                ),
            },
        )
        for group in groups
    )


def operation_view(op: Operation, method: str, samples: SampleCode) -> View:
    """``op`` with its method's name (``op.py_name``), and its parameters' and body's
    arguments and example values as code (``p.py_name``, ``p.example``,
    ``op.body.py_name``, ``op.body.example``)."""
    names = parameter_names(op)
    parameters = tuple(
        View(p, {"py_name": names[parameter_key(p)], "example": samples.code(p.sample)})
        for p in op.parameters
    )
    body = op.body and View(
        op.body, {"py_name": BODY_ARGUMENT, "example": samples.code(op.body.sample)}
    )
    return View(op, {"py_name": method, "parameters": parameters, "body": body})


def model_view(model: Model) -> View:
    """``model`` with the Python attribute of each property (``p.py_name``)."""
    names = model_fields(model)
    properties = tuple(
        View(p, {"py_name": names[p.wire_name]}) for p in model.properties
    )
    return View(model, {"properties": properties})


def enum_view(enum: Enum) -> View:
    """``enum`` with the Python name of each member (``member.py_name``)."""
    names = member_names(enum.members)
    members = tuple(View(m, {"py_name": names[m.value]}) for m in enum.members)
    return View(enum, {"members": members})
