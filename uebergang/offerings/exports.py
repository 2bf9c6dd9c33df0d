"""Offerings as CSV or XLSX: one row per offering, German column titles and labels.

`export_response()` serves the public export of a search (`public=True`) and the staff export of the
workspace list (`public=False`).

What a public export leaves out: the workflow status, the funding amount, the reminder and change
dates and our internal id. The offering's contact person, e-mail and telephone stay in: they are the
contact the public detail page shows, so young people and parents can get in touch.

Confidential locations (a shelter, a protected group) show only the town, in every export, public or
not: a spreadsheet travels further than the workspace, so street, postcode and coordinates never
leave the database this way.

The files are written by the one spreadsheet writer (`uebergang.lib.spreadsheets`): cells that a
spreadsheet would read as a formula (starting with =, +, -, @, tab or carriage return) get a leading
apostrophe, so a crafted title cannot run anything on the reader's computer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import NamedTuple

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uebergang.lib import spreadsheets
from uebergang.lib.spreadsheets import Sheet
from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from .models import Offering, OfferingLocation

BATCH_SIZE = 500
LIST_SEPARATOR = "; "


# Columns -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Offering, _Context], object]
    internal: bool = False  # left out of the public export
    width: int = 16  # characters, for the XLSX sheet


class _Context:
    """What every row needs, worked out once per export: translated labels and link patterns.

    (Looking labels up per cell through the lazy choices costs more than writing the file.)
    """

    def __init__(self, request: HttpRequest | None):
        self.request = request
        self.labels: dict[str, dict[str, str]] = {}
        self.link_patterns: dict[int, list[str]] = {}  # tenant → URL before and after the id
        self.yes, self.no = _("ja"), _("nein")
        self.providers: dict[int, str] = {}
        self.tenant_slugs: dict[int, str] = {}
        self.categories: dict[int, list[str]] = {}
        self.locations: dict[int, list[_Location]] = {}

    def load(self, batch: list[Offering]) -> None:
        """Names of providers, categories and locations of a batch: a few plain queries, no model
        instances (prefetching them per offering costs more than writing the file)."""
        ids = [offering.pk for offering in batch]
        self.providers.update(
            Organisation.objects.filter(pk__in={o.provider_id for o in batch}).values_list("pk", "name")
        )
        missing_tenants = {o.tenant_id for o in batch} - set(self.tenant_slugs)
        if missing_tenants:
            self.tenant_slugs.update(Tenant.objects.filter(pk__in=missing_tenants).values_list("pk", "slug"))
        self.categories = {}
        links = Offering.categories.through.objects.filter(offering_id__in=ids)
        for offering_id, name in links.order_by("category__position", "category__name").values_list(
            "offering_id", "category__name"
        ):
            self.categories.setdefault(offering_id, []).append(name)
        self.locations = {}
        for offering_id, *fields in (
            OfferingLocation.objects.filter(offering_id__in=ids)
            .order_by("city", "name", "pk")
            .values_list("offering_id", "street", "postcode", "city", "is_confidential", "region__name")
        ):
            self.locations.setdefault(offering_id, []).append(_Location(*fields))

    def label(self, name: str, code: str) -> str:
        if name not in self.labels:
            model_field = Offering._meta.get_field(name)
            choices = getattr(model_field, "code_choices", None) or model_field.choices  # CodeSetField
            self.labels[name] = {str(value): str(label) for value, label in choices}
        return self.labels[name].get(code, code)

    def code_labels(self, name: str, codes) -> str:
        """The labels of a set of codes, in the vocabulary's order."""
        if name not in self.labels:
            self.label(name, "")
        return LIST_SEPARATOR.join(label for code, label in self.labels[name].items() if code in codes)

    def public_url(self, offering: Offering) -> str:
        if offering.status != Offering.Status.PUBLISHED:
            return ""
        if offering.tenant_id not in self.link_patterns:
            path = reverse(
                "offerings:public_detail",
                kwargs={"tenant": self.tenant_slugs[offering.tenant_id], "offering_id": PLACEHOLDER_ID},
            )
            url = self.request.build_absolute_uri(path) if self.request is not None else path
            self.link_patterns[offering.tenant_id] = url.split(str(PLACEHOLDER_ID))
        before, after = self.link_patterns[offering.tenant_id]
        return f"{before}{offering.pk}{after}"


