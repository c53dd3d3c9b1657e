"""What the contract check reads from an OpenAPI 3.1 document: schemas, their fields and types,
the schemas that responses return, header parameters, and `$ref`s that do not resolve.

Pure functions over a YamlDocument; only local references (`#/...`) are followed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from schemactl.contract.yamldoc import ContractFileError, PathKey, YamlDocument
from schemactl.snapshot.model import JsonValue

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMAS: PathKey = ("components", "schemas")


@dataclass(frozen=True)
class FieldType:
    """The JSON Schema type of a field, after `$ref`s and nullability are unwrapped."""

    type: str | None  # without "null"
    format: str | None = None
    enum: tuple[str, ...] | None = None
    nested: str | None = None  # the components/schemas name, when the field is an object with properties

    def describe(self) -> str:
        text = self.type or "untyped"
        if self.format:
            text += f"/{self.format}"
        if self.enum is not None:
            text += f" enum [{', '.join(self.enum)}]"
        return text


@dataclass(frozen=True)
class SchemaField:
    name: str
    path: PathKey  # of the property in the document
    type: FieldType


@dataclass(frozen=True)
class HeaderParameter:
    name: str
    path: PathKey  # of the parameter definition (after $ref)
    type: FieldType


@dataclass(frozen=True)
class InlineResponseSchema:
    label: str  # e.g. "GET /api/x 200"
    path: PathKey


@dataclass(frozen=True)
class ResponseSchemas:
    named: tuple[str, ...]  # components/schemas names, in order of first use
    inline: tuple[InlineResponseSchema, ...]


class OpenApiDocument:
    """An OpenAPI document and the lookups the check needs."""

    def __init__(self, document: YamlDocument) -> None:
        data = document.data
        version = data.get("openapi") if isinstance(data, dict) else None
        if not isinstance(version, str) or not version.startswith("3."):
            raise ContractFileError(
                "not an OpenAPI 3 document (no `openapi: 3.x` at the top)",
                file=document.display,
                line=document.position(()).line,
            )
        self.document = document

    @property
    def display(self) -> str:
        return self.document.display

    # -- references ----------------------------------------------------------------------------

    def resolve(self, value: JsonValue, path: PathKey) -> tuple[JsonValue, PathKey] | None:
        """Follow `$ref`s from `value` (at `path`); None when one does not resolve or they loop."""
        seen: set[str] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            reference = str(value["$ref"])
            target = _pointer(reference)
            located = self._locate(target) if target is not None and reference not in seen else None
            if located is None:
                return None
            seen.add(reference)
            value, path = self.document.get(located), located
        return value, path

    def resolve_object(self, value: JsonValue, path: PathKey) -> tuple[dict[str, JsonValue], PathKey] | None:
        """Like resolve, for a value that must be a mapping."""
        resolved = self.resolve(value, path)
        if resolved is None or not isinstance(resolved[0], dict):
            return None
        return resolved[0], resolved[1]

    def _locate(self, pointer: PathKey) -> PathKey | None:
        """The pointer's path with list indices as integers, or None when nothing is there."""
        value: JsonValue = self.document.data
        path: list[str | int] = []
        for step in pointer:
            if isinstance(value, dict) and step in value:
                value = value[str(step)]
                path.append(step)
            elif isinstance(value, list) and str(step).isdigit() and int(step) < len(value):
                value = value[int(step)]
                path.append(int(step))
            else:
                return None
        return tuple(path)

    def unresolved_references(self) -> Iterator[tuple[str, PathKey]]:
        """(reference, path of the `$ref`) for every `$ref` that does not resolve."""
        for reference, path in _references(self.document.data, ()):
            if self.resolve({"$ref": reference}, path) is None:
                yield reference, path

    # -- schemas -------------------------------------------------------------------------------

    def has_schema(self, name: str) -> bool:
        return self._locate((*SCHEMAS, name)) is not None

    def schema_path(self, name: str) -> PathKey:
        return (*SCHEMAS, name)

    def properties(self, name: str) -> dict[str, SchemaField]:
        """The properties of a components/schemas entry, allOf parts merged, in document order."""
        resolved = self.resolve(self.document.get((*SCHEMAS, name)), (*SCHEMAS, name))
        return self._properties(resolved, set()) if resolved else {}

    def _properties(self, resolved: tuple[JsonValue, PathKey], seen: set[PathKey]) -> dict[str, SchemaField]:
        value, path = resolved
        if not isinstance(value, dict) or path in seen:
            return {}
        seen.add(path)
        result: dict[str, SchemaField] = {}
        parts = value.get("allOf")
        for index, part in enumerate(parts if isinstance(parts, list) else []):
            part_resolved = self.resolve(part, (*path, "allOf", index))
            if part_resolved is not None:
                result.update(self._properties(part_resolved, seen))
        properties = value.get("properties")
        if isinstance(properties, dict):
            for name, schema in properties.items():
                where = (*path, "properties", name)
                result[name] = SchemaField(name, where, self.field_type(schema, where))
        return result

    def field_type(self, schema: JsonValue, path: PathKey) -> FieldType:
        """The type of a schema: `$ref`s followed, `null` dropped from type lists and anyOf/oneOf."""
        resolved = self.resolve_object(schema, path)
        if resolved is None:
            return FieldType(None)
        value, where = resolved
        for combinator in ("anyOf", "oneOf", "allOf"):
            branches = value.get(combinator)
            if isinstance(branches, list):
                typed = [
                    (branch, (*where, combinator, i))
                    for i, branch in enumerate(branches)
                    if not (isinstance(branch, dict) and branch.get("type") == "null")
                ]
                if len(typed) == 1 and "type" not in value:
                    return self.field_type(typed[0][0], typed[0][1])
        declared = value.get("type")
        if isinstance(declared, list):
            kinds = [str(t) for t in declared if t != "null"]
            declared = kinds[0] if len(kinds) == 1 else None
        if declared is None and isinstance(value.get("properties"), dict):
            declared = "object"
        enum = value.get("enum")
        values = tuple(str(v) for v in enum if v is not None) if isinstance(enum, list) else None
        form = value.get("format")
        nested = None
        if declared == "object" and isinstance(value.get("properties"), dict) and where[:2] == SCHEMAS:
            nested = str(where[2])
        return FieldType(
            str(declared) if isinstance(declared, str) else None,
            str(form) if isinstance(form, str) else None,
            values,
            nested,
        )

    def schema_type(self, name: str) -> FieldType:
        return self.field_type(self.document.get((*SCHEMAS, name)), (*SCHEMAS, name))

    # -- operations ----------------------------------------------------------------------------

    def _operations(self) -> Iterator[tuple[str, PathKey, JsonValue, PathKey]]:
        """(label, path of the operation, path item, path of the path item) of every operation."""
        data = self.document.data
        if not isinstance(data, dict):
            return
        for section in ("paths", "webhooks"):
            items = data.get(section)
            if not isinstance(items, dict):
                continue
            for route, item in items.items():
                resolved = self.resolve_object(item, (section, route))
                if resolved is None:
                    continue
                item_value, item_path = resolved
                for method in HTTP_METHODS:
                    if isinstance(item_value.get(method), dict):
                        yield f"{method.upper()} {route}", (*item_path, method), item_value, item_path

    def response_schemas(self) -> ResponseSchemas:
        """The schemas that some response returns, and every schema reachable from them."""
        named: dict[str, None] = {}
        inline: list[InlineResponseSchema] = []
        for label, operation_path, _item, _item_path in self._operations():
            responses = self.document.get((*operation_path, "responses"))
            if not isinstance(responses, dict):
                continue
            for status in responses:
                resolved = self.resolve_object(responses[status], (*operation_path, "responses", status))
                if resolved is None:
                    continue
                content = resolved[0].get("content")
                if not isinstance(content, dict):
                    continue
                for media in content:
                    schema_path = (*resolved[1], "content", media, "schema")
                    schema = self.document.get(schema_path)
                    if schema is None:
                        continue
                    name = self._component_name(schema, schema_path)
                    if name is not None:
                        named.setdefault(name)
                    elif _has_fields(schema):
                        inline.append(InlineResponseSchema(f"{label} {status}", schema_path))
        queue = list(named)
        while queue:
            for reached in self._referenced_schemas(queue.pop()):
                if reached not in named:
                    named[reached] = None
                    queue.append(reached)
        return ResponseSchemas(tuple(named), tuple(inline))

    def _component_name(self, schema: JsonValue, path: PathKey) -> str | None:
        resolved = self.resolve(schema, path)
        if resolved is None or resolved[1][:2] != SCHEMAS or len(resolved[1]) != 3:
            return None
        return str(resolved[1][2])

    def _referenced_schemas(self, name: str) -> Iterator[str]:
        """Object schemas (with properties) that the schema nests through properties, items, anyOf/oneOf.

        A scalar schema behind a property (an enum, say) is covered by that property's mapping, and
        the parts of a top-level allOf are merged into the schema's own properties.
        """
        root = (*SCHEMAS, name)
        for reference, path in _references(self.document.get(root), root):
            if path[len(root) : len(root) + 1] == ("allOf",):
                continue
            target = self._component_name({"$ref": reference}, path)
            if target is not None and self.properties(target):
                yield target

    def header_parameters(self) -> list[HeaderParameter]:
        """Every header parameter of every operation (path-level ones included), in document order."""
        found: list[HeaderParameter] = []
        for _label, operation_path, _item, item_path in self._operations():
            for where in (item_path, operation_path):
                parameters = self.document.get((*where, "parameters"))
                if not isinstance(parameters, list):
                    continue
                for index, parameter in enumerate(parameters):
                    resolved = self.resolve_object(parameter, (*where, "parameters", index))
                    if resolved is None or resolved[0].get("in") != "header":
                        continue
                    value, path = resolved
                    name = value.get("name")
                    if isinstance(name, str):
                        kind = self.field_type(value.get("schema"), (*path, "schema"))
                        found.append(HeaderParameter(name, path, kind))
        return found


def _pointer(reference: str) -> PathKey | None:
    """The path of a local JSON pointer `#/a/b`, or None for other references."""
    if not reference.startswith("#/"):
        return None
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in reference[2:].split("/"))


def _references(value: JsonValue, path: PathKey) -> Iterator[tuple[str, PathKey]]:
    if isinstance(value, dict):
        reference = value.get("$ref")
        if isinstance(reference, str):
            yield reference, (*path, "$ref")
        for key, item in value.items():
            if key != "$ref":
                yield from _references(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _references(item, (*path, index))


def _has_fields(schema: JsonValue) -> bool:
    """An object schema: one whose fields would need mapping."""
    return isinstance(schema, dict) and (isinstance(schema.get("properties"), dict) or schema.get("type") == "object")
