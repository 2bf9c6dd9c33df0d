"""List pages of the workspace: all bodies by level and all meetings (upcoming, past paginated).

Kept apart from `bodies.py` (detail and edit pages). Both lists show what the body and meeting
detail pages show every holder of `network.view`; internal minutes and attendance stay on the
meeting page, which applies `bodies_with_internal_access`.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, Min, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uebergang.accounts.permissions import permission_required
from uebergang.tenants.models import Tenant

from ..models import Body, BodyMembership, Meeting
from .bodies import LEVEL_HEADINGS, LEVELS, _current

PAST_PAGE_SIZE = 25


def _bodies(tenant: Tenant) -> list[Body]:
    """Bodies with current member count, chairs (`chairs`) and the start of their next meeting."""
    today, now = timezone.localdate(), timezone.now()
    chairs = (
        BodyMembership.objects.filter(_current(today), role=BodyMembership.Role.CHAIR)
        .select_related("organisation", "person")
        .order_by("organisation__name")
    )
    current = Q(memberships__start__isnull=True) | Q(memberships__start__lte=today)
    current &= Q(memberships__end__isnull=True) | Q(memberships__end__gte=today)
    return list(
        Body.objects.for_tenant(tenant)
        .select_related("region")
        .annotate(
            member_count=Count("memberships", filter=current, distinct=True),
            next_meeting_at=Min("meetings__starts_at", filter=Q(meetings__starts_at__gte=now)),
        )
        .prefetch_related(Prefetch("memberships", queryset=chairs, to_attr="chairs"))
        .order_by("name")
    )


@permission_required("network.view")
def body_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    bodies = _bodies(tenant)
    levels = [(LEVEL_HEADINGS[level], [body for body in bodies if body.level == level]) for level in LEVELS]
    return render(request, "network/lists/body_list.html", {"tenant": tenant, "levels": levels})


class MeetingFilterForm(forms.Form):
    gremium = forms.ModelChoiceField(
        label=_("Gremium"), queryset=Body.objects.none(), required=False, empty_label=_("alle Gremien")
    )

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gremium"].queryset = Body.objects.for_tenant(tenant).order_by("name")


@permission_required("network.view")
def meeting_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None, tenant=tenant)
    meetings = Meeting.objects.for_tenant(tenant).select_related("body")
    body = form.cleaned_data["gremium"] if form.is_valid() else None
    if body is not None:
        meetings = meetings.filter(body=body)
    now = timezone.now()
    past = Paginator(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-id"), PAST_PAGE_SIZE)
    page = past.get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "network/lists/meeting_list.html",
        {
            "tenant": tenant,
            "form": form,
            "body": body,
            # Upcoming meetings are few (a body meets a few times a year); they are all shown.
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at", "id"),
            "page": page,
            "query": query.urlencode(),
        },
    )
