"""The permission matrix: code, documentation and behaviour agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.urlwalk import Route, fill, http_methods, tenant_routes
from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import OWN_ORGANISATION_PERMISSIONS, PERMISSIONS

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
Role = Membership.Role
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


def post_only_routes() -> list[Route]:
    return [route for route in workspace_routes() if http_methods(route) == frozenset({"POST"})]


def test_the_walk_finds_the_post_only_actions():
    names = {route.name for route in post_only_routes()}
    assert {"offerings:submit", "offerings:set_status", "network:calendar_feed_revoke"} <= names, names


@pytest.mark.parametrize("route", post_only_routes(), ids=lambda r: r.name)
def test_post_only_actions_answer_the_roles_the_matrix_gives_and_refuse_the_others(client, cast, route):
    """GET only says 405 to everybody; the POST shows who may act. Refused roles come first, so the
    action has not yet changed anything when they try; an empty form is enough to pass the check."""
    allowed = PERMISSIONS[route.callback.permission]
    url = fill(route, cast.tenant_a, cast.objects_of(cast.tenant_a))
    members = sorted(cast.members_a.items(), key=lambda item: item[0] in allowed)
    for role, user in members:
        client.force_login(user)
        status = client.post(url).status_code
        if role in allowed:
            assert status not in {403, 405} and status < 500, f"{role}: POST {url} → {status}, allowed"
        else:
            assert status == 403, f"{role}: POST {url} → {status}, expected 403"
        client.logout()
    for user in (cast.coordinator_b, cast.association, cast.outsider):
        client.force_login(user)
        assert client.post(url).status_code == 403, f"{user}: POST {url}"
        client.logout()
    response = client.post(url)
    assert response.status_code == 302 and response.url.startswith("/konto/anmelden/")


# The staff API: each operation that needs a sign-in, with the permission it checks and the query that
# reaches staff data. A new staff operation is added here (the first test fails until it is).
STAFF_API = {
    "/api/v1/{tenant}/monitoring/headline": ("monitoring.view", {}),
    "/api/v1/{tenant}/monitoring/table": ("monitoring.view", {"dimensions": "year"}),
    "/api/v1/{tenant}/offerings/": ("offerings.view", {"status": "draft"}),
}


def test_every_staff_api_operation_is_walked(client, db):
    document = client.get("/api/v1/openapi.json").json()
    signed_in_only = {
        path
        for path, operations in document["paths"].items()
        for operation in operations.values()
        if operation.get("security") and {} not in operation["security"]
    }
    assert signed_in_only <= set(STAFF_API), signed_in_only - set(STAFF_API)


@pytest.mark.parametrize("path", list(STAFF_API))
def test_the_staff_api_answers_the_roles_the_matrix_gives(client, cast, path):
    permission, params = STAFF_API[path]
    allowed = PERMISSIONS[permission]
    url = path.replace("{tenant}", cast.tenant_a.slug)
    for role, user in cast.members_a.items():
        client.force_login(user)
        status = client.get(url, params).status_code
        assert status == (200 if role in allowed else 403), f"{role}: GET {url} {params} → {status}"
        client.logout()
    for user in (cast.coordinator_b, cast.association, cast.outsider):
        client.force_login(user)
        assert client.get(url, params).status_code == 403, f"{user}: GET {url} {params}"
        client.logout()
    assert client.get(url, params).status_code == 401


def own_organisation_routes() -> list[Route]:
    """Workspace routes under the own-organisation rule that name an object of an organisation."""
    objects = {"organisation_id", "contact_id", "offering_id"}
    return [
        route
        for route in workspace_routes()
        if route.callback.permission in OWN_ORGANISATION_PERMISSIONS and objects & set(route.parameters)
    ]


@pytest.fixture
def other_organisation(cast):
    """An organisation of A the partner does not act for, with an internal contact and a draft."""
    from uebergang.network.models import Contact
    from uebergang.offerings.models import Offering
    from uebergang.test import create_organisation

    organisation = create_organisation(cast.tenant_a, "Fremder Träger")
    contact = Contact.objects.create(organisation=organisation, name="Fremde Person")
    offering = Offering.objects.create(
        tenant=cast.tenant_a, provider=organisation, title="Fremdes Angebot", short_description="fremd"
    )
    return {"organisation_id": organisation.pk, "contact_id": contact.pk, "offering_id": offering.pk}


def test_the_own_organisation_rule_covers_profile_contacts_and_offerings():
    names = {route.name for route in own_organisation_routes()}
    assert {"network:actor_edit", "network:contact_edit", "offerings:edit"} <= names, names


@pytest.mark.parametrize("route", own_organisation_routes(), ids=lambda r: r.name)
def test_a_partner_acts_only_for_its_own_organisation(client, cast, other_organisation, route):
    """The rule walked like the roles: the partner opens the route for its own organisation's object
    and is refused for another organisation's; the coordinator opens both."""
    own = cast.objects_of(cast.tenant_a)
    foreign = {**own, **other_organisation}
    client.force_login(cast.partner)
    assert client.get(fill(route, cast.tenant_a, own)).status_code in {200, 405}
    for method in ("get", "post"):
        status = getattr(client, method)(fill(route, cast.tenant_a, foreign)).status_code
        assert status in {403, 404, 405}, (
            f"partner: {method.upper()} {route} of another organisation → {status}"
        )
    client.force_login(cast.coordinator)
    assert client.get(fill(route, cast.tenant_a, foreign)).status_code in {200, 405}


