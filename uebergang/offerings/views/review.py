"""Review of offerings: the queue of pending versions, one version with its comparison and decision,
an offering's version history, the staleness list and provider reminders.

Snapshots (`OfferingVersion.data`) are shown through `SnapshotReader`, which turns codes and ids into
German labels and names; the detail page of the workspace uses it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from uebergang.accounts.models import Membership
from uebergang.accounts.permissions import has_permission, permission_required
from uebergang.lib.codeset import CodeSetField
from uebergang.network.models import Organisation
from uebergang.tenants.models import Region, Tenant

from .. import actions, staleness, versions
from ..forms import FIELDSETS, DecisionForm
from ..models import Category, Offering, OfferingVersion
from ..queries import editable_offerings

PAGE_SIZE = 50


# Reading snapshots ----------------------------------------------------------------------------------


class SnapshotReader:
    """German text for the values of a snapshot: labels for codes, names for ids, dates in German."""

    def __init__(self, tenant: Tenant):
        self.tenant = tenant

    @cached_property
    def organisations(self) -> dict[int, str]:
        return dict(Organisation.objects.for_tenant(self.tenant).values_list("pk", "name"))

    @cached_property
    def categories(self) -> dict[str, str]:
        return dict(Category.objects.for_tenant(self.tenant).values_list("code", "name"))

    @cached_property
    def regions(self) -> dict[int, str]:
        return dict(Region.objects.for_tenant(self.tenant).values_list("pk", "name"))

    def text(self, field: str, value) -> str:
        if value in (None, "", []):
            return "–"
        if field == "provider":
            return self.organisations.get(value, _("unbekannt"))
        if field == "schools_served":
            return ", ".join(self.organisations.get(pk, _("unbekannt")) for pk in value)
        if field == "categories":
            return ", ".join(self.categories.get(code, code) for code in value)
        if field == "locations":
            return "; ".join(self.location(row) for row in value)
        model_field = Offering._meta.get_field(field)
        if isinstance(model_field, CodeSetField):
            return ", ".join(model_field.labels(value))
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("ja") if value else _("nein")
        if model_field.get_internal_type() == "DateField":
            return formats.date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        if model_field.get_internal_type() == "DecimalField":
            try:
                return formats.number_format(Decimal(value), 2)
            except InvalidOperation:
                return str(value)
        return str(value)

    def location(self, row: dict) -> str:
        place = " ".join(part for part in (row.get("postcode"), row.get("city")) if part)
        parts = [row.get("name"), row.get("street"), place]
        text = ", ".join(part for part in parts if part)
        if row.get("region"):
            text += f" ({self.regions.get(row['region'], '')})"
        if row.get("is_confidential"):
            text += " – " + _("Adresse vertraulich")
        return text

    def sections(self, data: dict) -> list[tuple[str, list[tuple[str, str]]]]:
        """The snapshot grouped like the form: (legend, [(label, text)])."""
        return [
            (
                str(legend),
                [
                    (str(Offering._meta.get_field(name).verbose_name), self.text(name, data.get(name)))
                    for name in names
                ],
            )
            for legend, names in FIELDSETS
        ]

    def changes(self, old: dict, new: dict) -> list[ChangeRow]:
        return [
            ChangeRow(change.label, self.text(change.field, change.old), self.text(change.field, change.new))
            for change in versions.compare(old, new)
        ]


@dataclass
class ChangeRow:
    label: str
    old: str
    new: str


# Who may read which versions -------------------------------------------------------------------------


def readable_versions(tenant: Tenant, membership: Membership) -> QuerySet[OfferingVersion]:
    """Versions hold unpublished texts: coordinators read all, a partner those of its own offerings."""
    return OfferingVersion.objects.for_tenant(tenant).filter(
        offering__in=editable_offerings(tenant, membership)
    )


def proposed_state(offering: Offering, version: OfferingVersion) -> tuple[dict, dict]:
    """(current, proposed): the offering now, and the offering as the version would make it."""
    current = versions.snapshot(offering)
    return current, {**current, **version.data}


# Review queue and decision ---------------------------------------------------------------------------


@permission_required("offerings.review")
def review_queue(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    pending = list(
        OfferingVersion.objects.for_tenant(tenant)
        .pending()
        .select_related("offering__provider", "author")
        .order_by("created_at", "pk")
    )
    # Offerings marked "in review" without a pending version (e.g. imported so) are waiting too.
    unversioned = list(
        Offering.objects.for_tenant(tenant)
        .filter(status=Offering.Status.IN_REVIEW)
        .exclude(Exists(OfferingVersion.objects.pending().filter(offering=OuterRef("pk"))))
        .select_related("provider")
        .order_by("updated_at", "pk")
    )
    return render(
        request,
        "offerings/review/queue.html",
        {"pending": pending, "unversioned": unversioned},
    )


@permission_required("offerings.view")
def review(request: HttpRequest, tenant: Tenant, version_id: int) -> HttpResponse:
    """GET: a version beside the current offering. POST `action`: approve or reject (offerings.review),
    withdraw (its editor: offerings.edit and the offering editable). Others' versions are not found."""
    version = get_object_or_404(
        readable_versions(tenant, request.membership).select_related(
            "offering__provider", "author", "reviewed_by"
        ),
        pk=version_id,
    )
    offering = version.offering
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        response = _decide(request, tenant, version, form)
        if response is not None:
            return response
    current, proposed = proposed_state(offering, version)
    reader = SnapshotReader(tenant)
    pending = version.status == OfferingVersion.Status.IN_REVIEW
    context = {
        "version": version,
        "offering": offering,
        "is_submission": pending and offering.status != Offering.Status.PUBLISHED,
        "changes": reader.changes(current, proposed),
        "sections": reader.sections(proposed),
        # Saved after this proposal: approving it would also undo that later edit.
        "changed_since": pending
        and offering.versions.filter(
            number__gt=version.number,
            status__in=[OfferingVersion.Status.SAVED, OfferingVersion.Status.APPROVED],
        ).exists(),
        "may_decide": pending and has_permission(request.user, tenant, "offerings.review"),
        "may_withdraw": pending and has_permission(request.user, tenant, "offerings.edit"),
        "form": form,
    }
    return render(request, "offerings/review/version.html", context)


