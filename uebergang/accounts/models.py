from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uebergang.tenants.models import Tenant


def normalize_email(address: str) -> str:
    """The one form of an e-mail address for storage, sign-in lookup and the failed-login counter.

    NFKC and `casefold()`, in Python, and exact comparison in the database: a database that folds case
    itself (PostgreSQL's UPPER maps the long ſ to S and the dotless ı to I) would let a look-alike
    address reach an account while the counter of failed attempts counts it as another address."""
    return unicodedata.normalize("NFKC", address.strip()).casefold()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email=normalize_email(email))


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with e-mail and password (and a second factor)."""

    email = models.EmailField(_("E-Mail"), unique=True)
    full_name = models.CharField(_("Name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("Zugang zur Verwaltung"), default=False)
    is_demo = models.BooleanField(
        _("Demo-Konto"),
        default=False,
        help_text=_("Demo-Konten müssen MFA nur mit DEMO_ENFORCE_MFA=1 nutzen."),
    )
    date_joined = models.DateTimeField(_("angelegt am"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @property
    def has_mfa(self) -> bool:
        """A confirmed authenticator exists (annotated by the sign-in backend for the request's user)."""
        known = self.__dict__.get("mfa_confirmed")
        if known is not None:
            return known
        return TotpDevice.objects.filter(user=self, confirmed_at__isnull=False).exists()

    def forget_mfa(self) -> None:
        """After adding or removing an authenticator: ask the database again."""
        self.__dict__.pop("mfa_confirmed", None)

    def mfa_required(self) -> bool:
        """MFA is mandatory for superusers and for every role that sees personal data."""
        if self.is_demo and not settings.DEMO_ENFORCE_MFA:
            return False
        if self.is_superuser:
            return True
        return self.memberships.filter(role__in=Membership.ROLES_REQUIRING_MFA).exists()


class MembershipQuerySet(models.QuerySet):
    def for_tenant(self, tenant: Tenant) -> MembershipQuerySet:
        return self.filter(tenant=tenant)


class Membership(models.Model):
    """A user's role in one tenant; association members have no tenant."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Koordination")
        PARTNER = "partner", _("Partner")
        CASE_WORKER = "case_worker", _("Fallbegleitung")
        STEERING = "steering", _("Steuerungsgruppe")
        ASSOCIATION = "association", _("Verbund")

    ROLES_REQUIRING_MFA = (Role.COORDINATOR, Role.CASE_WORKER)
    TENANT_ROLES = (Role.COORDINATOR, Role.PARTNER, Role.CASE_WORKER, Role.STEERING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Person"),
    )
    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        verbose_name=_("Kommune"),
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices)
    # A partner acts for one organisation of the tenant and keeps what belongs to it.
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("Organisation"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["tenant__name", "user__email"]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tenant"],
                condition=models.Q(tenant__isnull=False),
                name="membership_one_role_per_user_and_tenant",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(tenant__isnull=True),
                name="membership_one_association_role_per_user",
            ),
            models.CheckConstraint(
                condition=(models.Q(role="association") & models.Q(tenant__isnull=True))
                | (~models.Q(role="association") & models.Q(tenant__isnull=False)),
                name="membership_tenant_iff_not_association",
            ),
        ]

    def __str__(self) -> str:
        where = self.tenant.name if self.tenant_id else _("Verbund")
        return f"{self.user} – {self.get_role_display()} ({where})"


class TotpDevice(models.Model):
    """A time-based one-time-password authenticator app registered to a user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step: a code is never accepted twice (RFC 6238, section 5.2).
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Authenticator-App")
        verbose_name_plural = _("Authenticator-Apps")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class RecoveryCode(models.Model):
    """A single-use code that replaces the authenticator app once; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=128)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Wiederherstellungscode")
        verbose_name_plural = _("Wiederherstellungscodes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique_per_user")
        ]

    def __str__(self) -> str:
        return f"Recovery code {self.pk} of {self.user}"


class LoginThrottle(models.Model):
    """Failed sign-in attempts of one e-mail address from one client address."""

    email = models.CharField(max_length=254)
    ip_address = models.GenericIPAddressField()
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "ip_address"], name="login_throttle_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.email} @ {self.ip_address}"

    def is_locked(self, now=None) -> bool:
        now = now or timezone.now()
        return self.locked_until is not None and self.locked_until > now

    def register_failure(self, now=None) -> None:
        now = now or timezone.now()
        if now - self.window_started_at > timedelta(seconds=settings.LOGIN_FAILURE_WINDOW):
            self.failures = 0
            self.window_started_at = now
        self.failures += 1
        if self.failures >= settings.LOGIN_FAILURE_LIMIT:
            self.locked_until = now + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
            self.failures = 0
            self.window_started_at = now
        self.save(update_fields=["failures", "window_started_at", "locked_until"])


class PasswordResetRequest(models.Model):
    """One accepted request for a password-reset mail: counted per address and per client address, so
    nobody can flood an inbox or probe many addresses (`actions.admit_password_reset`)."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(db_index=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} @ {self.ip_address}"
