"""Network bodies: the network page and picture, bodies and their members, in the workspace and in public.

Meetings, decisions and tasks of the bodies are in views/meetings.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from uebergang.accounts.permissions import (
    bodies_with_internal_access,
    managed_bodies,
    permission_required,
)
from uebergang.tenants.models import Tenant

from ..actions import bodies as actions
from ..forms_bodies import (
    BodyForm,
    BodyMembershipForm,
    BodyOfficersForm,
)
from ..models import Body, BodyMembership, Meeting, Task

LEVELS = [Body.Level.STRATEGIC, Body.Level.COORDINATING, Body.Level.OPERATIONAL]
LEVEL_HEADINGS = {
    Body.Level.STRATEGIC: gettext_lazy("Strategische Ebene"),
    Body.Level.COORDINATING: gettext_lazy("Koordinierende Ebene"),
    Body.Level.OPERATIONAL: gettext_lazy("Operative Ebene"),
}
ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(BodyMembership.Role.values)),
    output_field=IntegerField(),
)
OPEN_TASKS_FIRST = [
    Case(When(status=Task.Status.DONE, then=Value(1)), default=Value(0), output_field=IntegerField()),
    F("due_date").asc(nulls_last=True),
    "id",
]


def _current(today) -> Q:
    return (Q(start__isnull=True) | Q(start__lte=today)) & (Q(end__isnull=True) | Q(end__gte=today))


def _bodies_with_current_members(tenant: Tenant, *, public_only: bool) -> list[Body]:
    """Bodies with their current memberships in `current_members` (one query each, whatever the size)."""
    members = (
        BodyMembership.objects.filter(_current(timezone.localdate()))
        .select_related("organisation", "person")
        .order_by(ROLE_ORDER, "organisation__name")
    )
    bodies = Body.objects.for_tenant(tenant).select_related("region", "parent").order_by("name")
    if public_only:
        bodies = bodies.filter(is_public=True)
    return list(bodies.prefetch_related(Prefetch("memberships", queryset=members, to_attr="current_members")))


def tasks_table(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related(
        "body", "responsible_organisation", "responsible_user", "decision__body"
    ).order_by(*OPEN_TASKS_FIRST)


def has_internal_access(request: HttpRequest, tenant: Tenant, body: Body) -> bool:
    return bodies_with_internal_access(tenant, request.membership).filter(pk=body.pk).exists()


# The network picture: an inline SVG laid out here, so the page needs no script.


@dataclass
class PictureBox:
    body: Body
    x: int
    y: int
    width: int
    height: int
    name: str
    subtitle: str
    lines: list[tuple[int, str]] = field(default_factory=list)  # (y, text)

    @property
    def centre(self) -> int:
        return self.x + self.width // 2


@dataclass
class PictureBand:
    label: str
    y: int
    height: int
    shaded: bool
    empty: bool

    @property
    def label_y(self) -> int:
        return self.y + 21

    @property
    def empty_y(self) -> int:
        return self.y + 50


@dataclass
class Picture:
    width: int
    height: int
    bands: list[PictureBand]
    boxes: list[PictureBox]
    links: list[str]  # SVG polyline points


PICTURE_WIDTH = 960
BAND_LABEL_HEIGHT = 40
BOXES_PER_ROW = 3
GAP = 20
BOX_WIDTH = (PICTURE_WIDTH - GAP * (BOXES_PER_ROW + 1)) // BOXES_PER_ROW
HEADER_HEIGHT = 46
LINE_HEIGHT = 16
MAX_MEMBER_LINES = 8
MEMBER_LINE_CHARS = 40  # what fits into a box at 12px


def _member_lines(body: Body, *, with_roles: bool) -> list[str]:
    lines = []
    for membership in body.current_members[:MAX_MEMBER_LINES]:
        name = membership.organisation.short_name or membership.organisation.name
        if with_roles and membership.role != BodyMembership.Role.MEMBER:
            role = f" ({membership.get_role_display()})"
            lines.append(Truncator(name).chars(MEMBER_LINE_CHARS - len(role)) + role)
        else:
            lines.append(Truncator(name).chars(MEMBER_LINE_CHARS))
    hidden = len(body.current_members) - MAX_MEMBER_LINES
    if hidden > 0:
        lines.append(_("+ %(n)s weitere") % {"n": hidden})
    if not lines:
        lines.append(_("noch keine Mitglieder"))
    return lines


def network_picture(bodies: list[Body], *, with_roles: bool) -> Picture:
    """Three horizontal bands (strategic, coordinating, operational) with a box per body, its member
    organisations inside, and a line from each body to its parent."""
    boxes: dict[int, PictureBox] = {}
    band_tops: dict[str, int] = {}
    bands = []
    y = 0
    for index, level in enumerate(LEVELS):
        in_level = [body for body in bodies if body.level == level]
        band_top = band_tops[level] = y
        y += BAND_LABEL_HEIGHT
        for row_start in range(0, max(len(in_level), 1), BOXES_PER_ROW):
            row = in_level[row_start : row_start + BOXES_PER_ROW]
            row_height = 0
            for column, body in enumerate(row):
                texts = _member_lines(body, with_roles=with_roles)
                height = HEADER_HEIGHT + LINE_HEIGHT * len(texts) + 10
                x = GAP + column * (BOX_WIDTH + GAP)
                subtitle = body.get_kind_display() + (f" · {body.region.name}" if body.region else "")
                boxes[body.pk] = PictureBox(
                    body=body,
                    x=x,
                    y=y,
                    width=BOX_WIDTH,
                    height=height,
                    name=Truncator(body.name).chars(30),
                    subtitle=Truncator(subtitle).chars(40),
                    lines=[
                        (y + HEADER_HEIGHT + LINE_HEIGHT * (i + 1) - 4, text) for i, text in enumerate(texts)
                    ],
                )
                row_height = max(row_height, height)
            y += (row_height or 20) + GAP
        bands.append(
            PictureBand(
                label=str(LEVEL_HEADINGS[level]),
                y=band_top,
                height=y - band_top,
                shaded=index % 2 == 0,
                empty=not in_level,
            )
        )
    links = []
    for box in boxes.values():
        parent = boxes.get(box.body.parent_id)
        if parent is not None and parent.y < box.y:
            # Down from the parent, across just above the child's band of boxes, down into the child.
            # Boxes in later rows are entered from the gap on their left, not through the boxes above.
            first_row = band_tops[box.body.level] + BAND_LABEL_HEIGHT
            across = first_row - 8
            points = [(parent.centre, parent.y + parent.height), (parent.centre, across)]
            if box.y == first_row:
                points += [(box.centre, across), (box.centre, box.y)]
            else:
                aisle, entry = box.x - GAP // 2, box.y + 20
                points += [(aisle, across), (aisle, entry), (box.x, entry)]
            links.append(" ".join(f"{x},{y}" for x, y in points))
    return Picture(width=PICTURE_WIDTH, height=y, bands=bands, boxes=list(boxes.values()), links=links)


def _levels_table(bodies: list[Body]) -> list[tuple[str, list[Body]]]:
    return [(LEVEL_HEADINGS[level], [body for body in bodies if body.level == level]) for level in LEVELS]


# Network page and bodies.


@permission_required("network.view")
def network(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    bodies = _bodies_with_current_members(tenant, public_only=False)
    return render(
        request,
        "network/bodies/network.html",
        {
            "tenant": tenant,
            "picture": network_picture(bodies, with_roles=True),
            "levels": _levels_table(bodies),
        },
    )


@require_GET
def public_network(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    bodies = _bodies_with_current_members(tenant, public_only=True)
    public_ids = {body.pk for body in bodies}
    for body in bodies:
        if body.parent_id not in public_ids:
            body.parent_id = None
    meetings = (
        Meeting.objects.for_tenant(tenant)
        .filter(body__is_public=True, starts_at__gte=timezone.now())
        .select_related("body")
        .order_by("starts_at")[:30]
    )
    return render(
        request,
        "network/bodies/public_network.html",
        {
            "tenant": tenant,
            "picture": network_picture(bodies, with_roles=False),
            "levels": _levels_table(bodies),
            "meetings": meetings,
        },
    )


@require_GET
def public_body(request: HttpRequest, tenant: Tenant, body_id: int) -> HttpResponse:
    body = get_object_or_404(
        Body.objects.for_tenant(tenant).filter(is_public=True).select_related("region", "parent"), pk=body_id
    )
    members = (
        body.memberships.filter(_current(timezone.localdate()))
        .select_related("organisation")
        .order_by(ROLE_ORDER, "organisation__name")
    )
    meetings = body.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:20]
    return render(
        request,
        "network/bodies/public_body.html",
        {"tenant": tenant, "body": body, "members": members, "meetings": meetings},
    )


BODY_PAGE_SIZE = 20


def _other_params(request: HttpRequest, own: str) -> str:
    """The query string without `own`: paging one list keeps the page of the other."""
    params = request.GET.copy()
    params.pop(own, None)
    return params.urlencode()


@permission_required("network.view")
def body_detail(request: HttpRequest, tenant: Tenant, body_id: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.for_tenant(tenant).select_related("region", "parent"), pk=body_id)
    today = timezone.localdate()
    memberships = list(
        body.memberships.select_related("organisation", "person").order_by(ROLE_ORDER, "organisation__name")
    )
    now = timezone.now()
    return render(
        request,
        "network/bodies/body_detail.html",
        {
            "tenant": tenant,
            "body": body,
            "current_memberships": [m for m in memberships if m.is_current(today)],
            "former_memberships": [m for m in memberships if not m.is_current(today)],
            "children": body.children.order_by("name"),
            "upcoming_meetings": body.meetings.filter(starts_at__gte=now).order_by("starts_at"),
            # Long lists in pages of their own (each with its own page parameter, the other's kept).
            "past_meetings": Paginator(
                body.meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id"), BODY_PAGE_SIZE
            ).get_page(request.GET.get("sitzungen")),
            "decisions": Paginator(
                body.decisions.select_related("body", "meeting").order_by("-year", "-number", "-id"),
                BODY_PAGE_SIZE,
            ).get_page(request.GET.get("beschluesse")),
            "meeting_page_params": _other_params(request, "sitzungen"),
            "decision_page_params": _other_params(request, "beschluesse"),
            "tasks": tasks_table(body.tasks.all()),
            "may_manage": managed_bodies(tenant, request.membership).filter(pk=body.pk).exists(),
            "officers": body.officers.select_related("user"),
        },
    )


@permission_required("network.manage")
def body_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = BodyForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        body = actions.create_body(request=request, tenant=tenant, form=form)
        messages.success(request, _("Das Gremium „%(name)s“ ist angelegt.") % {"name": body.name})
        return redirect("network:body_detail", tenant=tenant, body_id=body.pk)
    return render(request, "network/bodies/body_form.html", {"tenant": tenant, "form": form, "body": None})


@permission_required("network.manage")
def body_edit(request: HttpRequest, tenant: Tenant, body_id: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.for_tenant(tenant), pk=body_id)
    form = BodyForm(request.POST or None, instance=body, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.update_body(request=request, tenant=tenant, form=form)
        messages.success(request, _("Das Gremium ist gespeichert."))
        return redirect("network:body_detail", tenant=tenant, body_id=body.pk)
    return render(request, "network/bodies/body_form.html", {"tenant": tenant, "form": form, "body": body})


@permission_required("network.manage")
def body_officers(request: HttpRequest, tenant: Tenant, body_id: int) -> HttpResponse:
    """Chair and deputy: they record the body's meetings, decisions and tasks themselves."""
    body = get_object_or_404(Body.objects.for_tenant(tenant), pk=body_id)
    form = BodyOfficersForm(request.POST or None, tenant=tenant, body=body)
    if request.method == "POST" and form.is_valid():
        actions.set_body_officers(
            request=request,
            tenant=tenant,
            body=body,
            chair=form.cleaned_data["chair"],
            deputy=form.cleaned_data["deputy"],
        )
        messages.success(request, _("Vorsitz und Stellvertretung sind gespeichert."))
        return redirect("network:body_detail", tenant=tenant, body_id=body.pk)
    return render(
        request, "network/bodies/officers_form.html", {"tenant": tenant, "form": form, "body": body}
    )


