"""Gaps and overlaps for coordinators and the steering group: coverage matrix, likely duplicates, funding ending.

Read-only pages over the published catalogue (`analysis.py` computes them); the funding list can be
downloaded as CSV.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uebergang.accounts.permissions import permission_required
from uebergang.lib import spreadsheets
from uebergang.tenants.models import Region, Tenant

from .. import analysis

DUPLICATES_PAGE_SIZE = 50


class CoverageFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=gettext_lazy("alle Regionen"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Diese Region gibt es hier nicht. Bitte wählen Sie eine aus der Liste."
            )
        },
    )

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.for_tenant(tenant)


class DuplicateFilterForm(forms.Form):
    REASONS = [
        ("", gettext_lazy("alle Hinweise")),
        ("profil", gettext_lazy("gleiche Phase, Kategorie, Zielgruppe und Region")),
        ("titel", gettext_lazy("fast gleicher Titel")),
    ]
    grund = forms.ChoiceField(
        label=gettext_lazy("Hinweis"),
        choices=REASONS,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Bitte wählen Sie einen Hinweis aus der Liste.")},
    )


@permission_required("offerings.analyse")
def coverage(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CoverageFilterForm(request.GET or None, tenant=tenant)
    region = form.cleaned_data["region"] if form.is_valid() else None
    matrix = analysis.coverage(tenant, region=region)
    if region is None:
        title = _("Angebote nach Phase und Zielgruppe: %(tenant)s") % {"tenant": tenant.name}
    else:
        title = _("Angebote nach Phase und Zielgruppe: Region %(region)s") % {"region": region.name}
    context = {
        "form": form,
        "matrix": matrix,
        "title": title,
        "chart": analysis.coverage_chart(matrix, title=title),
    }
    return render(request, "offerings/analysis/coverage.html", context)


@permission_required("offerings.analyse")
def duplicates(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = DuplicateFilterForm(request.GET or None)
    reason = form.cleaned_data["grund"] if form.is_valid() else ""
    pairs = analysis.likely_duplicates(tenant)
    if reason == "profil":
        pairs = [pair for pair in pairs if pair.same_profile]
    elif reason == "titel":
        pairs = [pair for pair in pairs if pair.title_similarity is not None]
    page = Paginator(pairs, DUPLICATES_PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "threshold": round(analysis.TITLE_SIMILARITY * 100),
    }
    return render(request, "offerings/analysis/duplicates.html", context)


@permission_required("offerings.analyse")
def funding_ending(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    today = timezone.localdate()
    rows = analysis.funding_ending(tenant, today)
    context = {
        "rows": rows,
        "today": today,
        "window_end": analysis.funding_window_end(today),
        "ended": sum(row.has_ended for row in rows),
        "soon": sum(not row.has_ended for row in rows),
    }
    return render(request, "offerings/analysis/funding_ending.html", context)


@permission_required("offerings.analyse")
def funding_ending_csv(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The funding list as a CSV download, written by the one spreadsheet writer."""
    today = timezone.localdate()
    header = [
        _("Angebot"),
        _("Anbieter"),
        _("Förderung bis"),
        _("Stand"),
        _("Förderprogramm"),
        _("Mittelgeber"),
        _("Förderer"),
        _("Rechtskreis"),
        _("Rechtsgrundlage"),
        _("Plätze insgesamt"),
        _("freie Plätze"),
    ]
    rows = []
    for row in analysis.funding_ending(tenant, today):
        offering = row.offering
        status = _("beendet") if row.has_ended else _("endet in %(days)s Tagen") % {"days": row.days_left}
        rows.append(
            [
                offering.title,
                offering.provider.name,
                offering.funding_end,
                status,
                offering.programme,
                offering.get_funding_source_display(),
                offering.funder_name,
                offering.get_legal_sphere_display(),
                offering.legal_basis,
                offering.places_total,
                offering.places_free,
            ]
        )
    return spreadsheets.download(spreadsheets.csv_bytes(header, rows), f"foerderende-{today.isoformat()}.csv")
