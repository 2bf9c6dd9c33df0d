"""The offering catalogue as Open Referral HSDS 3.0 JSON: the "Übergang German youth profile".

Pure mapping, no HTTP: the HSDS API (`uebergang/api/hsds.py`) and the exports call it. What goes
where, and why, is documented field by field in `docs/hsds-profile.md`; keep both in step.

- Ids: the stored `hsds_id` UUIDs of Offering (service), OfferingLocation (location), Organisation
  (organization) and Category (taxonomy term). Everything else gets a deterministic uuid5: the fixed
  vocabularies from `NAMESPACE`, the parts of a service (phone, schedule, cost option…) from the id of
  the object they belong to, so an id never changes between two requests.
- Only public facts leave: published offerings, public contacts of organisations, and for a
  confidential location neither street, postcode nor coordinates — only the town, as its name.
- Empty values are left out (HSDS types do not allow null).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from uebergang.network.models import Contact, FundingSource, LegalSphere, Organisation
from uebergang.tenants.models import Tenant

from . import search
from .models import (
    Category,
    Language,
    Offering,
    OfferingLocation,
    Phase,
    Qualification,
    SchoolType,
    TargetGroup,
)

HSDS_VERSION = "3.0"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:uebergang:hsds-profile")
COUNTRY = "DE"
CURRENCY = "EUR"


def stable_id(parent: uuid.UUID | str, name: str) -> str:
    """A uuid5 that is the same on every request: `name` within the object `parent`."""
    return str(uuid.uuid5(uuid.UUID(str(parent)), name))


# Taxonomies ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """A fixed code list of the catalogue, published as an HSDS taxonomy with one term per code."""

    key: str
    name: object  # lazy German label
    description: object
    choices: Callable[[], list[tuple[str, str]]]
    codes_of: Callable[[Offering], Iterable[str]]

    @property
    def id(self) -> str:
        return stable_id(NAMESPACE, f"taxonomy:{self.key}")

    def term_id(self, code: str) -> str:
        return stable_id(NAMESPACE, f"{self.key}:{code}")


# Terms of the profile taxonomy: facts of the German youth profile that HSDS has no field for. They are
# attached to a service (or location) as attributes whose `value` carries the fact.
PROFILE_TERMS: list[tuple[str, object]] = [
    ("short_description", gettext_lazy("Kurzbeschreibung")),
    ("plain_language", gettext_lazy("Beschreibung in Einfacher Sprache")),
    ("min_grade", gettext_lazy("ab Klasse")),
    ("max_grade", gettext_lazy("bis Klasse")),
    ("legal_basis", gettext_lazy("Rechtsgrundlage")),
    ("programme", gettext_lazy("Förderprogramm")),
    ("statutory", gettext_lazy("gesetzliche Regelleistung (unbefristet finanziert)")),
    ("funding_start", gettext_lazy("Förderung ab")),
    ("funding_end", gettext_lazy("Förderung bis")),
    ("places_total", gettext_lazy("Plätze insgesamt")),
    ("places_free", gettext_lazy("freie Plätze")),
    ("places_updated_at", gettext_lazy("Plätze aktualisiert am")),
    ("accessibility", gettext_lazy("Barrierefreiheit")),
    ("school_served", gettext_lazy("Schule")),
    ("address_confidential", gettext_lazy("Adresse vertraulich")),
]

VOCABULARIES: list[Vocabulary] = [
    Vocabulary(
        "phase",
        gettext_lazy("Phase der Bildungskette"),
        gettext_lazy("Übergänge der Bildungskette, an denen ein Angebot ansetzt."),
        lambda: Phase.choices,
        lambda offering: offering.phases,
    ),
    Vocabulary(
        "target_group",
        gettext_lazy("Zielgruppe"),
        gettext_lazy("Für wen ein Angebot gedacht ist."),
        lambda: TargetGroup.choices,
        lambda offering: offering.target_groups,
    ),
    Vocabulary(
        "school_type",
        gettext_lazy("Schulart"),
        gettext_lazy("Schularten, an deren Schülerinnen und Schüler sich ein Angebot richtet."),
        lambda: SchoolType.choices,
        lambda offering: offering.school_types,
    ),
    Vocabulary(
        "qualification",
        gettext_lazy("Schulabschluss"),
        gettext_lazy("Schulabschlüsse, mit denen ein Angebot passt."),
        lambda: Qualification.choices,
        lambda offering: offering.qualifications,
    ),
    Vocabulary(
        "legal_sphere",
        gettext_lazy("Rechtskreis"),
        gettext_lazy("Rechtsgrundlage (Rechtskreis), auf der ein Angebot oder ein Akteur arbeitet."),
        lambda: LegalSphere.choices,
        lambda offering: [offering.legal_sphere] if offering.legal_sphere else [],
    ),
    Vocabulary(
        "funding_source",
        gettext_lazy("Mittelgeber"),
        gettext_lazy("Wer ein Angebot bezahlt (nicht der Rechtskreis); steht auch in `funding[].source`."),
        lambda: FundingSource.choices,
        lambda offering: [offering.funding_source] if offering.funding_source else [],
    ),
    Vocabulary(
        "profile",
        gettext_lazy("Übergang-Profil"),
        gettext_lazy(
            "Angaben des deutschen Jugendprofils, für die HSDS kein eigenes Feld hat; "
            "der Wert steht im Attribut (`value`)."
        ),
        lambda: PROFILE_TERMS,
        lambda offering: [],
    ),
]
VOCABULARY = {vocabulary.key: vocabulary for vocabulary in VOCABULARIES}
PROFILE = VOCABULARY["profile"]

CATEGORY_TAXONOMY_ID = stable_id(NAMESPACE, "taxonomy:category")


def taxonomies() -> list[dict]:
    """Every taxonomy of the profile: the categories, then the fixed vocabularies."""
    return [
        {
            "id": CATEGORY_TAXONOMY_ID,
            "name": _("Kategorie"),
            "description": _("Art der Unterstützung; gemeinsame Kategorien und die eigenen der Kommune."),
            "version": HSDS_VERSION,
        },
        *(
            {"id": v.id, "name": str(v.name), "description": str(v.description), "version": HSDS_VERSION}
            for v in VOCABULARIES
        ),
    ]


def _term(
    term_id: str, taxonomy_id: str, taxonomy_name: str, code: str, name: str, description: str = ""
) -> dict:
    return {
        "id": term_id,
        "code": code,
        "name": name,
        "description": description or name,
        "taxonomy": taxonomy_name,
        "taxonomy_id": taxonomy_id,
        "language": get_language() or "de",
    }


def category_term(category: Category) -> dict:
    return _term(
        str(category.hsds_id),
        CATEGORY_TAXONOMY_ID,
        _("Kategorie"),
        category.code,
        category.name,
        category.description,
    )


def vocabulary_term(vocabulary: Vocabulary, code: str) -> dict:
    label = dict(vocabulary.choices())[code]
    return _term(vocabulary.term_id(code), vocabulary.id, str(vocabulary.name), code, str(label))


def taxonomy_terms(tenant: Tenant) -> list[dict]:
    """All terms: the tenant's categories (shared defaults and its own), then the fixed vocabularies."""
    terms = [category_term(category) for category in Category.objects.for_tenant(tenant)]
    for vocabulary in VOCABULARIES:
        terms.extend(vocabulary_term(vocabulary, code) for code, _label in vocabulary.choices())
    return terms


