"""Every URL pattern of the project, for the isolation walk and the permission matrix."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Route:
    template: str  # e.g. "/<tenant:tenant>/intern/team/<int:membership_id>/"
    callback: object
    name: str

    @property
    def parameters(self) -> list[str]:
        return [m.group("name") for m in PARAMETER.finditer(self.template)]

    def __str__(self) -> str:
        return self.template


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif isinstance(pattern, URLPattern):
                routes.append(Route("/" + route, pattern.callback, f"{namespace}{pattern.name or route}"))

    walk(get_resolver().url_patterns, "", "")
    return routes


def tenant_routes() -> list[Route]:
    """Routes that take a municipality: the ones that could leak one municipality's data to another."""
    return [route for route in all_routes() if "tenant" in route.parameters]


def fill(route: Route, tenant, objects: dict[str, int]) -> str:
    def value(match: re.Match) -> str:
        name = match.group("name")
        if name == "tenant":
            return tenant.slug
        if name not in objects:
            raise LookupError(
                f"{route.template}: no object for <{name}>; add one to Cast.objects_of in uebergang/test/cast.py"
            )
        return str(objects[name])

    return PARAMETER.sub(value, route.template)


def readable(response) -> str:
    """What a reader of the answer sees, as text: HTML, JSON, CSV and calendar feeds as they come, the
    cells of an XLSX (its XML parts) and the text of a PDF — so a content check reads exports too."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content.startswith(b"PK"):  # XLSX and other zipped office files
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                html.unescape(archive.read(name).decode("utf-8", "replace"))
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    if content.startswith(b"%PDF") or "pdf" in content_type:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    text = content.decode("utf-8-sig", "replace")
    if "json" in content_type:  # "\u00e4" as the reader sees it
        return json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def http_methods(route: Route) -> frozenset[str] | None:
    """The methods a view limits itself to with Django's `require_http_methods` (`require_POST`…), or
    None when it does not: read from the decorator's closure along the `__wrapped__` chain."""
    func = route.callback
    while func is not None:
        code = getattr(func, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = func.__closure__[code.co_freevars.index("request_method_list")]
            return frozenset(cell.cell_contents)
        func = getattr(func, "__wrapped__", None)
    return None