def _decide(request: HttpRequest, tenant: Tenant, version: OfferingVersion, form: DecisionForm):
    """Carry out the POSTed decision; None to show the page again (with the form's errors)."""
    action = request.POST.get("action")
    if action in ("approve", "reject") and not has_permission(request.user, tenant, "offerings.review"):
        raise PermissionDenied
    if action == "withdraw" and not has_permission(request.user, tenant, "offerings.edit"):
        raise PermissionDenied
    if action not in ("approve", "reject", "withdraw"):
        messages.error(request, _("Diese Aktion gibt es nicht."))
        return None
    if action == "reject" and not form.require_note():
        return None
    if action == "approve" and not form.is_valid():
        return None
    note = form.cleaned_data.get("note", "").strip() if form.is_valid() else ""
    try:
        if action == "approve":
            offering = actions.approve_version(request=request, tenant=tenant, version=version, note=note)
            messages.success(
                request,
                _("Version %(n)d ist freigegeben: „%(title)s“ ist veröffentlicht.")
                % {"n": version.number, "title": offering.title},
            )
        elif action == "reject":
            actions.reject_version(request=request, tenant=tenant, version=version, note=note)
            messages.success(request, _("Version %(n)d ist abgelehnt.") % {"n": version.number})
        else:
            actions.withdraw_version(request=request, tenant=tenant, version=version)
            messages.success(request, _("Version %(n)d ist zurückgezogen.") % {"n": version.number})
    except actions.WorkflowError:
        messages.error(request, _("Über diese Version ist schon entschieden."))
    except ValidationError as error:
        messages.error(
            request,
            _("Die Version lässt sich nicht übernehmen: %(problem)s") % {"problem": " ".join(error.messages)},
        )
        return None
    return redirect("offerings:detail", tenant=tenant, offering_id=version.offering_id)


# Versions of one offering ----------------------------------------------------------------------------


@permission_required("offerings.view")
def version_list(request: HttpRequest, tenant: Tenant, offering_id: int) -> HttpResponse:
    """Every kept version of an offering; `?a=<number>&b=<number>` compares two of them."""
    offering = get_object_or_404(editable_offerings(tenant, request.membership), pk=offering_id)
    all_versions = list(offering.versions.select_related("author", "reviewed_by").order_by("-number"))
    by_number = {version.number: version for version in all_versions}
    first, second = _number(request.GET.get("a")), _number(request.GET.get("b"))
    comparison = None
    if first in by_number and second in by_number:
        old, new = by_number[first].data, by_number[second].data
        shared = {name: old[name] for name in old if name in new}
        comparison = SnapshotReader(tenant).changes(shared, {name: new[name] for name in shared})
    return render(
        request,
        "offerings/review/versions.html",
        {
            "offering": offering,
            "versions": all_versions,
            "a": first,
            "b": second,
            "comparison": comparison,
            "compare_error": (request.GET.get("a") or request.GET.get("b")) and comparison is None,
        },
    )


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# Staleness and reminders -----------------------------------------------------------------------------


@permission_required("offerings.review")
def stale_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    offerings = (
        staleness.stale_offerings(tenant)
        .select_related("provider")
        .order_by("last_checked", "provider__name", "title", "pk")
    )
    page = Paginator(offerings, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "offerings/review/stale.html",
        {
            "page": page,
            "query": "",
            "interval": staleness.review_interval_months(tenant),
            "due": staleness.reminders_due(tenant),
        },
    )


@permission_required("offerings.review")
@require_POST
def send_reminders(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    results = actions.send_reminders(tenant=tenant, base_url=request.build_absolute_uri("/"), request=request)
    sent = [result for result in results if result.sent]
    if not results:
        messages.info(
            request, _("Keine Erinnerung fällig: Alle Anbieter wurden innerhalb des Prüfintervalls erinnert.")
        )
    if sent:
        messages.success(
            request,
            _("%(n)d Erinnerung(en) versandt an: %(names)s.")
            % {"n": len(sent), "names": ", ".join(result.reminder.organisation.name for result in sent)},
        )
    for result in results:
        if not result.sent:
            messages.warning(
                request,
                _("%(name)s wurde nicht erinnert: %(problem)s.")
                % {"name": result.reminder.organisation.name, "problem": _reason(result)},
            )
    return redirect("offerings:stale", tenant=tenant)


def _reason(result: actions.ReminderResult) -> str:
    if not result.reminder.recipients:
        return _("Weder die Organisation noch ihre Partner-Konten haben eine E-Mail-Adresse")
    return _("Die E-Mail ließ sich nicht versenden (%(problem)s)") % {"problem": result.error}