# Services --------------------------------------------------------------------------------------------

# How a term of a fixed vocabulary narrows the offerings (terms of the profile taxonomy narrow nothing:
# they carry values, not classes).
TERM_FILTERS: dict[str, Callable[[str], Q]] = {
    "phase": lambda code: Q(phases__overlaps=[code]),
    "target_group": lambda code: Q(target_groups__overlaps=[code]),
    "school_type": lambda code: Q(school_types__overlaps=[code]),
    "qualification": lambda code: Q(qualifications__overlaps=[code]),
    "legal_sphere": lambda code: Q(legal_sphere=code),
    "funding_source": lambda code: Q(funding_source=code),
}


@dataclass(frozen=True)
class ServiceFilters:
    """The filters of `/services` (HSDS API parameters of the same names)."""

    search: str = ""
    taxonomy_term_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = None


def _term_filter(tenant: Tenant, term_id: uuid.UUID) -> Q:
    category = Category.objects.for_tenant(tenant).filter(hsds_id=term_id).first()
    if category is not None:
        return Q(categories=category)
    for vocabulary in VOCABULARIES:
        for code, _label in vocabulary.choices():
            if vocabulary.term_id(code) == str(term_id) and vocabulary.key in TERM_FILTERS:
                return TERM_FILTERS[vocabulary.key](code)
    return Q(pk__in=[])


