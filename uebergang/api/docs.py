"""The API documentation as a page of the site, rendered on the server from the OpenAPI document.

Swagger UI is a JavaScript application without the site's header, language or accessible structure.
This renderer (a django-ninja `DocsBase`) reads the same document the tools use and shows it as plain
HTML in the site's layout: operations grouped by tag with their parameters and answers as tables, every
schema with its fields, and links to the machine-readable document. Nothing is written by hand, so the
page cannot drift from the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

REF_PREFIX = "#/components/schemas/"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Parameter:
    name: str
    where: str
    type: str
    required: bool
    description: str


@dataclass
class Answer:
    status: str
    description: str
    type: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[Parameter] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)


@dataclass
class Field:
    name: str
    type: str
    required: bool
    description: str


def type_of(schema: dict[str, Any]) -> str:
    """A short, readable type: `integer`, `string (date)`, `Liste von OfferingOut`, `integer oder null`."""
    if not schema:
        return "beliebig"
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF_PREFIX)
    for combination in ("anyOf", "oneOf"):
        if combination in schema:
            return " oder ".join(type_of(part) for part in schema[combination])
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return type_of(schema["allOf"][0])
    kind = schema.get("type", "object")
    if kind == "array":
        return f"Liste von {type_of(schema.get('items', {}))}"
    if "enum" in schema:
        return f"{kind}: " + ", ".join(str(value) for value in schema["enum"])
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def operations_by_tag(document: dict[str, Any]) -> dict[str, list[Operation]]:
    groups: dict[str, list[Operation]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            spec = item.get(method)
            if spec is None:
                continue
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=spec.get("summary", ""),
                description=spec.get("description", ""),
                anchor=spec.get("operationId", f"{method}-{path}"),
                parameters=[
                    Parameter(
                        name=p["name"],
                        where=p["in"],
                        type=type_of(p.get("schema", {})),
                        required=bool(p.get("required")),
                        description=p.get("description", ""),
                    )
                    for p in spec.get("parameters", [])
                ],
                answers=[
                    Answer(
                        status=status, description=answer.get("description", ""), type=_content_type(answer)
                    )
                    for status, answer in spec.get("responses", {}).items()
                ],
            )
            groups.setdefault((spec.get("tags") or ["Allgemein"])[0], []).append(operation)
    return groups


def _content_type(answer: dict[str, Any]) -> str:
    for media, content in answer.get("content", {}).items():
        schema = content.get("schema")
        return type_of(schema) if schema else media
    return "–"


def schemas(document: dict[str, Any]) -> list[tuple[str, str, list[Field]]]:
    found = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        fields = [
            Field(
                name=key,
                type=type_of(value),
                required=key in required,
                description=value.get("description", ""),
            )
            for key, value in schema.get("properties", {}).items()
        ]
        found.append((name, schema.get("description", ""), fields))
    return found


class ReadableDocs(DocsBase):
    """`NinjaAPI(docs=ReadableDocs())`: the documentation page in the site's layout."""

    def render_page(self, request: HttpRequest, api, **kwargs: Any) -> HttpResponse:
        document = api.get_openapi_schema(path_params=kwargs)
        context = {
            "title": document["info"]["title"],
            "version": document["info"]["version"],
            "description": document["info"].get("description", ""),
            "openapi_url": self.get_openapi_url(api, kwargs),
            "groups": operations_by_tag(document),
            "schemas": schemas(document),
        }
        return render(request, "api/docs.html", context)
