"""People and municipalities of the test cast, and small helpers every test may use."""

from __future__ import annotations

import re

import pyotp

from uebergang.accounts.models import Membership, TotpDevice, User
from uebergang.tenants.models import Region, Tenant

PASSWORD = "richtig-gutes-passwort-42"  # noqa: S105
Role = Membership.Role


def mentions(text: str, token: str) -> bool:
    """Whether `token` stands in `text` on its own, not inside a longer number, UUID or timestamp.

    A bare `in` would let a random UUID or microsecond timestamp that happens to contain "12347" fail a
    privacy assertion by chance."""
    return re.search(rf"(?<![\w.]){re.escape(token)}(?![\w])", text) is not None


def create_tenant(slug: str, name: str | None = None, **fields) -> Tenant:
    fields.setdefault("kind", Tenant.Kind.DISTRICT)
    fields.setdefault("summary", f"Kurzporträt von {name or slug}")
    return Tenant.objects.create(slug=slug, name=name or slug.title(), **fields)


def create_region(tenant: Tenant, name: str) -> Region:
    return Region.objects.create(tenant=tenant, name=name)


def create_user(email: str, password: str = PASSWORD, **fields) -> User:
    return User.objects.create_user(email, password, **fields)


def create_membership(user: User, tenant: Tenant | None, role: str) -> Membership:
    return Membership.objects.create(user=user, tenant=tenant, role=role)


def enrol_totp(user: User) -> pyotp.TOTP:
    """A confirmed authenticator for `user`; returns a TOTP to compute its codes."""
    from django.utils import timezone

    secret = pyotp.random_base32()
    TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": timezone.now()}
    )
    return pyotp.TOTP(secret)


def blank_pdf() -> bytes:
    """A valid one-page PDF without text (a stand-in for a published report)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
