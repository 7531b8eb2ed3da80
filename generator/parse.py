"""Turn a loaded spec into the intermediate model (``model.Api``)."""

from __future__ import annotations

import dataclasses
import http
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import docs, examples, scripts, shapes
from . import text as txt
from .errors import Problem, SpecError
from .layout import lay_out_models, library_imports, model_imports
from .load import Spec, line_of
from .model import (
    Api,
    ApiGroup,
    BodyKind,
    ErrorClass,
    Header,
    Operation,
    Parameter,
    RequestBody,
    Response,
    SecurityScheme,
    Server,
    TypeInfo,
)
from .names import Namer, constant, param_name, pascal, snake
from .operations import (
    GroupNames,
    first_tag,
    query_delimiters,
    style_of,
    template_names,
    template_parameter,
)
from .pagination import pagination_for
from .schemas import ANY, SchemaRegistry, Where
from .security import security_schemes

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}
_BASE_ERRORS = (
    "SdkError",
    "ApiError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "ResponseDecodeError",
    "UnexpectedStatusError",
)
_BASE_EXPORTS = (
    "models",
    "Client",
    "AsyncClient",
    "ApiResponse",
    "FileContent",
    "Timeout",
)
_REQUEST_FIELD = {
    "path": "path",
    "query": "query",
    "header": "headers",
    "cookie": "cookies",
}
_NONE = TypeInfo("None", "None")
_BYTES = TypeInfo("bytes", "bytes", is_binary=True)
_STR = TypeInfo("str", "str")


@dataclass(frozen=True)
class Settings:
    package: str
    project_name: str
    version: str
    env_prefix: str
    lenient: bool = False
    pagination: tuple[tuple[str, dict[str, Any]], ...] = ()