# The network's rules beyond roles (uebergang/network/queries.py): tasks may be updated by coordinators
# and by whoever they are assigned to (the person or their organisation); internal minutes are read by
# coordinators and by members of bodies their organisation sits in.


@pytest.fixture
def other_body(cast):
    """A body of A the partner's organisation does not sit in, with a meeting, minutes and a task."""
    from django.utils import timezone

    from uebergang.network.models import Body, Meeting, Task
    from uebergang.test import create_organisation

    body = Body.objects.create(tenant=cast.tenant_a, name="Fremdes Gremium", code="FG")
    meeting = Meeting.objects.create(body=body, starts_at=timezone.now(), minutes="Fremdes Protokoll")
    organisation = create_organisation(cast.tenant_a, "Fremder Träger")
    task = Task.objects.create(
        body=body, meeting=meeting, title="Fremde Aufgabe", responsible_organisation=organisation
    )
    return {"meeting_id": meeting.pk, "task_id": task.pk}


TASK_UPDATE = {"status": "done", "comment": "Erledigt."}


def test_tasks_are_updated_by_coordinators_and_by_whom_they_are_assigned_to(client, cast, other_body):
    own = cast.network_a.task  # assigned to the partner's organisation
    for role, user in cast.members_a.items():
        client.force_login(user)
        url = f"/kreis-a/intern/aufgaben/{other_body['task_id']}/"
        status = client.post(url, TASK_UPDATE).status_code
        assert status == (302 if role == Role.COORDINATOR else 404), f"{role}: POST {url} → {status}"
        client.logout()
    client.force_login(cast.partner)
    assert client.post(f"/kreis-a/intern/aufgaben/{own.pk}/", TASK_UPDATE).status_code == 302
    client.force_login(cast.steering)
    assert client.post(f"/kreis-a/intern/aufgaben/{own.pk}/", TASK_UPDATE).status_code == 404


def test_internal_minutes_are_read_by_coordinators_and_members_of_the_body(client, cast, other_body):
    own = cast.network_a.meeting  # of a body the partner's organisation sits in
    for role, user in cast.members_a.items():
        client.force_login(user)
        response = client.get(f"/kreis-a/intern/sitzungen/{other_body['meeting_id']}/")
        assert response.status_code == 200
        assert ("Fremdes Protokoll" in response.content.decode()) == (role == Role.COORDINATOR), role
        client.logout()
    client.force_login(cast.partner)
    assert own.minutes in client.get(f"/kreis-a/intern/sitzungen/{own.pk}/").content.decode()