def matching_service_ids(tenant: Tenant, filters: ServiceFilters) -> list[int]:
    """Ids of the published offerings that pass `filters`: by relevance with a search text (the
    catalogue's own German search), else by title."""
    offerings = Offering.objects.for_tenant(tenant).published()
    if filters.organization_id is not None:
        offerings = offerings.filter(provider__hsds_id=filters.organization_id)
    if filters.modified_after is not None:
        offerings = offerings.filter(updated_at__gte=filters.modified_after)
    if filters.taxonomy_term_id is not None:
        offerings = offerings.filter(_term_filter(tenant, filters.taxonomy_term_id))
    if not filters.search:
        return list(offerings.order_by("title", "pk").values_list("pk", flat=True))
    result = search.search(tenant, search.SearchQuery(text=filters.search), all_hits=True, with_facets=False)
    allowed = set(offerings.values_list("pk", flat=True))
    return [offering.pk for offering in result.offerings if offering.pk in allowed]


def services_queryset(tenant: Tenant) -> QuerySet[Offering]:
    """The published offerings of `tenant` with everything a fully nested service needs prefetched."""
    return (
        Offering.objects.for_tenant(tenant)
        .published()
        .select_related("provider")
        .prefetch_related(
            "categories",
            Prefetch("locations", queryset=OfferingLocation.objects.select_related("region")),
            Prefetch("schools_served", queryset=Organisation.objects.order_by("name")),
            Prefetch("provider__contacts", queryset=Contact.objects.public(), to_attr="public_contacts"),
            "provider__legal_spheres",
        )
    )