def parse(spec: Spec, settings: Settings) -> Api:
    try:
        return docs.document(_Parser(spec, settings).api())
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
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.error_statuses: set[int] = set()

    # -- document ----------------------------------------------------------------

    def api(self) -> Api:
        info: dict[str, Any] = (
            self.doc["info"] if isinstance(self.doc.get("info"), dict) else {}
        )
        servers = self._servers(self.doc.get("servers"))
        schemes = security_schemes(
            self.doc, self.schemas, self.root, self.settings.env_prefix, self.warnings
        )
        groups = self._groups(servers)
        if self.problems:
            raise SpecError(self.problems)
        # Component schemas no operation reaches still become models: users
        # decode webhooks and callbacks with them.
        components = self.doc.get("components") or {}
        for name, schema in (components.get("schemas") or {}).items():
            self.schemas.type_of(
                schema, self.root.child("components", "schemas", name), str(name)
            )
        if "webhooks" in self.doc:
            self.warnings.append("#/webhooks: webhooks are not generated (ignored)")
        errors = tuple(
            ErrorClass(code, _error_class_name(code), _reason(code))
            for code in sorted(self.error_statuses)
        )
        order = self.schemas.ordered()
        rank = {name: index for index, name in enumerate(order)}
        models = tuple(sorted(self.schemas.models.values(), key=lambda m: rank[m.name]))
        enums = tuple(sorted(self.schemas.enums.values(), key=lambda e: rank[e.name]))
        unions = tuple(sorted(self.schemas.unions.values(), key=lambda u: rank[u.name]))
        modules, module_of = lay_out_models(models, enums, unions)
        groups = tuple(
            _with_imports(
                _with_examples(group, self.settings.package, schemes), module_of
            )
            for group in groups
        )
        return Api(
            title=txt.comment(info.get("title")) or "API",
            version=txt.comment(str(info.get("version", ""))),
            description=txt.clean(info.get("description")),
            package=self.settings.package,
            project_name=self.settings.project_name,
            package_version=self.settings.version,
            env_prefix=self.settings.env_prefix,
            spec_name=self.spec.root.path.name,
            spec_sha256=self.spec.sha256(),
            servers=servers,
            default_server_url=_first_url(servers, groups),
            security_schemes=schemes,
            groups=groups,
            models=models,
            enums=enums,
            unions=unions,
            errors=errors,
            model_modules=modules,
            model_index=tuple(sorted(module_of.items())),
            error_names=tuple(sorted(_BASE_ERRORS + tuple(e.name for e in errors))),
            package_exports=tuple(
                sorted(_BASE_EXPORTS + _BASE_ERRORS + tuple(e.name for e in errors))
            ),
            credential_classes=tuple(
                sorted({"Credential"} | {s.factory.split("(")[0] for s in schemes})
            ),
            credential_params=tuple(p for s in schemes for p in s.params),
            warnings=tuple(self.spec.warnings + self.warnings + self.schemas.warnings),
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
        group_names = GroupNames(self.schemas.class_names)
        for _, _, _, op, _, _ in operations_found:
            group_names.add(first_tag(op))
        op_ids: dict[str, str] = {}
        scopes: dict[str, tuple[Namer, Namer]] = {}
        for path, method, item, op, where, path_servers in operations_found:
            op_id = self._operation_id(op, method, path, where, op_ids)
            tag = first_tag(op)
            scope = scopes.setdefault(tag, (Namer(), Namer()))
            operation = self._operation(
                op_id, method, path, op, item, where, path_servers, scope
            )
            by_tag.setdefault(tag, []).append(operation)
        groups = []
        for tag, operations in by_tag.items():
            if not operations:
                continue
            class_name, attr_name, module = group_names.of(tag)
            refs = tuple(dict.fromkeys(r for op in operations for r in op.refs))
            groups.append(
                ApiGroup(
                    tag=tag,
                    class_name=class_name,
                    attr_name=attr_name,
                    module=module,
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
            self.warnings.append(f"{where.pointer}: no operationId; named it {op_id!r}")
        if op_id in seen:
            message = f"operationId {op_id!r} is used twice (also at {seen[op_id]})"
            if not self.settings.lenient:
                self._problem(
                    where.child("operationId"),
                    message,
                    "operationIds must be unique; rename one, or run with --lenient",
                )
            else:
                self.warnings.append(f"{where.pointer}: {message}; renamed")
            op_id = f"{op_id}_{method}"
        seen[op_id] = where.pointer
        return op_id

    def _problem(self, where: Where, message: str, hint: str) -> None:
        self.problems.append(
            Problem(
                where.file,
                where.pointer,
                message,
                hint,
                line_of(self.spec.document(where.file), where.pointer),
            )
        )

    def _operation(
        self,
        op_id: str,
        method: str,
        path: str,
        op: dict[str, Any],
        item: dict[str, Any],
        where: Where,
        path_servers: tuple[Server, ...],
        scope: tuple[Namer, Namer],
    ) -> Operation:
        # Distinct operationIds may meet after conversion (getUser, get_user): the
        # method and the module constant of each are made unique in its group.
        py_name = scope[0].unique(where.pointer, snake(op_id))
        servers = self._servers(op.get("servers")) or path_servers
        names = Namer(frozenset({"self"}))
        if op.get("requestBody") is not None:
            names.unique("body", "body")  # the body keeps its name; a parameter yields
        params = self._parameters(op, item, where, py_name, names)
        params += self._undeclared_path_params(path, params, where, names)
        if op.get("callbacks"):
            self.warnings.append(
                f"{where.pointer}/callbacks: callbacks are not generated (their component schemas are models)"
            )
        body = self._body(
            op.get("requestBody"), where.child("requestBody"), py_name, names
        )
        responses = self._responses(
            op.get("responses") or {}, where.child("responses"), py_name
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
            self.schemas,
            dict(self.settings.pagination),
            lambda message, hint: self._problem(
                where.child("x-pagination"), message, hint
            ),
        )
        refs = [r for p in params for r in p.type.refs]
        refs += body.type.refs if body else ()
        refs += [r for resp in responses if resp.type for r in resp.type.refs]
        if pagination:
            refs += pagination.item_type.refs
        doc_text = "\n\n".join(t for t in (summary, description) if t)
        doc_text += _args_doc(params, body)
        return Operation(
            operation_id=op_id,
            py_name=py_name,
            method=method.upper(),
            path=path,
            server_url=servers[0].url if servers else "",
            summary=summary,
            description=description,
            docstring=txt.docstring(doc_text or op_id, indent="        "),
            docs_description=txt.md_block(description or summary),
            parameters=params,
            body=body,
            responses=responses,
            success_type=success_type,
            success_kind=success.kind if success else "none",
            success_decoder=success.decoder if success else "NO_CONTENT",
            signature=_signature(params, body),
            call_signature=", ".join(
                arg.split(":")[0] + (" = None" if arg.endswith("= None") else "")
                for arg in _signature(params, body)
            ),
            security=security,
            deprecated=bool(op.get("deprecated")),
            pagination=pagination,
            refs=tuple(dict.fromkeys(refs)),
            pointer=where.pointer,
            constant=scope[1].unique(where.pointer, constant(op_id)),
            params_by_location=tuple(
                (
                    _REQUEST_FIELD[location],
                    tuple(p for p in params if p.location == location),
                )
                for location in _LOCATION_ORDER
                if any(p.location == location for p in params)
            ),
            unexploded=tuple(
                p.wire_name for p in params if p.location == "query" and not p.explode
            ),
            deep_object=tuple(p.wire_name for p in params if p.style == "deepObject"),
            query_delimiters=query_delimiters(params),
        )

    def _parameters(
        self,
        op: dict[str, Any],
        item: dict[str, Any],
        where: Where,
        op_name: str,
        names: Namer,
    ) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], Where]] = {}
        path_where = Where(where.file, where.pointer.rsplit("/", 1)[0])
        sources = (
            (item.get("parameters"), path_where.child("parameters")),
            (op.get("parameters"), where.child("parameters")),
        )
        for raw, base in sources:
            for index, param in enumerate(raw or []):
                param, pwhere = self.schemas.deref(param, base.child(index))
                if isinstance(param, dict) and "name" in param and "in" in param:
                    merged[(str(param["in"]), str(param["name"]))] = (param, pwhere)
        result = []
        for (location, wire), (param, pwhere) in merged.items():
            if location not in _LOCATION_ORDER:
                continue
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), dict):
                first: Any = next(iter(param["content"].values()), {})
                schema = first.get("schema") if isinstance(first, dict) else None
                self.warnings.append(
                    f"{pwhere.pointer}/content: a parameter's media type is not applied; the value is sent in the default style"
                )
            ptype = self.schemas.type_of(
                schema or {}, pwhere.child("schema"), op_name + "_" + wire
            )
            required = bool(param.get("required")) or location == "path"
            enum = self.schemas.enums.get(ptype.annotation)
            annotation = (
                f"{ptype.annotation} | {enum.literal}" if enum else ptype.annotation
            )
            resolved_schema, _ = self.schemas.deref(
                schema or {}, pwhere.child("schema")
            )
            default = (
                resolved_schema.get("default")
                if isinstance(resolved_schema, dict)
                else None
            )
            description = txt.clean(param.get("description"))
            style, unsupported = style_of(param, location)
            if unsupported:
                self.warnings.append(f"{pwhere.pointer}/style: {unsupported}")
            result.append(
                Parameter(
                    wire_name=wire,
                    py_name=names.unique(f"{location}:{wire}", param_name(wire)),
                    location=location,  # type: ignore[arg-type]
                    type=ptype,
                    annotation=annotation if required else f"{annotation} | None",
                    required=required,
                    default=repr(default) if default is not None else "",
                    description=description,
                    docs_description=txt.md_inline(description),
                    style=style,
                    explode=bool(param.get("explode", style == "form")),
                    example=examples.parameter_example(
                        self.schemas, param, ptype, pwhere
                    ),
                    deprecated=bool(param.get("deprecated")),
                )
            )
        result.sort(key=lambda p: (not p.required, _LOCATION_ORDER[p.location]))
        return tuple(result)

    def _undeclared_path_params(
        self, path: str, params: tuple[Parameter, ...], where: Where, names: Namer
    ) -> tuple[Parameter, ...]:
        """Path template variables without a parameter: an error, or with --lenient
        string parameters of their own. Parameters the template lacks are reported too.
        """
        declared = {p.wire_name for p in params if p.location == "path"}
        variables = template_names(path)
        missing = [v for v in variables if v not in declared]
        unused = sorted(declared - set(variables))
        for wire in missing:
            self._fault(
                where,
                f"path variable {{{wire}}} has no parameter",
                "declare it under `parameters` with `in: path`",
                "added as a string parameter",
            )
        for wire in unused:
            self._fault(
                where,
                f"path parameter {wire!r} is not in the path {path!r}",
                "remove it or add {" + wire + "} to the path",
                "it is sent nowhere",
            )
        return tuple(template_parameter(wire, names) for wire in missing)

    def _fault(
        self, where: Where, message: str, hint: str, lenient_outcome: str
    ) -> None:
        """A fault --lenient tolerates: a problem, or with --lenient a warning."""
        if self.settings.lenient:
            self.warnings.append(
                f"{where.pointer}: {message}; {lenient_outcome} (--lenient)"
            )
        else:
            self._problem(where, message, hint + ", or run with --lenient")

    def _body(
        self, raw: Any, where: Where, op_name: str, names: Namer
    ) -> RequestBody | None:
        if raw is None:
            return None
        raw, where = self.schemas.deref(raw, where)
        content = raw.get("content") if isinstance(raw, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        media_types = tuple(str(m) for m in content)
        kinds = {
            m: self._media_kind(m, content[m], where.child("content", m))
            for m in media_types
        }
        media_type = next(
            (m for m in media_types if kinds[m] == "json"), media_types[0]
        )
        kind = kinds[media_type]
        if kind == "binary":
            # Raw bytes go out as octet-stream unless the caller names their type;
            # a JSON media type declared with a binary schema is not a default.
            media_type = next(
                (m for m in media_types if m == "application/octet-stream"),
                next((m for m in media_types if "json" not in m), media_type),
            )
        media = content[media_type] if isinstance(content[media_type], dict) else {}
        schema_where = where.child("content", media_type, "schema")
        if kind == "binary":
            btype = _BYTES
            annotation = "FileContent"
            self._warn_if_structured(
                media, where.child("content", media_type), "sent as the bytes you pass"
            )
        elif kind == "text":
            btype, annotation = _STR, "str"
        else:
            btype = self.schemas.type_of(
                media.get("schema") or {}, schema_where, op_name + "_request"
            )
            annotation = btype.annotation
        required = bool(raw.get("required"))
        description = txt.clean(raw.get("description"))
        return RequestBody(
            py_name=names.unique("body", "body"),
            media_type=media_type,
            media_types=media_types,
            kind=kind,
            type=btype,
            annotation=annotation if required else f"{annotation} | None",
            required=required,
            description=description,
            docs_description=txt.md_inline(description),
            example=examples.body_example(self.schemas, media, btype, schema_where),
        )

    def _media_kind(self, media_type: str, media: Any, where: Where) -> BodyKind:
        schema = media.get("schema") if isinstance(media, dict) else None
        resolved, _ = self.schemas.deref(schema or {}, where.child("schema"))
        fmt = resolved.get("format") if isinstance(resolved, dict) else None
        base = media_type.split(";")[0].strip().lower()
        if fmt == "binary" or base == "application/octet-stream":
            return "binary"
        if base == "application/json" or base.endswith("+json"):
            return "json"
        if base == "application/x-www-form-urlencoded":
            return "form"
        if base.startswith("multipart/"):
            return "multipart"
        textual = (
            base.startswith("text/")
            or base == "application/xml"
            or base.endswith("+xml")
        )
        if (
            textual
            and isinstance(resolved, dict)
            and resolved.get("type") in (None, "string")
        ):
            return "text"
        return "binary"

    def _warn_if_structured(self, media: Any, where: Where, outcome: str) -> None:
        """A schema with structure under a media type the runtime cannot encode (XML
        objects, ...) is not silently dropped: the body is raw bytes, and says so."""
        schema = media.get("schema") if isinstance(media, dict) else None
        resolved, _ = self.schemas.deref(schema or {}, where.child("schema"))
        if isinstance(resolved, dict) and (
            "properties" in resolved or resolved.get("type") in ("object", "array")
        ):
            self.warnings.append(
                f"{where.pointer}: no encoder for this media type; {outcome}"
            )

    def _responses(
        self, raw: dict[str, Any], where: Where, op_name: str
    ) -> tuple[Response, ...]:
        result = []
        for status, response in shapes.dict_of(raw).items():
            status = str(status)
            rwhere = where.child(status)
            response, rwhere = self.schemas.deref(response, rwhere)
            if not isinstance(response, dict):
                continue
            code = _status_code(status)
            content: dict[str, Any] = (
                response["content"] if isinstance(response.get("content"), dict) else {}
            )
            media_type = str(next(iter(content), ""))
            kind: BodyKind = "none"
            rtype: TypeInfo | None = None
            if media_type:
                kind = self._media_kind(
                    media_type, content[media_type], rwhere.child("content", media_type)
                )
                json_type = next(
                    (
                        m
                        for m in content
                        if self._media_kind(m, content[m], rwhere) == "json"
                    ),
                    None,
                )
                if json_type:
                    media_type, kind = json_type, "json"
                schema = (
                    (content[media_type] or {}).get("schema")
                    if isinstance(content[media_type], dict)
                    else None
                )
                if kind == "json":
                    rtype = self.schemas.type_of(
                        schema or {},
                        rwhere.child("content", media_type, "schema"),
                        f"{op_name}_response_{status}",
                    )
                elif kind == "text":
                    rtype = _STR
                else:
                    rtype = _BYTES
                    self._warn_if_structured(
                        content[media_type],
                        rwhere.child("content", media_type),
                        "returned as bytes",
                    )
            headers = tuple(
                Header(
                    str(name),
                    (
                        self.schemas.type_of(
                            (h or {}).get("schema") or {},
                            rwhere.child("headers", name, "schema"),
                            "Header",
                        )
                        if isinstance(h, dict)
                        else ANY
                    ),
                    txt.md_inline(
                        (h or {}).get("description") if isinstance(h, dict) else ""
                    ),
                )
                for name, h in shapes.dict_of(response.get("headers")).items()
            )
            error_class = ""
            if code >= 400:
                self.error_statuses.add(code)
                error_class = _error_class_name(code)
            elif status == "default":
                error_class = "ApiError"
            description = txt.clean(response.get("description"))
            result.append(
                Response(
                    status,
                    code,
                    description,
                    txt.md_inline(description),
                    media_type,
                    kind,
                    rtype,
                    headers,
                    error_class,
                    _decoder(kind, rtype),
                )
            )
        return tuple(result)


def _decoder(kind: BodyKind, rtype: TypeInfo | None) -> str:
    if kind == "json" and rtype is not None:
        return f'Decoder("json", {rtype.annotation})'
    if kind in ("binary", "text"):
        return 'Decoder("bytes")' if kind == "binary" else 'Decoder("text")'
    return "NO_CONTENT"


def _signature(
    params: tuple[Parameter, ...], body: RequestBody | None
) -> tuple[str, ...]:
    """Path parameters and a required body by position; everything else by keyword."""
    positional = [
        f"{p.py_name}: {p.annotation}" for p in params if p.location == "path"
    ]
    if body is not None and body.required:
        positional.append(f"{body.py_name}: {body.annotation}")
    keyword = [
        f"{p.py_name}: {p.annotation}"
        for p in params
        if p.required and p.location != "path"
    ]
    if body is not None and not body.required:
        keyword.append(f"{body.py_name}: {body.annotation} = None")
    keyword += [f"{p.py_name}: {p.annotation} = None" for p in params if not p.required]
    return tuple(positional + (["*"] + keyword if keyword else []))


def _args_doc(params: tuple[Parameter, ...], body: RequestBody | None) -> str:
    lines = []
    for p in params:
        lines.append(f"{p.py_name}: {' '.join(p.description.split()) or p.wire_name}")
    if body is not None:
        lines.append(
            f"{body.py_name}: {' '.join(body.description.split()) or 'The request body.'}"
        )
    if not lines:
        return ""
    return "\n\nArgs:\n" + "\n".join("    " + line for line in lines)


def _with_examples(
    group: ApiGroup, package: str, schemes: tuple[SecurityScheme, ...]
) -> ApiGroup:
    def scheme_for(op: Operation) -> SecurityScheme | None:
        by_key = {s.key: s for s in schemes}
        for requirement in op.security:
            if len(requirement) == 1 and requirement[0] in by_key:
                return by_key[requirement[0]]
        return None

    operations = tuple(
        dataclasses.replace(
            op,
            example=scripts.operation_example(
                package, group.attr_name, op, scheme_for(op)
            ),
        )
        for op in group.operations
    )
    return dataclasses.replace(group, operations=operations)


def _with_imports(group: ApiGroup, module_of: dict[str, str]) -> ApiGroup:
    code = " ".join(
        " ".join(op.signature) + " " + op.success_type.annotation
        for op in group.operations
    )
    imports = (
        *library_imports(code),
        *model_imports(group.refs, module_of, "..models."),
    )
    runtime: set[str] = set()
    for op in group.operations:
        if op.pagination is None:
            runtime.add("endpoint")
        else:
            runtime.update(("pages_of", "items_at"))
            runtime.add(
                "body_token" if op.pagination.token_in == "body" else "header_token"
            )
    return ApiGroup(
        tag=group.tag,
        class_name=group.class_name,
        attr_name=group.attr_name,
        module=group.module,
        description=group.description,
        operations=group.operations,
        refs=group.refs,
        server_url=group.server_url,
        docstring=txt.docstring(group.description, indent=""),
        imports=imports,
        runtime_names=tuple(sorted(runtime)),
        paginated=any(op.pagination for op in group.operations),
        uses_file_content=any(
            op.body and op.body.kind == "binary" for op in group.operations
        ),
    )


def _status_code(status: str) -> int:
    if status.isdigit():
        return int(status)
    if len(status) == 3 and status[0].isdigit() and status[1:].upper() == "XX":
        return int(status[0]) * 100
    return 0


def _reason(code: int) -> str:
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return f"HTTP {code}"


def _error_class_name(code: int) -> str:
    try:
        name = pascal(http.HTTPStatus(code).phrase)
    except ValueError:
        return f"Status{code}Error"
    return name if name.endswith("Error") else name + "Error"


def _first_url(servers: tuple[Server, ...], groups: tuple[ApiGroup, ...]) -> str:
    if servers:
        return servers[0].url
    for group in groups:
        if group.server_url:
            return group.server_url
    return ""