@permission_required("network.manage")
def body_membership_create(request: HttpRequest, tenant: Tenant, body_id: int) -> HttpResponse:
    body = get_object_or_404(Body.objects.for_tenant(tenant), pk=body_id)
    form = BodyMembershipForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        membership = actions.add_body_membership(request=request, tenant=tenant, body=body, form=form)
        messages.success(
            request, _("%(organisation)s ist jetzt Mitglied.") % {"organisation": membership.organisation}
        )
        return redirect("network:body_detail", tenant=tenant, body_id=body.pk)
    return render(
        request,
        "network/bodies/membership_form.html",
        {"tenant": tenant, "form": form, "body": body, "membership": None},
    )


@permission_required("network.manage")
def body_membership_edit(request: HttpRequest, tenant: Tenant, body_membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        BodyMembership.objects.for_tenant(tenant).select_related("body", "organisation"),
        pk=body_membership_id,
    )
    body = membership.body
    if request.method == "POST" and request.POST.get("action") == "end":
        actions.end_body_membership(request=request, tenant=tenant, membership=membership)
        messages.success(
            request,
            _("Die Mitgliedschaft von %(organisation)s endet am %(date)s.")
            % {"organisation": membership.organisation, "date": membership.end.strftime("%d.%m.%Y")},
        )
        return redirect("network:body_detail", tenant=tenant, body_id=body.pk)
    form = BodyMembershipForm(request.POST or None, instance=membership, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        actions.update_body_membership(request=request, tenant=tenant, form=form)
        messages.success(request, _("Die Mitgliedschaft ist gespeichert."))
        return redirect("network:body_detail", tenant=tenant, body_id=body.pk)
    return render(
        request,
        "network/bodies/membership_form.html",
        {"tenant": tenant, "form": form, "body": body, "membership": membership},
    )
