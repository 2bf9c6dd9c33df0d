"""Need against supply: leavers without a place in training beside the places of matching offerings.

Per region (the leavers' home region) and per school, for one leaving year of monitoring:
- need: leavers in the transition sector, neet, and with unknown destination — the protected figures of
  the monitoring cohort (`monitoring.queries.figure`), so every hidden cell stays hidden here;
- per region only, the same three groups by nationality and by special educational needs (read from
  the leavers' microdata, each a protected line of its own; a line is left out where its group's count
  is hidden in monitoring). Not per school: two partitions of the same group would let a reader
  subtract one from the other;
- supply: published, running offerings of the phase "Sek I–Ausbildung" with a place in the region (or,
  per school, serving the school): their number, the places stated and the free places; beside the
  nationality and special-needs lines the offerings for newly arrived young people and for young people
  with disabilities.
A region is flagged where the need exceeds the places stated, or where free places outnumber the need.
Counts of offerings link to the offering list filtered the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uebergang.monitoring import protected
from uebergang.monitoring.models import Leaver
from uebergang.monitoring.queries import Figure, figure, sum_figure
from uebergang.monitoring.suppression import is_small, protect_line
from uebergang.network.models import Organisation
from uebergang.offerings.models import Offering, Phase, TargetGroup
from uebergang.tenants.models import Region, Tenant

GROUPS = (
    ("transition", gettext_lazy("im Übergangsbereich")),
    ("neet", gettext_lazy("ohne Beschäftigung, Bildung oder Ausbildung")),
    ("unknown", gettext_lazy("Verbleib unbekannt")),
)
MARK = protected.MARK


@dataclass
class Supply:
    offerings: int
    places: int | None
    free: int | None
    ids: list[int] = field(default_factory=list)


def _supply(offerings) -> Supply:
    rows = list(offerings.values_list("pk", "places_total", "places_free").distinct())
    stated = [total for _pk, total, _free in rows if total is not None]
    free = [f for _pk, _total, f in rows if f is not None]
    return Supply(
        len(rows), sum(stated) if stated else None, sum(free) if free else None, [r[0] for r in rows]
    )


def running_offerings(tenant: Tenant):
    return Offering.objects.for_tenant(tenant).filter(
        status=Offering.Status.PUBLISHED,
        service_status=Offering.ServiceStatus.ACTIVE,
        phases__overlaps=[Phase.SCHOOL_TO_TRAINING],
    )


@dataclass
class Breakdown:
    title: str
    cells: list[tuple[str, str]]  # (label, display)
    supply: Supply | None = None
    supply_label: str = ""


@dataclass
class Row:
    label: str
    total: Figure
    groups: list[Figure]
    need: Figure
    supply: Supply
    flag: str = ""
    breakdowns: list[Breakdown] = field(default_factory=list)
    filter_query: str = ""


def _flag(need: Figure, supply: Supply) -> str:
    if need.hidden:
        return ""
    if need.count and not supply.offerings:
        return _("Bedarf ohne passendes Angebot")
    if supply.places is not None and need.count > supply.places:
        return _("Bedarf übersteigt die angegebenen Plätze")
    if supply.free and supply.free >= max(need.count, 1):
        return _("freie Plätze, aber kaum Bedarf")
    return ""


def _breakdown(counts: Counter, labels: dict, threshold: int) -> list[tuple[str, str]]:
    """A protected line over yes/no/not stated whose total (the group's count) is shown elsewhere."""
    values = {str(key): counts.get(key, 0) for key in labels}
    hidden = protect_line(values, False, threshold)
    return [(labels[key], MARK if str(key) in hidden else str(values[str(key)])) for key in labels]


@dataclass
class NeedPage:
    year: int | None
    complete: bool
    threshold: int
    regions: list[Row]
    schools: list[Row]
    countywide: Supply | None = None


def need_against_supply(tenant: Tenant, year: int | None = None) -> NeedPage:
    threshold = protected.effective_threshold(tenant)
    cohorts = protected.cohorts(tenant)
    if not cohorts:
        return NeedPage(None, False, threshold, [], [])
    year = year if year in cohorts else max(cohorts)
    cohort = cohorts[year]
    offerings = running_offerings(tenant)
    regions = list(Region.objects.for_tenant(tenant).order_by("name"))
    codes = [code for code, _label in GROUPS]

    micro = Counter()
    for region_id, code, parent, non_german, special in (
        Leaver.objects.for_tenant(tenant)
        .filter(leaving_year=year)
        .values_list(
            "region_id",
            "actual_destination__code",
            "actual_destination__parent__code",
            "non_german",
            "special_needs",
        )
        .order_by()
    ):
        top = parent or code or "unknown"  # as the counts (summaries.py): no destination is unknown
        if top in codes:
            micro[("nat", region_id, top, non_german)] += 1
            micro[("spf", region_id, top, special)] += 1

    nationality = {True: _("nichtdeutsch"), False: _("deutsch"), None: _("nicht angegeben")}
    needs = {True: _("mit Förderbedarf"), False: _("ohne Förderbedarf"), None: _("nicht angegeben")}
    newly_arrived = _supply(offerings.filter(target_groups__overlaps=[TargetGroup.NEWLY_ARRIVED]))
    disability = _supply(offerings.filter(target_groups__overlaps=[TargetGroup.DISABILITY]))

    region_rows = []
    for region in regions:
        groups = [figure(cohort, ("region", region.pk, code), ("region", region.pk)) for code in codes]
        need = sum_figure(cohort, [("region", region.pk, code) for code in codes])
        supply = _supply(offerings.filter(locations__region=region))
        row = Row(
            region.name,
            figure(cohort, ("region", region.pk)),
            groups,
            need,
            supply,
            _flag(need, supply),
            filter_query=f"region={region.pk}",
        )
        for code, label in GROUPS:
            group_figure = figure(cohort, ("region", region.pk, code))
            if group_figure.hidden or is_small(group_figure.count, threshold):
                continue
            nat = Counter({v: micro[("nat", region.pk, code, v)] for v in nationality})
            spf = Counter({v: micro[("spf", region.pk, code, v)] for v in needs})
            row.breakdowns.append(
                Breakdown(
                    _("%(group)s nach Staatsangehörigkeit") % {"group": label},
                    _breakdown(nat, nationality, threshold),
                    newly_arrived,
                    _("Angebote für neu Zugewanderte (alle Regionen)"),
                )
            )
            row.breakdowns.append(
                Breakdown(
                    _("%(group)s nach sonderpädagogischem Förderbedarf") % {"group": label},
                    _breakdown(spf, needs, threshold),
                    disability,
                    _("Angebote für junge Menschen mit Behinderung (alle Regionen)"),
                )
            )
        region_rows.append(row)

    school_rows = []
    schools = Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL).order_by("name")
    for school in schools:
        if school.pk not in cohort.schools:
            continue
        groups = [figure(cohort, ("school", school.pk, code), ("school", school.pk)) for code in codes]
        need = sum_figure(cohort, [("school", school.pk, code) for code in codes])
        supply = _supply(offerings.filter(schools_served=school))
        school_rows.append(
            Row(
                school.name,
                figure(cohort, ("school", school.pk)),
                groups,
                need,
                supply,
                _flag(need, supply),
                filter_query=f"school={school.pk}",
            )
        )
    countywide = _supply(offerings.filter(~Q(locations__region__isnull=False)))
    return NeedPage(year, cohort.complete, threshold, region_rows, school_rows, countywide)