PLACEHOLDER_ID = 987654321


class _Location(NamedTuple):
    street: str
    postcode: str
    city: str
    is_confidential: bool
    region: str | None


def _labels(name: str) -> Callable[[Offering, _Context], str]:
    return lambda offering, context: context.code_labels(name, getattr(offering, name))


def _choice(name: str) -> Callable[[Offering, _Context], str]:
    return lambda offering, context: context.label(name, getattr(offering, name))


def _attribute(name: str) -> Callable[[Offering, _Context], object]:
    return lambda offering, _context: getattr(offering, name)


def location_text(location) -> str:
    """ "Straße, PLZ Ort" — for a confidential location only the town."""
    if location.is_confidential:
        return location.city
    place = " ".join(part for part in (location.postcode, location.city) if part)
    return ", ".join(part for part in (location.street, place) if part)


def _locations(offering: Offering, context: _Context) -> str:
    return LIST_SEPARATOR.join(location_text(location) for location in context.locations.get(offering.pk, []))


def _regions(offering: Offering, context: _Context) -> str:
    names = []
    for location in context.locations.get(offering.pk, []):
        if location.region and location.region not in names:
            names.append(location.region)
    return LIST_SEPARATOR.join(names)


def _categories(offering: Offering, context: _Context) -> str:
    return LIST_SEPARATOR.join(context.categories.get(offering.pk, []))


def _cost(offering: Offering, _context) -> str:
    parts = []
    if offering.cost_amount is not None:
        parts.append(f"{offering.cost_amount:.2f} €".replace(".", ","))
    if offering.cost_description:
        parts.append(offering.cost_description)
    return ", ".join(parts)


def _yes_no(name: str) -> Callable[[Offering, _Context], str]:
    return lambda offering, context: context.yes if getattr(offering, name) else context.no


COLUMNS: list[Column] = [
    Column(gettext_lazy("Titel"), _attribute("title"), width=40),
    Column(gettext_lazy("Anbieter"), lambda offering, c: c.providers.get(offering.provider_id, ""), width=30),
    Column(gettext_lazy("Kurzbeschreibung"), _attribute("short_description"), width=50),
    Column(gettext_lazy("Beschreibung"), _attribute("description"), width=50),
    Column(gettext_lazy("Einfache Sprache"), _attribute("plain_language"), width=40),
    Column(gettext_lazy("Status"), _choice("status"), internal=True),
    Column(gettext_lazy("Angebotsstatus"), _choice("service_status")),
    Column(gettext_lazy("Phasen"), _labels("phases"), width=30),
    Column(gettext_lazy("Kategorien"), _categories, width=30),
    Column(gettext_lazy("Zielgruppen"), _labels("target_groups"), width=30),
    Column(gettext_lazy("Alter von"), _attribute("min_age"), width=9),
    Column(gettext_lazy("Alter bis"), _attribute("max_age"), width=9),
    Column(gettext_lazy("Schularten"), _labels("school_types"), width=24),
    Column(gettext_lazy("Klasse von"), _attribute("min_grade"), width=9),
    Column(gettext_lazy("Klasse bis"), _attribute("max_grade"), width=9),
    Column(gettext_lazy("Schulabschlüsse"), _labels("qualifications"), width=24),
    Column(gettext_lazy("Rechtskreis"), _choice("legal_sphere")),
    Column(gettext_lazy("Rechtsgrundlage"), _attribute("legal_basis")),
    Column(gettext_lazy("Mittelgeber"), _choice("funding_source"), width=18),
    Column(gettext_lazy("Förderer"), _attribute("funder_name"), width=24),
    Column(gettext_lazy("gesetzliche Regelleistung"), _yes_no("statutory"), width=10),
    Column(gettext_lazy("Förderprogramm"), _attribute("programme"), width=24),
    Column(gettext_lazy("Förderung von"), _attribute("funding_start"), width=12),
    Column(gettext_lazy("Förderung bis"), _attribute("funding_end"), width=12),
    Column(gettext_lazy("Fördersumme (EUR)"), _attribute("funding_amount"), internal=True, width=14),
    Column(gettext_lazy("Plätze"), _attribute("places_total"), width=9),
    Column(gettext_lazy("freie Plätze"), _attribute("places_free"), width=9),
    Column(gettext_lazy("Plätze aktualisiert am"), _attribute("places_updated_at"), width=12),
    Column(gettext_lazy("Zeiten"), _attribute("schedule"), width=24),
    Column(gettext_lazy("Kostenfrei"), _yes_no("is_free"), width=9),
    Column(gettext_lazy("Kosten"), _cost),
    Column(gettext_lazy("Sprachen"), _labels("languages"), width=24),
    Column(gettext_lazy("Barrierefreiheit"), _attribute("accessibility"), width=24),
    Column(gettext_lazy("Anmeldung"), _attribute("how_to_apply"), width=30),
    Column(gettext_lazy("Weblink"), _attribute("url"), width=30),
    Column(gettext_lazy("Ansprechperson"), _attribute("contact_name"), width=24),
    Column(gettext_lazy("E-Mail"), _attribute("contact_email"), width=24),
    Column(gettext_lazy("Telefon"), _attribute("contact_phone")),
    Column(gettext_lazy("Orte"), _locations, width=40),
    Column(gettext_lazy("Regionen"), _regions),
    Column(gettext_lazy("Zuletzt geprüft"), _attribute("last_checked"), width=12),
    Column(gettext_lazy("Erinnerung gesendet"), _attribute("reminder_sent_at"), internal=True, width=16),
    Column(gettext_lazy("Geändert am"), _attribute("updated_at"), internal=True, width=16),
    Column(gettext_lazy("Link zur Angebotsseite"), lambda offering, c: c.public_url(offering), width=40),
    Column(gettext_lazy("ID"), _attribute("pk"), internal=True, width=8),
]