def _compact(data: dict) -> dict:
    """Drop empty values: HSDS types allow no null, and an empty string says nothing."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def eligibility_description(offering: Offering) -> str:
    """The target-group facts as one German sentence list, for readers of plain HSDS."""
    field = Offering._meta.get_field
    parts = []
    if offering.target_groups:
        parts.append(
            _("Für: %(groups)s")
            % {"groups": ", ".join(field("target_groups").labels(offering.target_groups))}
        )
    if offering.min_age is not None or offering.max_age is not None:
        parts.append(_age_text(offering.min_age, offering.max_age))
    if offering.min_grade is not None or offering.max_grade is not None:
        parts.append(_grade_text(offering.min_grade, offering.max_grade))
    if offering.school_types:
        parts.append(
            _("Schularten: %(types)s")
            % {"types": ", ".join(field("school_types").labels(offering.school_types))}
        )
    if offering.qualifications:
        parts.append(
            _("Schulabschluss: %(list)s")
            % {"list": ", ".join(field("qualifications").labels(offering.qualifications))}
        )
    return ". ".join(parts) + ("." if parts else "")


def _age_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return _("Alter %(low)s bis %(high)s Jahre") % {"low": low, "high": high}
    if low is not None:
        return _("ab %(low)s Jahren") % {"low": low}
    return _("bis %(high)s Jahre") % {"high": high}


def _grade_text(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return _("Klasse %(low)s bis %(high)s") % {"low": low, "high": high}
    if low is not None:
        return _("ab Klasse %(low)s") % {"low": low}
    return _("bis Klasse %(high)s") % {"high": high}


def service(offering: Offering, *, full: bool = True) -> dict:
    """An offering as an HSDS service; `full=False` gives the one-to-one fields only (list pages)."""
    data = _compact(
        {
            "id": str(offering.hsds_id),
            "organization_id": str(offering.provider.hsds_id),
            "name": offering.title,
            "description": offering.description or offering.short_description,
            "url": offering.url,
            "email": offering.contact_email,
            "status": offering.service_status,
            "application_process": offering.how_to_apply,
            "fees_description": _fees_description(offering),
            "eligibility_description": eligibility_description(offering),
            "minimum_age": offering.min_age,
            "maximum_age": offering.max_age,
            "assured_date": _iso(offering.last_checked),
            "alert": _alert(offering),
            "last_modified": _iso(offering.updated_at),
        }
    )
    if not full:
        return data
    service_id = data["id"]
    data.update(
        _compact(
            {
                "organization": organization(offering.provider, full=False),
                "phones": [_phone(service_id, offering.contact_phone, "service_id")]
                if offering.contact_phone
                else [],
                "schedules": [
                    {
                        "id": stable_id(service_id, "schedule"),
                        "service_id": service_id,
                        "description": offering.schedule,
                    }
                ]
                if offering.schedule
                else [],
                "service_areas": _service_areas(offering),
                "service_at_locations": [
                    _service_at_location(offering, location) for location in offering.locations.all()
                ],
                "languages": [
                    _language(service_id, code) for code in _ordered(offering.languages, Language.choices)
                ],
                "funding": [
                    {"id": stable_id(service_id, "funding"), "service_id": service_id, "source": source}
                    for source in [funding_description(offering)]
                    if source
                ],
                "cost_options": [_cost_option(offering)],
                "contacts": _contacts(offering),
                "attributes": _service_attributes(offering),
            }
        )
    )
    return data


def _ordered(codes: Iterable[str], choices: list[tuple[str, str]]) -> list[str]:
    present = set(codes)
    return [code for code, _label in choices if code in present]


def _fees_description(offering: Offering) -> str:
    if offering.is_free:
        return offering.cost_description or _("kostenfrei")
    return offering.cost_description


def _alert(offering: Offering) -> str:
    if offering.service_status == Offering.ServiceStatus.TEMPORARILY_CLOSED:
        return _("Das Angebot ist vorübergehend geschlossen.")
    if offering.places_free == 0 and offering.places_total:
        return _("Zurzeit sind keine Plätze frei.")
    return ""


def _phone(parent_id: str, number: str, link: str) -> dict:
    return {"id": stable_id(parent_id, f"phone:{number}"), link: parent_id, "number": number}


def _language(service_id: str, code: str) -> dict:
    label = str(dict(Language.choices)[code])
    if code == Language.EASY:  # Leichte Sprache is German, not a language of its own
        return {
            "id": stable_id(service_id, f"language:{code}"),
            "service_id": service_id,
            "name": label,
            "code": "de",
            "note": label,
        }
    return {
        "id": stable_id(service_id, f"language:{code}"),
        "service_id": service_id,
        "name": label,
        "code": code,
    }


def _cost_option(offering: Offering) -> dict:
    service_id = str(offering.hsds_id)
    if offering.is_free:
        option = {"option": _("kostenfrei"), "amount": 0, "amount_description": offering.cost_description}
    else:
        option = {
            "option": _("kostenpflichtig"),
            "amount": float(offering.cost_amount) if offering.cost_amount is not None else None,
            "amount_description": offering.cost_description,
        }
    return _compact(
        {"id": stable_id(service_id, "cost_option"), "service_id": service_id, "currency": CURRENCY, **option}
    )


def _contacts(offering: Offering) -> list[dict]:
    if not (offering.contact_name or offering.contact_email or offering.contact_phone):
        return []
    service_id = str(offering.hsds_id)
    contact_id = stable_id(service_id, "contact")
    return [
        _compact(
            {
                "id": contact_id,
                "service_id": service_id,
                "name": offering.contact_name,
                "email": offering.contact_email,
                "phones": [_phone(contact_id, offering.contact_phone, "contact_id")]
                if offering.contact_phone
                else [],
            }
        )
    ]


def _service_areas(offering: Offering) -> list[dict]:
    service_id = str(offering.hsds_id)
    regions = {
        location.region.pk: location.region for location in offering.locations.all() if location.region
    }
    return [
        {
            "id": stable_id(service_id, f"service_area:{region.pk}"),
            "service_id": service_id,
            "name": region.name,
        }
        for region in sorted(regions.values(), key=lambda region: region.name)
    ]


def _service_at_location(offering: Offering, location: OfferingLocation) -> dict:
    location_id = str(location.hsds_id)
    return {
        "id": stable_id(location_id, "service_at_location"),
        "service_id": str(offering.hsds_id),
        "location_id": location_id,
        "location": location_data(location),
    }


def location_data(location: OfferingLocation) -> dict:
    """An HSDS location; a confidential one carries only its town (as name) and the flag."""
    location_id = str(location.hsds_id)
    if location.is_confidential:
        return {
            "id": location_id,
            "location_type": "physical",
            "name": location.city,
            "description": _("Die genaue Adresse ist vertraulich."),
            "attributes": [
                _attribute(
                    location_id,
                    "location",
                    PROFILE.term_id("address_confidential"),
                    _profile_term("address_confidential"),
                    "true",
                )
            ],
        }
    address = _address(location_id, location.street, location.postcode, location.city, location.region)
    return _compact(
        {
            "id": location_id,
            "location_type": "physical",
            "name": location.name or location.city,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": [address],
            "accessibility": [
                {
                    "id": stable_id(location_id, "accessibility"),
                    "location_id": location_id,
                    "description": location.accessibility,
                }
            ]
            if location.accessibility
            else [],
        }
    )


def _address(location_id: str, street: str, postcode: str, city: str, region) -> dict:
    """An HSDS address; `address_1`, `postal_code` and `state_province` are required by the schema even
    where they are unknown (Übergang does not keep the federal state), so they may be empty strings."""
    return {
        "id": stable_id(location_id, "address"),
        "location_id": location_id,
        "address_1": street,
        "city": city,
        **({"region": region.name} if region else {}),
        "state_province": "",
        "postal_code": postcode,
        "country": COUNTRY,
        "address_type": "physical",
    }


def _profile_term(code: str) -> dict:
    return vocabulary_term(PROFILE, code)


def _attribute(link_id: str, link_type: str, term_id: str, term: dict, value: str = "") -> dict:
    return _compact(
        {
            "id": stable_id(link_id, f"attribute:{term_id}:{value}"),
            "link_id": link_id,
            "link_type": link_type,
            "link_entity": link_type,
            "taxonomy_term_id": term_id,
            "taxonomy_term": term,
            "value": value,
        }
    )


def _service_attributes(offering: Offering) -> list[dict]:
    service_id = str(offering.hsds_id)
    attributes = [
        _attribute(service_id, "service", str(category.hsds_id), category_term(category))
        for category in offering.categories.all()
    ]
    for vocabulary in VOCABULARIES:
        for code in _ordered(vocabulary.codes_of(offering), vocabulary.choices()):
            attributes.append(
                _attribute(service_id, "service", vocabulary.term_id(code), vocabulary_term(vocabulary, code))
            )
    profile_values = [
        ("short_description", offering.short_description if offering.description else ""),
        ("plain_language", offering.plain_language),
        ("min_grade", offering.min_grade),
        ("max_grade", offering.max_grade),
        ("legal_basis", offering.legal_basis),
        ("programme", offering.programme),
        ("statutory", "ja" if offering.statutory else ""),
        ("funding_start", _iso(offering.funding_start)),
        ("funding_end", _iso(offering.funding_end)),
        ("places_total", offering.places_total),
        ("places_free", offering.places_free),
        ("places_updated_at", _iso(offering.places_updated_at)),
        ("accessibility", offering.accessibility),
        *(("school_served", school.name) for school in offering.schools_served.all()),
    ]
    for code, value in profile_values:
        if value not in (None, ""):
            attributes.append(
                _attribute(service_id, "service", PROFILE.term_id(code), _profile_term(code), str(value))
            )
    return attributes


def funding_description(offering: Offering) -> str:
    """HSDS `funding.source`: the funding source and the funder's name ("Land: Sozialministerium")."""
    parts = [offering.get_funding_source_display() if offering.funding_source else "", offering.funder_name]
    return ": ".join(part for part in parts if part)


