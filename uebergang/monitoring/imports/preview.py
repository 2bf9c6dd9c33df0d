"""The figures a file would give, beside what is stored, with warnings — before anything is written.

The check counts the valid rows per (leaving year, school, top-level destination). Beside them the batch
page (and `import_leavers --dry-run`) shows the stored figures of the same cohorts (which the import
would replace) and of the same schools' previous year. Warnings, which need an explicit confirmation
before the import starts:

- more than half of the rows have the destination "unknown";
- a destination with at least 10 % of the previous year (or of the stored cohorts) is now empty;
- the import would replace more than twice as many stored leavers as it brings.
"""

from __future__ import annotations

from django.db.models import Sum
from django.utils.translation import gettext as _

from uebergang.network.models import Organisation
from uebergang.tenants.models import Tenant

from ..models import TOP_LEVEL_DESTINATIONS, CohortCount
from .vocabulary import COUNTS

UNKNOWN_SHARE = 0.5  # above this share of "unknown" the check warns
VANISHED_SHARE = 0.1  # a destination at least this large before and now empty gives a warning
REPLACED_FACTOR = 2  # replacing more than this many times the rows brought gives a warning
UNKNOWN_CODES = ("unknown", "")


def _grouped(tenant: Tenant, origin: str, cohorts: set[tuple[int, int]]) -> dict[tuple[int, str], int]:
    """(school id, top-level destination) → leavers stored for `cohorts` (leaving year, school id)."""
    if not cohorts:
        return {}
    rows = (
        CohortCount.objects.for_tenant(tenant)
        .filter(origin=origin, leaving_year__in={year for year, _school in cohorts})
        .filter(school_id__in={school for _year, school in cohorts})
        .values("leaving_year", "school_id", "destination")
        .annotate(n=Sum("count"))
        .order_by()
    )
    grouped: dict[tuple[int, str], int] = {}
    for row in rows:
        if (row["leaving_year"], row["school_id"]) in cohorts:
            key = (row["school_id"], row["destination"])
            grouped[key] = grouped.get(key, 0) + row["n"]
    return grouped


def _per(grouped: dict[tuple, int], position: int) -> dict:
    totals: dict = {}
    for key, count in grouped.items():
        totals[key[position]] = totals.get(key[position], 0) + count
    return totals


def build(tenant: Tenant, kind: str, tally: dict[tuple[int, int, str], int]) -> dict:
    """The preview of a check from its tally: (leaving year, school id, top-level code) → valid rows."""
    origin = CohortCount.Origin.TABLE if kind == COUNTS else CohortCount.Origin.MICRODATA
    cohorts = {(year, school) for year, school, _code in tally}
    brought_grouped: dict[tuple[int, str], int] = {}
    for (_year, school, code), count in tally.items():
        brought_grouped[(school, code)] = brought_grouped.get((school, code), 0) + count
    stored_grouped = _grouped(tenant, origin, cohorts)
    previous_grouped = _grouped(tenant, origin, {(year - 1, school) for year, school in cohorts})
    brought, stored, previous = (_per(g, 1) for g in (brought_grouped, stored_grouped, previous_grouped))
    total = sum(brought.values())
    replaced = sum(stored.values())
    labels = {code: str(label) for code, label, _sector in TOP_LEVEL_DESTINATIONS}
    codes = [code for code in labels if code in brought or code in stored or code in previous]
    codes += sorted(code for code in {*brought, *stored, *previous} if code not in labels)
    destinations = [
        {
            "code": code,
            "label": labels.get(code, code or _("ohne Angabe")),
            "count": brought.get(code, 0),
            "share": round(100 * brought.get(code, 0) / total, 1) if total else None,
            "stored": stored.get(code, 0),
            "previous": previous.get(code, 0),
        }
        for code in codes
    ]
    school_counts = [_per(g, 0) for g in (brought_grouped, stored_grouped, previous_grouped)]
    names = dict(
        Organisation.objects.filter(pk__in={school for _year, school in cohorts}).values_list("pk", "name")
    )
    schools = sorted(
        (
            {
                "name": names.get(school, "?"),
                "count": school_counts[0].get(school, 0),
                "stored": school_counts[1].get(school, 0),
                "previous": school_counts[2].get(school, 0),
            }
            for school in {school for _year, school in cohorts}
        ),
        key=lambda row: row["name"],
    )
    warnings = []
    unknown = sum(brought.get(code, 0) for code in UNKNOWN_CODES)
    if total and unknown / total > UNKNOWN_SHARE:
        warnings.append(
            _(
                "%(share)s %% der Zeilen haben den Verbleib „unbekannt“. Sind die Verbleibsspalten richtig "
                "zugeordnet?"
            )
            % {"share": _number(100 * unknown / total)}
        )
    before, before_label = (previous, _("im Vorjahr")) if previous else (stored, _("bisher gespeichert"))
    before_total = sum(before.values())
    for row in destinations:
        share_before = before.get(row["code"], 0) / before_total if before_total else 0
        if row["code"] not in UNKNOWN_CODES and share_before >= VANISHED_SHARE and not row["count"]:
            warnings.append(
                _("„%(label)s“ hatte %(when)s %(share)s %% der Abgänge und ist in dieser Datei leer.")
                % {"label": row["label"], "when": before_label, "share": _number(100 * share_before)}
            )
    if replaced > REPLACED_FACTOR * total:
        warnings.append(
            _(
                "Der Import ersetzt %(replaced)s gespeicherte Abgänge durch nur %(brought)s aus dieser Datei. "
                "Ist es die richtige und vollständige Datei?"
            )
            % {"replaced": _number(replaced), "brought": _number(total)}
        )
    return {
        "years": sorted({year for year, _school in cohorts}),
        "brought": total,
        "replaced": replaced,
        "destinations": destinations,
        "schools": schools,
        "warnings": warnings,
    }


def _number(value: float) -> str:
    """German digits: 1.234 and 52,5."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def lines(preview: dict) -> list[str]:
    """The preview as text for the command line."""
    if not preview:
        return []
    out = [_("Vorschau (gültige Zeilen der Datei | bisher gespeichert, wird ersetzt | Vorjahr):")]
    out.append(_("  nach Verbleib:"))
    out.extend(
        f"    {row['label']}: {_number(row['count'])} | {_number(row['stored'])} | {_number(row['previous'])}"
        for row in preview["destinations"]
    )
    out.append(_("  nach Schule:"))
    out.extend(
        f"    {row['name']}: {_number(row['count'])} | {_number(row['stored'])} | {_number(row['previous'])}"
        for row in preview["schools"]
    )
    out.extend(_("Warnung: %(text)s") % {"text": text} for text in preview["warnings"])
    return out
