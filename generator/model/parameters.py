"""An operation's parameters, and the method signature and docstring they make."""

from __future__ import annotations

from typing import Any

from generator.findings import Findings, warning
from generator.model import examples
from generator.model import text as txt
from generator.model.ir import Parameter
from generator.model.limits import limits_of
from generator.model.operations import style_of, template_names, template_parameter
from generator.model.schemas import SchemaRegistry, Where, json_text
from generator.model.words import split_words

LOCATION_ORDER = {"path": 0, "query": 1, "header": 2, "cookie": 3}


class ParameterReader:
    """Reads the parameters of one spec's operations, naming their inline schemas in
    ``schemas`` and reporting to ``findings``."""

    def __init__(self, schemas: SchemaRegistry, findings: Findings) -> None:
        self.schemas = schemas
        self.findings = findings

    def declared(
        self,
        op: dict[str, Any],
        item: dict[str, Any],
        where: Where,
        op_name: str,
    ) -> tuple[Parameter, ...]:
        """The parameters of the operation and its path item, the operation's
        winning; required ones first, then by location."""
        result = [
            self._parameter(location, wire, param, pwhere, op_name, order)
            for order, ((location, wire), (param, pwhere)) in enumerate(
                (key, found)
                for key, found in self._merged(op, item, where).items()
                if key[0] in LOCATION_ORDER
            )
        ]
        result.sort(key=lambda p: (not p.required, LOCATION_ORDER[p.location]))
        return tuple(result)

    def undeclared_path_params(
        self, path: str, params: tuple[Parameter, ...], where: Where
    ) -> tuple[Parameter, ...]:
        """Path template variables without a parameter: an error, or with --lenient
        string parameters of their own. Parameters the template lacks are reported too.
        """
        declared = {p.wire_name for p in params if p.location == "path"}
        variables = template_names(path)
        missing = [v for v in variables if v not in declared]
        unused = sorted(declared - set(variables))
        for wire in missing:
            self.findings.fault(
                where,
                f"path variable {{{wire}}} has no parameter",
                "declare it under `parameters` with `in: path`",
                "added as a string parameter",
            )
        for wire in unused:
            self.findings.fault(
                where,
                f"path parameter {wire!r} is not in the path {path!r}",
                "remove it or add {" + wire + "} to the path",
                "it is sent nowhere",
            )
        return tuple(
            template_parameter(wire, len(params) + i) for i, wire in enumerate(missing)
        )

    def _merged(
        self, op: dict[str, Any], item: dict[str, Any], where: Where
    ) -> dict[tuple[str, str], tuple[dict[str, Any], Where]]:
        """Each ``(location, name)``'s parameter object and place."""
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
        return merged

    def _parameter(
        self,
        location: str,
        wire: str,
        param: dict[str, Any],
        pwhere: Where,
        op_name: str,
        order: int,
    ) -> Parameter:
        schema = self._schema(param, pwhere)
        ptype = self.schemas.type_of(
            schema or {}, pwhere.child("schema"), op_name + "_" + wire
        )
        required = bool(param.get("required")) or location == "path"
        resolved_schema, _ = self.schemas.deref(schema or {}, pwhere.child("schema"))
        default = (
            resolved_schema.get("default")
            if isinstance(resolved_schema, dict)
            else None
        )
        description = txt.clean(param.get("description"))
        style, unsupported = style_of(param, location)
        if unsupported:
            self.findings.warnings.append(warning(pwhere.child("style"), unsupported))
        return Parameter(
            wire_name=wire,
            location=location,  # type: ignore[arg-type]
            type=ptype,
            required=required,
            default_json=json_text(default),
            description=description,
            style=style,
            explode=bool(param.get("explode", style == "form")),
            sample=examples.parameter_example(self.schemas, param, ptype, pwhere),
            example_json=examples.given_json(
                self.schemas, param, pwhere.child("schema"), location != "header"
            ),
            deprecated=bool(param.get("deprecated")),
            limits=limits_of(
                resolved_schema if isinstance(resolved_schema, dict) else {},
                lambda node: self.schemas.deref(node, pwhere.child("schema"))[0],
            ),
            words=split_words(wire),
            order=order,
        )

    def _schema(self, param: dict[str, Any], pwhere: Where) -> Any:
        """The parameter's schema, or that of its first media type (with a warning)."""
        schema = param.get("schema")
        if schema is None and isinstance(param.get("content"), dict):
            first: Any = next(iter(param["content"].values()), {})
            schema = first.get("schema") if isinstance(first, dict) else None
            self.findings.warnings.append(
                warning(
                    pwhere.child("content"),
                    "a parameter's media type is not applied; the value is sent in the default style",
                )
            )
        return schema
