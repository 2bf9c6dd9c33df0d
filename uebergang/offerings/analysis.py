"""Gaps and overlaps of the offering catalogue: coverage matrix, likely duplicates, funding ending soon.

Coordinators and the steering group use these three reads to see where young people find nothing
(empty cells of phase × target group), where providers compete for the same young people (likely
duplicates) and which offerings may vanish with their funding ("Projekt-Hopping").

Only published offerings count: the public sees them, and drafts or archived ones say nothing about
what young people find today. The coverage matrix also leaves out offerings that are not active.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from itertools import combinations
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from uebergang.lib.tabular import normalise
from uebergang.monitoring import charts
from uebergang.tenants.models import Region, Tenant

from .models import Category, Offering, OfferingLocation, Phase, TargetGroup
from .staleness import checked_before

# Coverage matrix ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """Published, active offerings of one phase × target group (or a margin) and their places."""

    offerings: int
    places: int | None  # the sum of the places stated; None when no offering here states any
    places_unknown: int  # offerings here without a number of places
    query: str = ""  # the staff offering list's filter that shows exactly these offerings

    @property
    def is_empty(self) -> bool:
        return self.offerings == 0

    @property
    def places_partial(self) -> bool:
        """Some, not all offerings state their places: the sum is a lower bound."""
        return self.places is not None and self.places_unknown > 0


@dataclass(frozen=True)
class CoverageRow:
    code: str
    label: str
    cells: list[Cell]
    total: Cell  # offerings of this phase with any target group (an offering counts once)


@dataclass(frozen=True)
class Coverage:
    region: Region | None
    columns: list[tuple[str, str]]  # target groups (code, label)
    rows: list[CoverageRow]  # phases
    column_totals: list[Cell]  # per target group, any phase
    total: Cell  # offerings in at least one cell
    unclassified: int  # published, active offerings without a phase or without a target group

    @property
    def empty_cells(self) -> int:
        return sum(cell.is_empty for row in self.rows for cell in row.cells)


def _cell(aggregates: dict, key: str, region: Region | None = None, **filters: str) -> Cell:
    query = {"status": "published", "laufend": "on", **filters}
    if region is not None:
        query["region"] = str(region.pk)
    return Cell(
        aggregates[f"{key}_n"], aggregates[f"{key}_places"], aggregates[f"{key}_unknown"], urlencode(query)
    )


def coverage_offerings(tenant: Tenant, region: Region | None = None):
    """The offerings the matrix counts: published and active, in `region` when given (any location)."""
    offerings = (
        Offering.objects.for_tenant(tenant).published().filter(service_status=Offering.ServiceStatus.ACTIVE)
    )
    if region is not None:
        in_region = OfferingLocation.objects.filter(offering=OuterRef("pk"), region=region)
        offerings = offerings.filter(Exists(in_region))
    return offerings


def coverage(tenant: Tenant, region: Region | None = None) -> Coverage:
    """The matrix phase × target group in one aggregate query (conditional counts over the bit masks).

    An offering for several phases or target groups counts in each of its cells; margins and the total
    count it once.
    """
    phases, groups = Phase.choices, TargetGroup.choices
    aggregates = {}

    def add(key: str, condition: Q) -> None:
        aggregates[f"{key}_n"] = Count("pk", filter=condition)
        aggregates[f"{key}_places"] = Sum("places_total", filter=condition)
        aggregates[f"{key}_unknown"] = Count("pk", filter=condition & Q(places_total__isnull=True))

    classified = ~Q(phases=frozenset()) & ~Q(target_groups=frozenset())
    for row, (phase, _label) in enumerate(phases):
        add(f"row{row}", Q(phases__overlaps=[phase]) & ~Q(target_groups=frozenset()))
        for column, (group, _label) in enumerate(groups):
            add(f"cell{row}_{column}", Q(phases__overlaps=[phase], target_groups__overlaps=[group]))
    for column, (group, _label) in enumerate(groups):
        add(f"column{column}", Q(target_groups__overlaps=[group]) & ~Q(phases=frozenset()))
    add("total", classified)
    aggregates["unclassified"] = Count("pk", filter=~classified)
    figures = coverage_offerings(tenant, region).aggregate(**aggregates)
    rows = [
        CoverageRow(
            code=phase,
            label=str(label),
            cells=[
                _cell(figures, f"cell{row}_{column}", region, phase=phase, target_group=group)
                for column, (group, _label) in enumerate(groups)
            ],
            total=_cell(figures, f"row{row}", region, phase=phase, classified="on"),
        )
        for row, (phase, label) in enumerate(phases)
    ]
    return Coverage(
        region=region,
        columns=[(code, str(label)) for code, label in groups],
        rows=rows,
        column_totals=[
            _cell(figures, f"column{column}", region, target_group=group, classified="on")
            for column, (group, _label) in enumerate(groups)
        ],
        total=_cell(figures, "total", region, classified="on"),
        unclassified=figures["unclassified"],
    )


EMPTY_FILL = "#FBE3D6"  # light orange: a gap, never mistaken for the lightest shade of the blue ramp


def coverage_chart(matrix: Coverage, *, title: str) -> dict:
    """A Vega-Lite heat map of the matrix (offerings per cell); empty cells are orange and say "0".

    The page's table carries the same figures for assistive technology and without JavaScript.
    """
    values = [
        {
            "phase": row.label,
            "target_group": label,
            "count": cell.offerings or None,  # no count: the orange layer below shows through
            "places": cell.places,
            "display": str(cell.offerings),
        }
        for row in matrix.rows
        for (_code, label), cell in zip(matrix.columns, row.cells, strict=True)
    ]
    tooltip = [
        {"field": "phase", "type": "nominal", "title": _("Phase")},
        {"field": "target_group", "type": "nominal", "title": _("Zielgruppe")},
        {"field": "display", "type": "nominal", "title": _("Angebote")},
        {"field": "places", "type": "quantitative", "title": _("Plätze")},
    ]
    spec = charts.base(title, values)
    spec["encoding"] = {
        "x": {
            "field": "target_group",
            "type": "nominal",
            "sort": None,
            "title": _("Zielgruppe"),
            "axis": {"orient": "top", "labelAngle": -40, "labelAlign": "left"},
        },
        "y": {"field": "phase", "type": "nominal", "sort": None, "title": _("Phase")},
    }
    spec["layer"] = [
        {"mark": {"type": "rect", "color": EMPTY_FILL, "stroke": "#FFFFFF", "strokeWidth": 1}},
        {
            "mark": {"type": "rect", "stroke": "#FFFFFF", "strokeWidth": 1},
            "encoding": {
                "color": {
                    "field": "count",
                    "type": "quantitative",
                    "title": _("Angebote"),
                    "scale": {"range": charts.HEATMAP_RANGE, "interpolate": "rgb", "zero": True},
                    "legend": {"orient": "bottom"},
                },
                "tooltip": tooltip,
            },
        },
        {
            "transform": [
                {"joinaggregate": [{"op": "max", "field": "count", "as": "largest"}]},
                {
                    "calculate": "isValid(datum.count) && datum.count >= "
                    f"{charts.DARK_CELL_FROM} * datum.largest",
                    "as": "dark_cell",
                },
            ],
            "mark": {"type": "text", "fontSize": 12},
            "encoding": {
                "text": {"field": "display", "type": "nominal"},
                "color": {"condition": {"test": "datum.dark_cell", "value": "#FFFFFF"}, "value": "#000000"},
                "tooltip": tooltip,
            },
        },
    ]
    spec["width"] = {"step": 64}
    spec["height"] = {"step": 32}
    return spec


# Likely duplicates -------------------------------------------------------------------------------------

TITLE_SIMILARITY = (
    0.85  # difflib ratio of the normalised titles from which two titles count as near-identical
)
# Candidate pairs for the title check share one of their rarest trigrams (prefix filtering on a trigram
# Jaccard of this floor). Titles with a ratio of 0.85 lie far above it, so the filter drops unrelated
# pairs without comparing every title with every other; a test checks it against the comparison of all pairs.
TRIGRAM_FLOOR = 0.3


@dataclass(frozen=True)
class OfferingFacts:
    """What the duplicate check compares of a published offering."""

    pk: int
    title: str
    provider_id: int
    provider_name: str = ""
    phases: frozenset[str] = frozenset()
    categories: frozenset[int] = frozenset()
    target_groups: frozenset[str] = frozenset()
    regions: frozenset[int] = frozenset()
    schools: frozenset[int] = frozenset()  # the schools it serves (none: open to every school)

    @property
    def profile(self) -> frozenset[tuple[str, object]]:
        """Phases, categories and target groups as one set, to measure how alike two offerings are."""
        return frozenset(
            [
                *(("phase", code) for code in self.phases),
                *(("category", pk) for pk in self.categories),
                *(("group", code) for code in self.target_groups),
            ]
        )


@dataclass
class DuplicatePair:
    first: OfferingFacts  # the one with the lower id
    second: OfferingFacts
    same_profile: bool = False  # different providers, shared phase, category, target group and region
    profile_similarity: float = 0.0  # Jaccard of the two profiles (phases, categories, target groups)
    title_similarity: float | None = None  # 0..1 when the titles are near-identical
    shared: dict[str, frozenset] = field(default_factory=dict)  # phases, categories, target_groups, regions
    details: list[str] = field(default_factory=list)  # German labels of what is shared, set for the page

    @property
    def title_percent(self) -> int | None:
        return None if self.title_similarity is None else math.floor(self.title_similarity * 100)

    @property
    def profile_percent(self) -> int:
        return math.floor(self.profile_similarity * 100)

    @property
    def sort_key(self) -> tuple:
        both = self.same_profile and self.title_similarity is not None
        return (
            not both,
            -self.profile_similarity,
            -(self.title_similarity or 0),
            self.first.title.casefold(),
            self.first.pk,
            self.second.pk,
        )


def _ordered(a: OfferingFacts, b: OfferingFacts) -> tuple[OfferingFacts, OfferingFacts]:
    return (a, b) if a.pk < b.pk else (b, a)


def same_profile_pairs(facts: list[OfferingFacts]) -> dict[tuple[int, int], dict[str, frozenset]]:
    """Pairs of offerings of different providers sharing a phase, a category, a target group and a region.

    Two offerings tied to different schools (both serve schools, none in common) do not compete: each
    reaches only its own schools' pupils. Blocking: every offering goes into one bucket per (phase,
    category, target group, region) it has, so only offerings that already share all four meet; a pair
    met in several buckets is kept once.
    """
    buckets: dict[tuple, list[OfferingFacts]] = defaultdict(list)
    for fact in facts:
        for phase in fact.phases:
            for category in fact.categories:
                for group in fact.target_groups:
                    for region in fact.regions:
                        buckets[phase, category, group, region].append(fact)
    pairs: dict[tuple[int, int], dict[str, frozenset]] = {}
    for bucket in buckets.values():
        for a, b in combinations(bucket, 2):
            if a.provider_id == b.provider_id or (a.schools and b.schools and not a.schools & b.schools):
                continue
            first, second = _ordered(a, b)
            if (first.pk, second.pk) not in pairs:
                pairs[first.pk, second.pk] = {
                    "phases": a.phases & b.phases,
                    "categories": a.categories & b.categories,
                    "target_groups": a.target_groups & b.target_groups,
                    "regions": a.regions & b.regions,
                }
    return pairs


def _trigrams(key: str) -> frozenset[str]:
    padded = f" {key} "  # the first and last letters get trigrams of their own
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similar_title_pairs(facts: list[OfferingFacts], threshold: float = TITLE_SIMILARITY) -> dict:
    """Pairs whose normalised titles have a difflib ratio ≥ `threshold` (any providers): {(pk, pk): ratio}.

    Titles are normalised like the actor import compares names (case, umlauts, spaces and punctuation
    do not matter). All-pairs search with prefix filtering: each title's trigrams are sorted rarest
    first; a title meets only the titles indexed under one of its first (rare) trigrams, and only
    those sharing enough trigrams reach the character-by-character comparison.
    """
    keys = {fact.pk: normalise(fact.title) for fact in facts}
    grams = {pk: _trigrams(key) for pk, key in keys.items() if key}
    frequency = Counter(gram for gram_set in grams.values() for gram in gram_set)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: dict[tuple[int, int], float] = {}
    for pk in sorted(grams):
        title, title_grams = keys[pk], grams[pk]
        tokens = sorted(title_grams, key=lambda gram: (frequency[gram], gram))
        prefix = tokens[: len(tokens) - math.ceil(TRIGRAM_FLOOR * len(tokens)) + 1]
        candidates = {other for gram in prefix for other in index[gram]}
        for gram in prefix:
            index[gram].append(pk)
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(title)  # difflib caches what it learns about the second sequence
        for other in candidates:
            other_title = keys[other]
            if 2 * min(len(title), len(other_title)) < threshold * (len(title) + len(other_title)):
                continue  # the length difference alone keeps the ratio below the threshold
            shared = len(title_grams & grams[other])
            if shared < TRIGRAM_FLOOR * (len(title_grams) + len(grams[other]) - shared):
                continue
            matcher.set_seq1(other_title)
            if matcher.quick_ratio() >= threshold and (ratio := matcher.ratio()) >= threshold:
                pairs[min(pk, other), max(pk, other)] = ratio
    return pairs


# Sharing one phase, category and target group is common among broad offerings; a pair counts as a
# likely duplicate when their profiles (phases, categories, target groups) are also this alike (Jaccard).
PROFILE_SIMILARITY = 0.6


def find_duplicates(facts: list[OfferingFacts]) -> list[DuplicatePair]:
    """Both rules over the given offerings, one entry per pair: pairs matching both rules first, then the
    most alike profiles, then the most alike titles."""
    by_pk = {fact.pk: fact for fact in facts}
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for key, shared in same_profile_pairs(facts).items():
        first, second = by_pk[key[0]], by_pk[key[1]]
        similarity = len(first.profile & second.profile) / len(first.profile | second.profile)
        if similarity < PROFILE_SIMILARITY:
            continue
        pairs[key] = DuplicatePair(
            first, second, same_profile=True, profile_similarity=similarity, shared=shared
        )
    for key, ratio in similar_title_pairs(facts).items():
        pair = pairs.setdefault(key, DuplicatePair(by_pk[key[0]], by_pk[key[1]]))
        pair.title_similarity = ratio
    return sorted(pairs.values(), key=lambda pair: pair.sort_key)


def published_facts(tenant: Tenant) -> list[OfferingFacts]:
    """The published offerings of `tenant` as facts: four queries, however many offerings."""
    published = Offering.objects.for_tenant(tenant).published()
    categories: dict[int, set[int]] = defaultdict(set)
    for offering_id, category_id in Offering.categories.through.objects.filter(
        offering__in=published
    ).values_list("offering_id", "category_id"):
        categories[offering_id].add(category_id)
    schools: dict[int, set[int]] = defaultdict(set)
    for offering_id, school_id in Offering.schools_served.through.objects.filter(
        offering__in=published
    ).values_list("offering_id", "organisation_id"):
        schools[offering_id].add(school_id)
    regions: dict[int, set[int]] = defaultdict(set)
    for offering_id, region_id in (
        OfferingLocation.objects.for_tenant(tenant)
        .filter(offering__status=Offering.Status.PUBLISHED, region__isnull=False)
        .values_list("offering_id", "region_id")
    ):
        regions[offering_id].add(region_id)
    return [
        OfferingFacts(
            pk=row["pk"],
            title=row["title"],
            provider_id=row["provider_id"],
            provider_name=row["provider__name"],
            phases=row["phases"],
            categories=frozenset(categories[row["pk"]]),
            target_groups=row["target_groups"],
            regions=frozenset(regions[row["pk"]]),
            schools=frozenset(schools[row["pk"]]),
        )
        for row in published.values("pk", "title", "provider_id", "provider__name", "phases", "target_groups")
    ]


def likely_duplicates(tenant: Tenant) -> list[DuplicatePair]:
    """The tenant's likely duplicates, each with the German labels of what the pair shares."""
    pairs = find_duplicates(published_facts(tenant))
    category_names = dict(Category.objects.for_tenant(tenant).values_list("pk", "name"))
    region_names = dict(Region.objects.for_tenant(tenant).values_list("pk", "name"))
    phase_field = Offering._meta.get_field("phases")
    group_field = Offering._meta.get_field("target_groups")
    for pair in pairs:
        if pair.same_profile:
            pair.details = [
                ", ".join(phase_field.labels(pair.shared["phases"])),
                ", ".join(sorted(category_names.get(pk, "") for pk in pair.shared["categories"])),
                ", ".join(group_field.labels(pair.shared["target_groups"])),
                ", ".join(sorted(region_names.get(pk, "") for pk in pair.shared["regions"])),
            ]
    return pairs


# Funding ending ----------------------------------------------------------------------------------------

FUNDING_WINDOW_MONTHS = 6


@dataclass(frozen=True)
class FundingEnd:
    offering: Offering
    days_left: int  # negative: the funding has ended

    @property
    def has_ended(self) -> bool:
        return self.days_left < 0


def funding_window_end(today: date) -> date:
    """The last day of the window: six months after today (the 31st becomes the month's last day)."""
    return checked_before(today, -FUNDING_WINDOW_MONTHS)


def funding_ending(tenant: Tenant, today: date) -> list[FundingEnd]:
    """Published offerings whose funding ends by the end of the window, or has ended; soonest first.
    Statutory services (gesetzliche Regelleistungen) are funded without end and never listed."""
    offerings = (
        Offering.objects.for_tenant(tenant)
        .published()
        .filter(statutory=False, funding_end__lte=funding_window_end(today))
        .select_related("provider")
        .order_by("funding_end", "title", "pk")
    )
    return [FundingEnd(offering, (offering.funding_end - today).days) for offering in offerings]
