"""Every URL pattern of the project, for the isolation walk and the permission matrix."""

from __future__ import annotations

import re
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
                f"{route.template}: no object for <{name}>; add one to Cast.objects_of in uebergang/test.py"
            )
        return str(objects[name])

    return PARAMETER.sub(value, route.template)