def columns(*, public: bool) -> list[Column]:
    return [column for column in COLUMNS if not (public and column.internal)]


# Rows --------------------------------------------------------------------------------------------


def _batches(offerings: Iterable[Offering]) -> Iterator[list[Offering]]:
    """The offerings in batches of BATCH_SIZE, whether a queryset or a list (e.g. search hits) comes in."""
    if isinstance(offerings, QuerySet):
        offerings = offerings.prefetch_related(None).defer("search_text").iterator(chunk_size=BATCH_SIZE)
    iterator = iter(offerings)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


def _local(value):
    """Aware timestamps in the local time zone, without zone (spreadsheets know none)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def rows(
    offerings: Iterable[Offering], *, public: bool, request: HttpRequest | None = None
) -> Iterator[list[object]]:
    """Value rows (no header); in a public export only published offerings, whatever comes in."""
    context = _Context(request)
    chosen = columns(public=public)
    for batch in _batches(offerings):
        context.load(batch)
        for offering in batch:
            if public and offering.status != Offering.Status.PUBLISHED:
                continue
            yield [_local(column.value(offering, context)) for column in chosen]


# Writing -----------------------------------------------------------------------------------------


def export_response(
    offerings: Iterable[Offering],
    fmt: str,
    *,
    public: bool,
    filename: str,
    request: HttpRequest | None = None,
    note: str = "",
) -> HttpResponse:
    """The offerings as a CSV or XLSX download (`fmt` "csv" or "xlsx"), built in memory.

    `filename` without or with the extension; `request` makes the links absolute; `note` (e.g. that
    the result was cut off) is appended below the table (CSV) or on a second sheet (XLSX).
    """
    if fmt not in spreadsheets.FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    if not filename.endswith(f".{fmt}"):
        filename = f"{filename}.{fmt}"
    chosen = columns(public=public)
    header = [str(column.title) for column in chosen]
    values = rows(offerings, public=public, request=request)
    if fmt == "csv":
        return spreadsheets.download(spreadsheets.csv_bytes(header, values, note=note), filename)
    sheets = [Sheet(_("Angebote"), header, values, widths=[column.width for column in chosen])]
    if note:
        sheets.append(Sheet(_("Hinweis"), [_("Hinweis")], [[note]], widths=[100]))
    return spreadsheets.download(spreadsheets.xlsx_bytes(sheets), filename)