# Organizations ---------------------------------------------------------------------------------------


def organizations_queryset(tenant: Tenant) -> QuerySet[Organisation]:
    """The tenant's active organisations, as the public actor list shows them."""
    return (
        Organisation.objects.for_tenant(tenant)
        .active()
        .select_related("region")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.public(), to_attr="public_contacts"),
            "legal_spheres",
        )
        .order_by("name", "pk")
    )


def _organisation_description(organisation: Organisation) -> str:
    if organisation.school_type:
        return f"{organisation.get_kind_display()} ({organisation.get_school_type_display()})"
    return str(organisation.get_kind_display())


def organization(organisation: Organisation, *, full: bool = True, services: Iterable[Offering] = ()) -> dict:
    """An organisation as an HSDS organization; `full` adds contacts, phones, location, attributes, services.

    Only what the public actor page shows: contacts only when marked public, no internal identifier.
    """
    organization_id = str(organisation.hsds_id)
    data = _compact(
        {
            "id": organization_id,
            "name": organisation.name,
            "alternate_name": organisation.short_name,
            "description": _organisation_description(organisation),
            "email": organisation.email,
            "website": organisation.website,
        }
    )
    if not full:
        return data
    legal_sphere = VOCABULARY["legal_sphere"]
    data.update(
        _compact(
            {
                "phones": [_phone(organization_id, organisation.phone, "organization_id")]
                if organisation.phone
                else [],
                "contacts": [
                    _organisation_contact(organization_id, contact)
                    for contact in organisation.public_contacts
                ],
                "locations": [_organisation_location(organisation)] if organisation.city else [],
                "attributes": [
                    _attribute(
                        organization_id,
                        "organization",
                        legal_sphere.term_id(link.code),
                        vocabulary_term(legal_sphere, link.code),
                    )
                    for link in organisation.legal_spheres.all()
                ],
                # Not in organization.json, which allows more properties: the HSDS API description asks
                # for the organization's services beside it, each with at least its id.
                "services": [{"id": str(offering.hsds_id), "name": offering.title} for offering in services],
            }
        )
    )
    return data


def _organisation_contact(organization_id: str, contact: Contact) -> dict:
    contact_id = stable_id(organization_id, f"contact:{contact.pk}")
    return _compact(
        {
            "id": contact_id,
            "organization_id": organization_id,
            "name": contact.name,
            "title": contact.function,
            "email": contact.email,
            "phones": [_phone(contact_id, contact.phone, "contact_id")] if contact.phone else [],
        }
    )


def _organisation_location(organisation: Organisation) -> dict:
    organization_id = str(organisation.hsds_id)
    location_id = stable_id(organization_id, "location")
    return {
        "id": location_id,
        "location_type": "physical",
        "organization_id": organization_id,
        "name": organisation.name,
        "addresses": [
            _address(
                location_id,
                organisation.street,
                organisation.postcode,
                organisation.city,
                organisation.region,
            )
        ],
    }
