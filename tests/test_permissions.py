"""The permission matrix: code, documentation and behaviour agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.urlwalk import Route, fill, tenant_routes
from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import PERMISSIONS

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
ROLES = [*Membership.TENANT_ROLES, Membership.Role.ASSOCIATION]


def documented_matrix() -> dict[str, frozenset[str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("| Permission"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    matrix = {}
    for line in lines:
        match = re.match(r"\| `([a-z_.]+)` \|", line)
        if match:
            cells = [c.strip() for c in line.strip("|").split("|")]
            matrix[match.group(1)] = frozenset(
                role for role, cell in zip(columns, cells, strict=False) if role in ROLES and cell == "✓"
            )
    return matrix


def test_the_documented_matrix_is_the_code():
    assert documented_matrix() == {name: frozenset(roles) for name, roles in PERMISSIONS.items()}


def workspace_routes() -> list[Route]:
    return [route for route in tenant_routes() if "/intern/" in route.template]


def test_every_workspace_view_declares_a_permission():
    routes = workspace_routes()
    assert routes, "no workspace routes found"
    missing = [
        route.template for route in routes if getattr(route.callback, "permission", None) not in PERMISSIONS
    ]
    assert missing == [], f"workspace views without @permission_required: {missing}"


@pytest.mark.parametrize("route", workspace_routes(), ids=lambda r: r.name)
def test_each_role_gets_exactly_what_the_matrix_gives(client, cast, route):
    allowed = PERMISSIONS[route.callback.permission]
    url = fill(route, cast.tenant_a, cast.objects_of(cast.tenant_a))
    for role, user in cast.members_a.items():
        client.force_login(user)
        status = client.get(url).status_code
        if role in allowed:
            # 405: a POST-only action; 404: an object-level rule hides this object from this person.
            assert status in {200, 404, 405}, f"{role} on {url}: {status}, the matrix allows it"
        else:
            assert status == 403, f"{role} on {url}: {status}, expected 403"
        client.logout()
    # Someone allowed can open the URL (the coordinator, unless the matrix keeps them out).
    opener = next(user for role, user in cast.members_a.items() if role in allowed)
    client.force_login(opener)
    assert client.get(url).status_code in {200, 405}, f"{opener} cannot open {url}"


@pytest.mark.parametrize("who, status", [("association", 200), ("coordinator", 403), ("outsider", 403)])
def test_the_association_page_is_for_the_association_only(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.get("/verbund/").status_code == status


def test_superusers_get_no_workspace_by_being_superusers(client, cast):
    from uebergang.test import create_user, enrol_totp

    admin = create_user("admin@example.org", is_superuser=True, is_staff=True)
    enrol_totp(admin)
    client.force_login(admin)
    assert client.get("/kreis-a/intern/").status_code == 403
    assert client.get("/admin/").status_code == 200
