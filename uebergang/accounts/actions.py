"""Writes of the accounts app that span models or must be audited."""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.lib.client_ip import client_ip
from uebergang.tenants.models import Tenant

from . import mfa
from .models import (
    LoginThrottle,
    Membership,
    PasswordResetRequest,
    RecoveryCode,
    TotpDevice,
    User,
    normalize_email,
)

Action = AuditEvent.Action

# Password-reset mails within RESET_WINDOW: at most this many to one address and from one client.
RESET_WINDOW = timedelta(hours=1)
RESET_LIMIT_PER_ADDRESS = 3
RESET_LIMIT_PER_CLIENT = 10


class LastCoordinatorError(Exception):
    """A tenant must keep at least one coordinator."""


def login_throttle(request: HttpRequest, email: str) -> LoginThrottle | None:
    return LoginThrottle.objects.filter(
        email=normalize_email(email), ip_address=client_ip(request) or "0.0.0.0"
    ).first()


@transaction.atomic
def register_failed_login(
    *, request: HttpRequest, email: str, action: str = Action.LOGIN_FAILED
) -> LoginThrottle:
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(
        email=normalize_email(email),
        ip_address=client_ip(request) or "0.0.0.0",
    )
    throttle.register_failure()
    record(
        action,
        request=request,
        actor_email=normalize_email(email)[:254],
        data={"locked": throttle.is_locked()},
    )
    return throttle


@transaction.atomic
def admit_password_reset(*, request: HttpRequest, email: str) -> bool:
    """Whether a reset mail may go out for `email` now; counts and audits it if so.

    The limits are the same whether or not an account belongs to the address, so the answer tells
    nobody which addresses have one."""
    now = timezone.now()
    start = now - RESET_WINDOW
    PasswordResetRequest.objects.filter(requested_at__lt=start).delete()
    email = normalize_email(email)
    ip_address = client_ip(request) or "0.0.0.0"
    recent = PasswordResetRequest.objects.filter(requested_at__gte=start)
    if (
        recent.filter(email=email).count() >= RESET_LIMIT_PER_ADDRESS
        or recent.filter(ip_address=ip_address).count() >= RESET_LIMIT_PER_CLIENT
    ):
        return False
    PasswordResetRequest.objects.create(email=email, ip_address=ip_address, requested_at=now)
    record(Action.PASSWORD_RESET_REQUESTED, request=request, actor_email=email[:254])
    return True


@transaction.atomic
def complete_login(*, request: HttpRequest, user: User, method: str) -> None:
    """Log the user in after every required factor, start the session clocks, audit it."""
    login(request, user, backend="uebergang.accounts.backends.Backend")
    now = int(time.time())
    request.session["auth_at"] = now
    request.session["last_seen"] = now
    LoginThrottle.objects.filter(email=user.email, ip_address=client_ip(request) or "0.0.0.0").delete()
    record(Action.LOGIN, request=request, actor=user, data={"second_factor": method})


@transaction.atomic
def log_out(*, request: HttpRequest, action: str = Action.LOGOUT) -> None:
    if request.user.is_authenticated:
        record(action, request=request)
    logout(request)


@transaction.atomic
def verify_second_factor(*, request: HttpRequest, user: User, code: str) -> str | None:
    """Check a TOTP code or a recovery code; returns the method used, or None."""
    device = TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if device is not None:
        step = mfa.matching_step(device.secret, code, device.last_used_step)
        if step is not None:
            device.last_used_step = step
            device.save(update_fields=["last_used_step"])
            return "totp"
    used = RecoveryCode.objects.filter(
        user=user, code_hash=mfa.recovery_code_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used:
        record(Action.RECOVERY_CODE_USED, request=request, actor=user)
        return "recovery_code"
    return None


@transaction.atomic
def confirm_totp_device(*, request: HttpRequest, user: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator; returns fresh recovery codes, or None for a wrong code."""
    device = TotpDevice.objects.select_for_update().get(user=user)
    step = mfa.matching_step(device.secret, code, device.last_used_step)
    if step is None:
        return None
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    user.forget_mfa()
    codes = _replace_recovery_codes(user)
    record(Action.MFA_ENABLED, request=request, actor=user)
    return codes


@transaction.atomic
def renew_recovery_codes(*, request: HttpRequest, user: User) -> list[str]:
    codes = _replace_recovery_codes(user)
    record(Action.RECOVERY_CODES_RENEWED, request=request, actor=user)
    return codes


@transaction.atomic
def remove_totp_device(*, request: HttpRequest, user: User) -> None:
    TotpDevice.objects.filter(user=user).delete()
    user.forget_mfa()
    RecoveryCode.objects.filter(user=user).delete()
    record(Action.MFA_DISABLED, request=request, actor=user)


def _replace_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = mfa.new_recovery_codes()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=mfa.recovery_code_hash(c)) for c in codes
    )
    return codes


@transaction.atomic
def grant_role(
    *, request: HttpRequest | None, actor: User | None, tenant: Tenant, user: User, role: str
) -> Membership:
    membership = Membership.objects.create(user=user, tenant=tenant, role=role)
    record(
        Action.ROLE_GRANTED, request=request, actor=actor, tenant=tenant, obj=membership, data={"role": role}
    )
    return membership


@transaction.atomic
def change_role(
    *, request: HttpRequest | None, actor: User | None, membership: Membership, role: str
) -> Membership:
    old_role = membership.role
    if old_role == role:
        return membership
    if old_role == Membership.Role.COORDINATOR:
        _ensure_other_coordinator(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        Action.ROLE_CHANGED,
        request=request,
        actor=actor,
        tenant=membership.tenant,
        obj=membership,
        data={"from": old_role, "to": role},
    )
    return membership


@transaction.atomic
def revoke_role(*, request: HttpRequest | None, actor: User | None, membership: Membership) -> None:
    if membership.role == Membership.Role.COORDINATOR:
        _ensure_other_coordinator(membership)
    record(
        Action.ROLE_REVOKED,
        request=request,
        actor=actor,
        tenant=membership.tenant,
        obj=membership,
        data={"role": membership.role, "user": membership.user.email},
    )
    membership.delete()


def _ensure_other_coordinator(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(tenant=membership.tenant, role=Membership.Role.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise LastCoordinatorError
