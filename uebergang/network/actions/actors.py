"""Writes of the actors part of the network app; each audited in its own transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from uebergang.accounts.models import Membership
from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.tenants.models import Tenant

from ..forms import ContactForm, OrganisationForm
from ..imports import ImportReport, name_key
from ..models import Contact, Organisation, OrganisationLegalSphere

Action = AuditEvent.Action


def _set_legal_spheres(organisation: Organisation, codes: list[str]) -> None:
    current = set(organisation.legal_sphere_codes)
    wanted = set(codes)
    organisation.legal_spheres.filter(code__in=current - wanted).delete()
    OrganisationLegalSphere.objects.bulk_create(
        [OrganisationLegalSphere(organisation=organisation, code=code) for code in sorted(wanted - current)]
    )


@transaction.atomic
def create_organisation(*, request: HttpRequest, tenant: Tenant, form: OrganisationForm) -> Organisation:
    organisation = form.save(commit=False)
    organisation.tenant = tenant
    organisation.save()
    _set_legal_spheres(organisation, form.cleaned_data["legal_spheres"])
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=organisation,
        data={"kind": organisation.kind, "legal_spheres": sorted(form.cleaned_data["legal_spheres"])},
    )
    return organisation


@transaction.atomic
def update_organisation(*, request: HttpRequest, tenant: Tenant, form: OrganisationForm) -> Organisation:
    organisation = form.save(commit=False)
    changed = [name for name in form.changed_data if name != "legal_spheres"]
    if changed:
        organisation.save(update_fields=[*changed, "updated_at"])
    old_spheres = sorted(organisation.legal_sphere_codes)
    new_spheres = sorted(form.cleaned_data["legal_spheres"])
    _set_legal_spheres(organisation, new_spheres)
    if old_spheres != new_spheres:
        changed.append("legal_spheres")
    record(Action.UPDATED, request=request, tenant=tenant, obj=organisation, data={"changed": changed})
    return organisation


@transaction.atomic
def create_contact(
    *, request: HttpRequest, tenant: Tenant, organisation: Organisation, form: ContactForm
) -> Contact:
    contact = form.save(commit=False)
    contact.organisation = organisation
    contact.save()
    record(
        Action.CREATED,
        request=request,
        tenant=tenant,
        obj=contact,
        data={"organisation": organisation.pk, "is_public": contact.is_public},
    )
    return contact


@transaction.atomic
def update_contact(*, request: HttpRequest, tenant: Tenant, form: ContactForm) -> Contact:
    contact = form.save()
    record(Action.UPDATED, request=request, tenant=tenant, obj=contact, data={"changed": form.changed_data})
    return contact


@transaction.atomic
def delete_contact(*, request: HttpRequest, tenant: Tenant, contact: Contact) -> None:
    record(
        Action.DELETED,
        request=request,
        tenant=tenant,
        obj=contact,
        data={"organisation": contact.organisation_id},
    )
    contact.delete()


@transaction.atomic
def set_membership_organisation(
    *, request: HttpRequest, tenant: Tenant, membership: Membership, organisation: Organisation | None
) -> Membership:
    """Which organisation of the tenant a team member acts for (a partner keeps its profile)."""
    if organisation is not None and organisation.tenant_id != tenant.pk:
        raise ValueError("organisation of another tenant")
    if membership.organisation_id == (organisation.pk if organisation else None):
        return membership
    old = membership.organisation_id
    membership.organisation = organisation
    membership.save(update_fields=["organisation"])
    record(
        Action.UPDATED,
        request=request,
        tenant=tenant,
        obj=membership,
        data={"organisation": {"from": old, "to": membership.organisation_id}},
    )
    return membership


class ImportRefused(Exception):
    """The report does not allow the chosen import (a broken file, or invalid rows for "all")."""


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    contacts_created: int = 0
    contacts_updated: int = 0
    skipped_rows: int = 0


ORGANISATION_FIELDS = (
    "short_name",
    "kind",
    "school_type",
    "region",
    "street",
    "postcode",
    "city",
    "website",
    "email",
    "phone",
    "identifier",
)


@transaction.atomic
def import_organisations(
    *,
    actor,
    tenant: Tenant,
    report: ImportReport,
    only_valid: bool,
    request: HttpRequest | None = None,
    progress=None,
) -> ImportCounts:
    """Write the rows of a checked report in one transaction; one audit event with the counts.

    An organisation with the same name in the tenant is updated, not duplicated; empty cells leave
    its values as they are.
    """
    if not report.allows(only_valid=only_valid):
        raise ImportRefused(report.file_problem or "no valid rows or invalid rows")
    counts = ImportCounts(skipped_rows=len(report.invalid_rows))
    by_name = {name_key(o.name): o for o in Organisation.objects.for_tenant(tenant).select_for_update()}
    rows = report.valid_rows
    for number, row in enumerate(rows):
        if progress is not None:
            progress(number, len(rows))
        values = row.values
        organisation = by_name.get(name_key(values["name"]))
        if organisation is None:
            organisation = Organisation(tenant=tenant, name=values["name"], is_active=True)
            counts.created += 1
        else:
            counts.updated += 1
        for name in ORGANISATION_FIELDS:
            if values[name] not in ("", None):
                setattr(organisation, name, values[name])
        if organisation.kind != Organisation.Kind.SCHOOL:
            organisation.school_type = ""
        if values["is_active"] is not None:
            organisation.is_active = values["is_active"]
        organisation.save()
        by_name[name_key(organisation.name)] = organisation
        if values["funding_sources"]:
            organisation.funding_sources = frozenset(values["funding_sources"])
            organisation.save(update_fields=["funding_sources"])
        if values["legal_spheres"]:
            _set_legal_spheres(organisation, values["legal_spheres"])
        if row.has_contact:
            created = _import_contact(organisation, values)
            counts.contacts_created += created
            counts.contacts_updated += not created
    for row in rows:
        if row.values["parent"]:
            organisation = by_name[name_key(row.values["name"])]
            organisation.parent = by_name[name_key(row.values["parent"])]
            organisation.save(update_fields=["parent", "updated_at"])
    record(
        Action.IMPORTED,
        actor=actor,
        request=request,
        tenant=tenant,
        data={"file": report.filename, "only_valid": only_valid, **counts.__dict__},
    )
    if progress is not None:
        progress(len(rows), len(rows))
    return counts


def write_job(job, data: bytes, progress) -> dict:
    """An actor import in the worker (`uebergang.jobs`): check the kept file again, then write it."""
    from uebergang.jobs.runner import Refused

    from ..imports import analyse

    report = analyse(data, job.filename, job.tenant)
    only_valid = bool(job.options.get("only_valid"))
    try:
        counts = import_organisations(
            actor=job.created_by, tenant=job.tenant, report=report, only_valid=only_valid, progress=progress
        )
    except ImportRefused:
        raise Refused(report.refusal()) from None
    return counts.__dict__


def job_summary(outcome: dict) -> str:
    return _(
        "Import abgeschlossen. Akteure neu angelegt: %(created)d, aktualisiert: %(updated)d; "
        "Ansprechpersonen neu: %(contacts)d; fehlerhafte Zeilen übersprungen: %(skipped)d."
    ) % {
        "created": outcome.get("created", 0),
        "updated": outcome.get("updated", 0),
        "contacts": outcome.get("contacts_created", 0),
        "skipped": outcome.get("skipped_rows", 0),
    }


def _import_contact(organisation: Organisation, values: dict) -> bool:
    """Add the row's contact person or update the one of the same name; True if added."""
    contact = next(
        (c for c in organisation.contacts.all() if name_key(c.name) == name_key(values["contact_name"])),
        None,
    )
    created = contact is None
    if created:
        contact = Contact(organisation=organisation, name=values["contact_name"])
    for field, key in (
        ("function", "contact_function"),
        ("email", "contact_email"),
        ("phone", "contact_phone"),
    ):
        if values[key]:
            setattr(contact, field, values[key])
    if values["contact_public"] is not None:
        contact.is_public = values["contact_public"]
    contact.save()
    return created
