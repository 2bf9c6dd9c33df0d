"""The one place that decides who may do what.

Every view of the staff workspace declares a permission from PERMISSIONS through
`@permission_required`. `docs/permissions.md` shows the same matrix; a test keeps both equal.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from uebergang.lib.kept import kept
from uebergang.network.models import Body, Task
from uebergang.tenants.models import Tenant

from .models import Membership

Role = Membership.Role

PERMISSIONS: dict[str, frozenset[str]] = {
    # Staff workspace start page of a tenant.
    "workspace.view": frozenset({Role.COORDINATOR, Role.PARTNER, Role.CASE_WORKER, Role.STEERING}),
    # Public portrait, regions and coordination-office contact of the tenant.
    "tenant.edit": frozenset({Role.COORDINATOR}),
    # Who belongs to the tenant's team, with which role.
    "members.view": frozenset({Role.COORDINATOR}),
    "members.manage": frozenset({Role.COORDINATOR}),
    # The tenant's audit trail.
    "audit.view": frozenset({Role.COORDINATOR}),
    # Actor registry and network bodies as staff see them (internal contacts included).
    "network.view": frozenset({Role.COORDINATOR, Role.PARTNER, Role.CASE_WORKER, Role.STEERING}),
    # Keep every organisation, contact, body and body membership; import actors.
    "network.manage": frozenset({Role.COORDINATOR}),
    # Edit an organisation's profile and contacts: a partner only its own organisation.
    "organisation.edit": frozenset({Role.COORDINATOR, Role.PARTNER}),
    # Record meetings with agenda, attendance, minutes, decisions and tasks: coordinators for every body,
    # others for the bodies they chair or deputise (rule `managed_bodies`).
    "meetings.manage": frozenset({Role.COORDINATOR, Role.PARTNER, Role.CASE_WORKER, Role.STEERING}),
    # Update status of and comment on tasks: others than coordinators only tasks assigned to them.
    "tasks.update": frozenset({Role.COORDINATOR, Role.PARTNER, Role.CASE_WORKER, Role.STEERING}),
    # Transition monitoring dashboards (suppressed figures): a partner sees the tenant and its own school.
    "monitoring.view": frozenset({Role.COORDINATOR, Role.PARTNER, Role.STEERING}),
    # Import leaver records and counts, keep source mappings and local destination sub-codes.
    "monitoring.manage": frozenset({Role.COORDINATOR}),
    # Offering catalogue as staff see it (drafts and versions included): a partner its own drafts.
    "offerings.view": frozenset({Role.COORDINATOR, Role.PARTNER, Role.CASE_WORKER, Role.STEERING}),
    # Create and edit offerings: a partner only its own organisation's, changes to published ones via review.
    "offerings.edit": frozenset({Role.COORDINATOR, Role.PARTNER}),
    # Approve or reject changes, publish and archive offerings, see the staleness list, send reminders.
    "offerings.review": frozenset({Role.COORDINATOR}),
    # Import offerings, keep the tenant's categories and the catalogue settings.
    "offerings.manage": frozenset({Role.COORDINATOR}),
    # Coverage matrix, likely duplicates and funding ending soon.
    "offerings.analyse": frozenset({Role.COORDINATOR, Role.STEERING}),
    # Verbleibsklärung: the case queue and a case's personal data (every read is audited). Not coordinators.
    "cases.view": frozenset({Role.CASE_WORKER}),
    # Open and edit cases, log contacts, record consents and legal bases, refer to offerings, close cases.
    "cases.work": frozenset({Role.CASE_WORKER}),
    # The municipality's case rules: deadline, attempts before "not reachable", retention, Klärungsliste legal basis.
    "cases.configure": frozenset({Role.COORDINATOR}),
    # Break the glass: read one case for an hour with a recorded reason, shown to its case workers.
    "cases.emergency": frozenset({Role.COORDINATOR}),
    # Report a young person to the case management with their consent (no reading of cases).
    "cases.report": frozenset({Role.PARTNER}),
    # Referrals to offerings of the partner's own organisation, with only the data the consent covers.
    "referrals.respond": frozenset({Role.PARTNER}),
    # Figures of the Verbleibsklärung: open cases, outcomes, time to clear, referrals (protected counts only).
    "cases.figures": frozenset({Role.COORDINATOR, Role.CASE_WORKER, Role.STEERING}),
    # Case conferences one takes part in: minutes, agreed steps, the data shared with one's organisation.
    "conferences.take_part": frozenset({Role.CASE_WORKER, Role.PARTNER}),
    # Work plans (priorities, goals, measures with progress), their history and indicators: read.
    "planning.view": frozenset({Role.COORDINATOR, Role.PARTNER, Role.STEERING}),
    # Create and edit work plans, priorities, goals, measures and indicators; record indicator values.
    "planning.manage": frozenset({Role.COORDINATOR}),
    # Money and staff: funding by source, Rechtskreis, phase and region, funding running out, staff in FTE.
    "planning.resources": frozenset({Role.COORDINATOR, Role.STEERING}),
    # The annual report from live data (page and PDF) and its published versions.
    "planning.report": frozenset({Role.COORDINATOR, Role.STEERING}),
    # Quality standards, the schools page and the state of reviews and partner reports.
    "quality.view": frozenset({Role.COORDINATOR, Role.PARTNER, Role.STEERING}),
    # Keep standards, open reviews and reporting periods, rate as the coordination office, close reviews.
    "quality.manage": frozenset({Role.COORDINATOR}),
    # Fill in the self-evaluations and partner reports of the own organisation's offerings.
    "quality.report": frozenset({Role.COORDINATOR, Role.PARTNER}),
    # Effectiveness and need against supply (protected figures).
    "quality.analyse": frozenset({Role.COORDINATOR, Role.STEERING}),
    # Describe the municipality's own practices for the association's library (draft, publish, public or not).
    "practices.manage": frozenset({Role.COORDINATOR}),
    # Read the library of practice: the published practices of every member municipality.
    "practices.read": frozenset({Role.COORDINATOR, Role.PARTNER, Role.CASE_WORKER, Role.STEERING}),
    # Cross-tenant comparison built from suppressed aggregates only.
    "association.view": frozenset({Role.ASSOCIATION}),
    # A member's view of the association's fair comparison: protected figures of every member, adjusted.
    "association.compare": frozenset({Role.COORDINATOR, Role.STEERING}),
}


# Rules beyond roles: which objects of its municipality a person may act on. Each is written once,
# here, the apps' queries apply it, and tests/test_permissions.py walks it like the role table.
# - Own organisation: a partner keeps only its own organisation's profile, contacts and offerings
#   (`organisation.edit`, `offerings.edit`); coordinators keep every organisation.
# - Internal minutes (`network.view`): coordinators read every body's, others those of the bodies their
#   organisation sits in.
# - Tasks (`tasks.update`): coordinators update every task, others those assigned to them or to their
#   organisation.
# - Body officers (`meetings.manage`): coordinators record meetings, decisions and tasks of every body,
#   others only of the bodies they chair or deputise (network.BodyOfficer); other bodies are not found.
# - Case conferences (`conferences.take_part`): only the people taking part open a conference and read its
#   minutes; a partner sees the young person's data only while a conference permit covers their
#   organisation; the responsible person, their organisation or a case worker moves a step on.
# - Quality (`quality.report`): a partner fills in the self-evaluations and partner reports of its own
#   organisation's offerings only (others are not found); coordinators every one. Follow-up actions of a
#   review are moved on by the responsible person or organisation, or a coordinator.
# - Documents (`workspace.view`, then the owner's rule, documents/registry.py): a file is read by those
#   who read its owner (a meeting's or decision's: the body's internal minutes; an offering's: the staff
#   who see it; a review's: who sees the review) and added by those who edit the owner; the uploader or a
#   coordinator removes it.
OWN_ORGANISATION_PERMISSIONS = ("organisation.edit", "offerings.edit")


def own_organisation_ids(membership: Membership | None) -> list[int]:
    """The organisations a person acts for in this tenant (a partner's own organisation)."""
    if membership is None or membership.organisation_id is None:
        return []
    return [membership.organisation_id]


def bodies_with_internal_access(tenant: Tenant, membership: Membership) -> QuerySet[Body]:
    """Bodies whose internal minutes this person may read."""
    bodies = Body.objects.for_tenant(tenant)
    if membership.role == Role.COORDINATOR:
        return bodies
    return bodies.filter(memberships__organisation_id__in=own_organisation_ids(membership)).distinct()


def managed_bodies(tenant: Tenant, membership: Membership | None) -> QuerySet[Body]:
    """Bodies whose meetings, decisions and tasks this person records."""
    bodies = Body.objects.for_tenant(tenant)
    if membership is None:
        return bodies.none()
    if membership.role == Role.COORDINATOR:
        return bodies
    return bodies.filter(officers__user_id=membership.user_id)


def updatable_tasks(tenant: Tenant, membership: Membership) -> QuerySet[Task]:
    """Tasks this person may update."""
    tasks = Task.objects.for_tenant(tenant)
    if membership.role == Role.COORDINATOR:
        return tasks
    return tasks.assigned_to(membership.user, own_organisation_ids(membership))


def roles_with(permission: str) -> frozenset[str]:
    try:
        return PERMISSIONS[permission]
    except KeyError:
        raise LookupError(f"Unknown permission {permission!r}") from None


def memberships_of(user) -> list[Membership]:
    """All of the user's memberships, by municipality name: one query per request.

    The permission checks and the switcher in the page header read the same list, kept in the process
    while the content version holds (any write of a membership, tenant or organisation retires it).
    """
    if "_memberships" not in user.__dict__:
        user.__dict__["_memberships"] = kept(
            ("memberships", user.pk),
            lambda: list(
                Membership.objects.filter(user=user)
                .select_related("tenant", "organisation")
                .order_by("tenant__name")
            ),
        )
    return user.__dict__["_memberships"]


def membership_for(user, tenant: Tenant | None) -> Membership | None:
    """The user's membership in `tenant` (or the association membership for tenant None)."""
    if not user.is_authenticated:
        return None
    key = tenant.pk if tenant else None
    return next((m for m in memberships_of(user) if m.tenant_id == key), None)


def has_permission(user, tenant: Tenant | None, permission: str) -> bool:
    allowed = roles_with(permission)
    membership = membership_for(user, tenant)
    return membership is not None and membership.role in allowed


def permission_required(permission: str) -> Callable:
    """Log-in, membership and role check for a view; sets `request.membership`.

    Tenant views get the tenant from the `<tenant:tenant>` converter; views without a tenant
    (the association's) check the association membership.
    """
    roles_with(permission)  # fail at import time for a typo

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            tenant = kwargs.get("tenant")
            if not has_permission(request.user, tenant, permission):
                raise PermissionDenied
            request.membership = membership_for(request.user, tenant)
            return view(request, *args, **kwargs)

        wrapped.permission = permission
        return wrapped

    return decorator
