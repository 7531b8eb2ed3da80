"""How the Python SDK writes what the versions stage records of its surface."""

from __future__ import annotations

from collections.abc import Mapping

from generator.model.ir import Api, ApiGroup, Model, Operation, TypeRef, Webhook
from generator.model.names import field_names
from generator.targets.python import exports, naming
from generator.targets.python.annotations import annotation
from generator.targets.python.values import python_value


class PythonSpelling:
    """The Python SDK's types and names, as ``versions.surface.Spelling`` asks."""

    body_argument = naming.BODY_ARGUMENT

    def __call__(self, shape: TypeRef, *, upload: bool = False) -> str:
        return annotation(shape, upload=upload)

    def errors(self, api: Api) -> tuple[str, ...]:
        return exports.error_names(api)

    def webhook_functions(self, webhooks: tuple[Webhook, ...]) -> Mapping[str, str]:
        return naming.webhook_functions(webhooks)

    def operation_paths(self, groups: tuple[ApiGroup, ...]) -> Mapping[str, str]:
        return naming.operation_paths(groups)

    def parameter_names(self, op: Operation) -> Mapping[tuple[str, str], str]:
        return naming.parameter_names(op)

    def field_names(self, model: Model) -> Mapping[str, str]:
        return field_names(model.properties)

    def value(self, json_text: str) -> str:
        return python_value(json_text)

    def credential_params(self, api: Api) -> Mapping[str, tuple[str, ...]]:
        found = naming.scheme_credentials(api.security_schemes, api.env_prefix)
        return {key: c.params for key, c in found.items()}


PYTHON_SPELLING = PythonSpelling()
