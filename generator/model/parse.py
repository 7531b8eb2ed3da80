"""Turn a loaded spec into the intermediate model (``model.Api``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.errors import Problem, SpecError
from generator.findings import Findings, warning
from generator.load.spec import Spec, line_of
from generator.model import shapes, webhooks
from generator.model import text as txt
from generator.model.bodies import BodyReader, checked_bodies, error_classes
from generator.model.ir import Api, ApiGroup, Operation, Server, TypeRef
from generator.model.names import (
    RESERVED_METHODS,
    Namer,
    pascal,
    snake,
)
from generator.model.operations import (
    GroupNames,
    content_type_parameter,
    first_tag,
)
from generator.model.pagination import pagination_for
from generator.model.parameters import (
    ParameterReader,
)
from generator.model.schemas import SchemaRegistry, Where
from generator.model.security import security_schemes
from generator.model.types import typed
from generator.model.words import split_words

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_NONE = typed(TypeRef("null"))


@dataclass(frozen=True)
class Settings:
    package: str
    project_name: str
    version: str
    env_prefix: str
    lenient: bool = False
    pagination: tuple[tuple[str, dict[str, Any]], ...] = ()
    webhooks: tuple[tuple[str, dict[str, Any]], ...] = ()


def parse(spec: Spec, settings: Settings) -> Api:
    """The model of ``spec``; the Python target lays it out and the docs stage
    documents it afterwards (see ``build.api_of``)."""
    try:
        return _Parser(spec, settings).api()
    except RecursionError:
        # Schemas are read without deep recursion (see SchemaRegistry.type_of); only
        # something like a thousand-deep chain of single-part allOfs gets here.
        problem = Problem(
            spec.root.path,
            "",
            "the schemas nest too deeply to read",
            "flatten the chain of allOf/$ref",
        )
        raise SpecError([problem]) from None


class _Parser:
    def __init__(self, spec: Spec, settings: Settings) -> None:
        self.spec = spec
        self.settings = settings
        self.doc: dict[str, Any] = spec.data
        self.root = Where(spec.root.path, "#")
        self.schemas = SchemaRegistry(spec)
        self.findings = Findings(
            lambda file, pointer: line_of(spec.document(file), pointer),
            settings.lenient,
        )
        self.bodies = BodyReader(self.schemas, self.findings.warnings)
        self.parameters = ParameterReader(self.schemas, self.findings)
        # Operations with ``callbacks``: where each is, and its object.
        self.registering: list[tuple[Where, dict[str, Any]]] = []
        # Every server an operation may go to, in spec order, for ``SERVERS``.
        self.operation_servers: dict[Server, None] = {}

    # -- document ----------------------------------------------------------------

    def api(self) -> Api:
        info: dict[str, Any] = (
            self.doc["info"] if isinstance(self.doc.get("info"), dict) else {}
        )
        servers = self._servers(self.doc.get("servers"))
        schemes = security_schemes(
            self.doc,
            self.schemas,
            self.root,
            self.findings.warnings,
        )
        groups = self._groups(servers)
        if self.findings.problems:
            raise SpecError(self.findings.problems)
        # The client takes credentials for what its operations require; a scheme only
        # callbacks use (how the server authenticates to the user's receiver) or none
        # uses would be a client argument that sends nothing.
        used = {
            key
            for group in groups
            for op in group.operations
            for requirement in op.security
            for key in requirement
        }
        schemes = tuple(scheme for scheme in schemes if scheme.key in used)
        # Component schemas no operation reaches still become models: users
        # decode webhooks and callbacks with them.
        components = self.doc.get("components") or {}
        for name, schema in (components.get("schemas") or {}).items():
            self.schemas.type_of(
                schema, self.root.child("components", "schemas", name), str(name)
            )
        hooks = webhooks.WebhookReader(
            self.doc,
            self.schemas,
            self.root,
            dict(self.settings.webhooks),
            self.findings.warnings,
            self.findings.problem,
        ).read(self.registering)
        if self.findings.problems:
            raise SpecError(self.findings.problems)
        errors = error_classes(
            r for group in groups for op in group.operations for r in op.responses
        )
        self.schemas.default_tags()
        order = self.schemas.ordered()
        rank = {name: index for index, name in enumerate(order)}
        models = tuple(sorted(self.schemas.models.values(), key=lambda m: rank[m.name]))
        enums = tuple(sorted(self.schemas.enums.values(), key=lambda e: rank[e.name]))
        unions = tuple(sorted(self.schemas.unions.values(), key=lambda u: rank[u.name]))
        title = txt.comment(info.get("title")) or "API"
        return Api(
            title=title,
            api_name=api_name(title),
            version=txt.comment(str(info.get("version", ""))),
            description=txt.clean(info.get("description")),
            package_version=self.settings.version,
            env_prefix=self.settings.env_prefix,
            spec_name=self.spec.root.path.name,
            spec_sha256=self.spec.sha256(),
            servers=servers,
            default_server_url=_first_url(servers, groups),
            server_choices=servers or tuple(self.operation_servers),
            security_schemes=schemes,
            groups=groups,
            models=models,
            enums=enums,
            unions=unions,
            errors=errors,
            warnings=self.findings.located(
                self.spec.warnings + self.findings.warnings + self.schemas.warnings
            ),
            webhooks=hooks,
        )

    def _servers(self, raw: Any) -> tuple[Server, ...]:
        if not isinstance(raw, list):
            return ()
        result = []
        for item in raw:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                url = item["url"]
                for var, spec in (item.get("variables") or {}).items():
                    if isinstance(spec, dict) and "default" in spec:
                        url = url.replace("{" + str(var) + "}", str(spec["default"]))
                result.append(
                    Server(url.rstrip("/"), txt.comment(item.get("description")))
                )
        return tuple(result)

    # -- operations ----------------------------------------------------------------

    def _groups(self, root_servers: tuple[Server, ...]) -> tuple[ApiGroup, ...]:
        by_tag: dict[str, list[Operation]] = {
            str(t["name"]): []
            for t in shapes.list_of(self.doc.get("tags"))
            if isinstance(t, dict) and "name" in t
        }
        operations_found = list(self._operations_in_paths(root_servers))
        # API class names are settled first and kept from the schemas: a model called
        # ``PetsApi`` must not shadow the API class in the module that imports both.
        # They are given in the groups' order (the declared tags', then the others' as
        # the paths use them), as targets name what else the groups need.
        used = dict.fromkeys(first_tag(op) for _, _, _, op, _, _ in operations_found)
        group_names = GroupNames(self.schemas.class_names)
        for tag in [*(t for t in by_tag if t in used), *used]:
            group_names.add(tag)
        op_ids: dict[str, str] = {}
        scopes: dict[str, Namer] = {}
        for path, method, item, op, where, path_servers in operations_found:
            op_id = self._operation_id(op, method, path, where, op_ids)
            tag = first_tag(op)
            scope = scopes.setdefault(tag, Namer(RESERVED_METHODS))
            operation = self._operation(
                op_id, method, path, op, item, where, path_servers, scope
            )
            by_tag.setdefault(tag, []).append(operation)
        groups = []
        for tag, operations in by_tag.items():
            if not operations:
                continue
            refs = tuple(dict.fromkeys(r for op in operations for r in op.refs))
            groups.append(
                ApiGroup(
                    tag=tag,
                    name=group_names.of(tag),
                    description=self._tag_description(tag),
                    operations=tuple(operations),
                    refs=refs,
                    server_url=operations[0].server_url,
                )
            )
        return tuple(groups)

    def _operations_in_paths(
        self, root_servers: tuple[Server, ...]
    ) -> Iterator[
        tuple[str, str, dict[str, Any], dict[str, Any], Where, tuple[Server, ...]]
    ]:
        """Every operation: its path, method, path item, object, place and servers."""
        for path, item in shapes.dict_of(self.doc.get("paths")).items():
            item, item_where = self.schemas.deref(item, self.root.child("paths", path))
            if not isinstance(item, dict):
                continue
            path_servers = self._servers(item.get("servers")) or root_servers
            for method in METHODS:
                op = item.get(method)
                if isinstance(op, dict):
                    yield str(path), method, item, op, item_where.child(
                        method
                    ), path_servers

    def _tag_description(self, tag: str) -> str:
        for item in self.doc.get("tags") or []:
            if isinstance(item, dict) and item.get("name") == tag:
                return txt.clean(item.get("description"))
        return ""

    def _operation_id(
        self,
        op: dict[str, Any],
        method: str,
        path: str,
        where: Where,
        seen: dict[str, str],
    ) -> str:
        op_id = op.get("operationId")
        if not isinstance(op_id, str) or not op_id.strip():
            op_id = method + pascal(path)
            self.findings.warnings.append(
                warning(where, f"no operationId; named it {op_id!r}")
            )
        if op_id in seen:
            message = f"operationId {op_id!r} is used twice (also at {seen[op_id]})"
            if not self.settings.lenient:
                self.findings.problem(
                    where.child("operationId"),
                    message,
                    "operationIds must be unique; rename one, or run with --lenient",
                )
            else:
                self.findings.warnings.append(warning(where, f"{message}; renamed"))
            op_id = f"{op_id}_{method}"
        seen[op_id] = where.pointer
        return op_id

    def _operation(
        self,
        op_id: str,
        method: str,
        path: str,
        op: dict[str, Any],
        item: dict[str, Any],
        where: Where,
        path_servers: tuple[Server, ...],
        scope: Namer,
    ) -> Operation:
        # The name inline schemas of the operation are named after, unique in its
        # group as the Python target's method names are (naming.operation_methods).
        op_name = scope.unique(where.pointer, snake(op_id))
        servers = self._servers(op.get("servers")) or path_servers
        self.operation_servers.update(dict.fromkeys(servers))
        params = self.parameters.declared(op, item, where, op_name)
        params += self.parameters.undeclared_path_params(path, params, where)
        if op.get("callbacks"):
            self.registering.append((where, op))
        body = self.bodies.request_body(
            op.get("requestBody"), where.child("requestBody"), op_name
        )
        if (
            body is not None
            and body.choices
            and not any(
                p.location == "header" and p.wire_name.lower() == "content-type"
                for p in params
            )
        ):
            params += (content_type_parameter(body.choices, len(params)),)
        responses = self.bodies.responses(
            op.get("responses") or {}, where.child("responses"), op_name
        )
        success = next((r for r in responses if 200 <= r.status_code < 300), None)
        success_type = success.type if success and success.type else _NONE
        security_raw = op.get("security", self.doc.get("security")) or []
        security = tuple(
            tuple(str(k) for k in requirement)
            for requirement in security_raw
            if isinstance(requirement, dict)
        )
        summary = txt.comment(op.get("summary"))
        description = txt.clean(op.get("description"))
        pagination = pagination_for(
            op_id,
            op,
            params,
            success_type,
            tuple(h.wire_name for h in success.headers) if success else (),
            self.schemas,
            dict(self.settings.pagination),
            lambda message, hint: self.findings.problem(
                where.child("x-pagination"), message, hint
            ),
        )
        refs = [r for p in params for r in p.type.refs]
        refs += body.type.refs if body else ()
        refs += [r for resp in responses if resp.type for r in resp.type.refs]
        if pagination:
            refs += pagination.item_type.refs
        return Operation(
            operation_id=op_id,
            words=split_words(op_id),
            method=method.upper(),
            path=path,
            server_url=servers[0].url if servers else "",
            summary=summary,
            description=description,
            parameters=params,
            body=body,
            responses=responses,
            success_type=success_type,
            success_kind=success.kind if success else "none",
            security=security,
            deprecated=bool(op.get("deprecated")),
            pagination=pagination,
            refs=tuple(dict.fromkeys(refs)),
            pointer=where.pointer,
            unexploded=tuple(
                p.wire_name for p in params if p.location == "query" and not p.explode
            ),
            deep_object=tuple(p.wire_name for p in params if p.style == "deepObject"),
            accept=", ".join(
                dict.fromkeys(
                    m
                    for r in sorted(
                        responses, key=lambda r: not 200 <= r.status_code < 300
                    )
                    for m in r.accept
                )
            ),
            # A body offered in several media types is checked as the type of the one
            # it is sent in (``RequestBody.types``), when that is JSON or a form.
            checks_body=bool(body and checked_bodies(body)),
        )


def api_name(title: str) -> str:
    """``Example API`` for the title "Example", and for "Example API" too, not
    "Example API API"."""
    last = title.split()[-1].lower() if title.split() else ""
    return title if last in ("api", "apis") else f"{title} API"


def _first_url(servers: tuple[Server, ...], groups: tuple[ApiGroup, ...]) -> str:
    if servers:
        return servers[0].url
    for group in groups:
        if group.server_url:
            return group.server_url
    return ""
