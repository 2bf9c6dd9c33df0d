from __future__ import annotations

import time

from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from uebergang.audit.models import AuditEvent
from uebergang.audit.record import record
from uebergang.network.actions import actors as network_actions
from uebergang.tenants.models import Tenant

from . import actions, mfa
from .forms import (
    LoginForm,
    MemberAddForm,
    MemberRoleForm,
    PasswordResetForm,
    SecondFactorForm,
    TotpConfirmForm,
)
from .models import Membership, TotpDevice, User, normalize_email
from .permissions import permission_required

PENDING_USER = "mfa_pending_user"
PENDING_AT = "mfa_pending_at"
PENDING_NEXT = "mfa_pending_next"
PENDING_SECONDS = 300


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse("accounts:start")


def _lockout_message(throttle) -> str:
    minutes = max(1, int((throttle.locked_until - timezone.now()).total_seconds() // 60) + 1)
    return ngettext(
        "Zu viele fehlgeschlagene Versuche. Die Anmeldung für dieses Konto ist von Ihrem Anschluss aus "
        "für %(minutes)d Minute gesperrt.",
        "Zu viele fehlgeschlagene Versuche. Die Anmeldung für dieses Konto ist von Ihrem Anschluss aus "
        "für %(minutes)d Minuten gesperrt.",
        minutes,
    ) % {"minutes": minutes}


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = normalize_email(form.cleaned_data["email"])
        throttle = actions.login_throttle(request, email)
        if throttle is not None and throttle.is_locked():
            record(AuditEvent.Action.LOGIN_LOCKED, request=request, actor_email=email)
            form.add_error(None, _lockout_message(throttle))
        else:
            user = authenticate(request, email=email, password=form.cleaned_data["password"])
            if user is None:
                throttle = actions.register_failed_login(request=request, email=email)
                form.add_error(
                    None,
                    _lockout_message(throttle)
                    if throttle.is_locked()
                    else _("E-Mail oder Passwort ist nicht richtig."),
                )
            elif user.has_mfa:
                request.session[PENDING_USER] = user.pk
                request.session[PENDING_AT] = int(time.time())
                request.session[PENDING_NEXT] = _safe_next(request, next_url)
                return redirect("accounts:login_mfa")
            else:
                actions.complete_login(request=request, user=user, method="none")
                return redirect(_safe_next(request, next_url))
    return render(request, "accounts/login.html", {"form": form, "next": next_url or ""})


def login_mfa_view(request: HttpRequest) -> HttpResponse:
    user_id = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    if user_id is None or time.time() - started > PENDING_SECONDS:
        messages.info(request, _("Bitte melden Sie sich erneut an."))
        return redirect("accounts:login")
    user = get_object_or_404(User, pk=user_id, is_active=True)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttle = actions.login_throttle(request, user.email)
        if throttle is not None and throttle.is_locked():
            form.add_error(None, _lockout_message(throttle))
        else:
            method = actions.verify_second_factor(request=request, user=user, code=form.cleaned_data["code"])
            if method is None:
                throttle = actions.register_failed_login(
                    request=request, email=user.email, action=AuditEvent.Action.MFA_FAILED
                )
                form.add_error(
                    "code",
                    _lockout_message(throttle) if throttle.is_locked() else _("Der Code ist nicht gültig."),
                )
            else:
                next_url = request.session.get(PENDING_NEXT)
                actions.complete_login(request=request, user=user, method=method)
                if method == "recovery_code":
                    remaining = user.recovery_codes.filter(used_at__isnull=True).count()
                    messages.warning(
                        request,
                        ngettext(
                            "Sie haben einen Wiederherstellungscode benutzt. Es bleibt %(n)d.",
                            "Sie haben einen Wiederherstellungscode benutzt. Es bleiben %(n)d.",
                            remaining,
                        )
                        % {"n": remaining},
                    )
                return redirect(_safe_next(request, next_url))
    return render(request, "accounts/login_mfa.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    actions.log_out(request=request)
    messages.success(request, _("Sie sind abgemeldet."))
    return redirect("tenants:landing")


@login_required
def mfa_setup_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = TotpDevice.objects.filter(user=user).first()
    if device is not None and device.confirmed_at is not None:
        return redirect("accounts:security")
    if device is None:
        device = TotpDevice.objects.create(user=user, secret=mfa.new_secret())
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = actions.confirm_totp_device(request=request, user=user, code=form.cleaned_data["code"])
        if codes is not None:
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": True})
        form.add_error(
            "code",
            _("Der Code passt nicht. Prüfen Sie die Uhrzeit Ihres Geräts und versuchen Sie es erneut."),
        )
    uri = mfa.provisioning_uri(user.email, device.secret)
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_svg": mfa.qr_svg(uri, _("QR-Code für die Authenticator-App")),
            "secret": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4)),
        },
    )


@login_required
def security_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and user.has_mfa and form.is_valid():
        if actions.verify_second_factor(request=request, user=user, code=form.cleaned_data["code"]) != "totp":
            form.add_error("code", _("Der Code ist nicht gültig."))
        elif request.POST.get("action") == "renew":
            codes = actions.renew_recovery_codes(request=request, user=user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": False})
        elif request.POST.get("action") == "remove":
            if user.mfa_required():
                raise PermissionDenied
            actions.remove_totp_device(request=request, user=user)
            messages.success(request, _("Die Anmeldung mit zweitem Faktor ist ausgeschaltet."))
            return redirect("accounts:security")
    return render(
        request,
        "accounts/security.html",
        {
            "form": form,
            "has_mfa": user.has_mfa,
            "mfa_required": user.mfa_required(),
            "unused_codes": user.recovery_codes.filter(used_at__isnull=True).count(),
        },
    )


@login_required
def start_view(request: HttpRequest) -> HttpResponse:
    """Where a login lands: the last used tenant, the only one, or a choice."""
    memberships = list(request.user.memberships.select_related("tenant").order_by("tenant__name"))
    last = request.session.get("last_tenant")
    for membership in memberships:
        if membership.tenant and membership.tenant.slug == last:
            return _workspace_start(membership)
    if len(memberships) == 1:
        only = memberships[0]
        return redirect("tenants:association") if only.tenant is None else _workspace_start(only)
    return render(request, "accounts/start.html", {"memberships": memberships})


@require_POST
@login_required
def switch_view(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("tenant", "")
    if target == "verbund":
        if not request.user.memberships.filter(tenant__isnull=True).exists():
            raise PermissionDenied
        return redirect("tenants:association")
    membership = (
        request.user.memberships.filter(tenant__slug=target, tenant__is_active=True)
        .select_related("tenant")
        .first()
    )
    if membership is None:
        raise PermissionDenied
    request.session["last_tenant"] = membership.tenant.slug
    return _workspace_start(membership)


def _workspace_start(membership: Membership) -> HttpResponse:
    """A tenant's start page for this role: the case queue for case workers, else the overview."""
    if membership.role == Membership.Role.CASE_WORKER:
        return redirect("cases:queue", tenant=membership.tenant)
    return redirect("tenants:workspace", tenant=membership.tenant)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    form_class = PasswordResetForm

    def form_valid(self, form):
        if not actions.admit_password_reset(request=self.request, email=form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Für diese Adresse oder von Ihrem Anschluss aus wurden in der letzten Stunde zu viele "
                    "Links angefordert. Bitte versuchen Sie es in einer Stunde erneut."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        record(
            AuditEvent.Action.PASSWORD_CHANGED, request=self.request, actor=form.user, data={"via": "reset"}
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    @transaction.atomic
    def form_valid(self, form):
        response = super().form_valid(form)
        record(AuditEvent.Action.PASSWORD_CHANGED, request=self.request, data={"via": "change"})
        messages.success(self.request, _("Ihr Passwort ist geändert."))
        return response


@permission_required("members.view")
def team_view(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    memberships = (
        Membership.objects.for_tenant(tenant)
        .select_related("user", "organisation")
        .order_by("role", "user__email")
    )
    return render(request, "accounts/team.html", {"memberships": memberships})


@permission_required("members.manage")
def member_add_view(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = MemberAddForm(request.POST or None, tenant=tenant)
    if request.method == "POST" and form.is_valid():
        email = normalize_email(form.cleaned_data["email"])
        user = User.objects.filter(email=email).first()
        if user is not None and Membership.objects.filter(user=user, tenant=tenant).exists():
            form.add_error("email", _("Diese Person gehört schon zum Team."))
        else:
            with transaction.atomic():
                if user is None:
                    user = User.objects.create_user(email, None, full_name=form.cleaned_data["full_name"])
                    # The new person chooses a password through a one-time link, sent once this is saved.
                    transaction.on_commit(lambda: _send_invitation(request, user))
                membership = actions.grant_role(
                    request=request,
                    actor=request.user,
                    tenant=tenant,
                    user=user,
                    role=form.cleaned_data["role"],
                )
                network_actions.set_membership_organisation(
                    request=request,
                    tenant=tenant,
                    membership=membership,
                    organisation=form.cleaned_data["organisation"],
                )
            messages.success(request, _("%(email)s gehört jetzt zum Team.") % {"email": email})
            return redirect("accounts:team", tenant=tenant)
    return render(request, "accounts/member_add.html", {"form": form})


def _send_invitation(request: HttpRequest, user: User) -> None:
    context = {
        "user": user,
        "tenant": request.tenant,
        "url": request.build_absolute_uri(
            reverse(
                "accounts:password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
        ),
    }
    send_mail(
        render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        render_to_string("accounts/email/invitation.txt", context),
        None,
        [user.email],
    )


@permission_required("members.manage")
def member_edit_view(request: HttpRequest, tenant: Tenant, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.for_tenant(tenant).select_related("user"), pk=membership_id
    )
    form = MemberRoleForm(
        request.POST or None,
        tenant=tenant,
        initial={"role": membership.role, "organisation": membership.organisation_id},
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                actions.revoke_role(request=request, actor=request.user, membership=membership)
                messages.success(
                    request, _("%(email)s gehört nicht mehr zum Team.") % {"email": membership.user.email}
                )
                return redirect("accounts:team", tenant=tenant)
            if form.is_valid():
                with transaction.atomic():
                    actions.change_role(
                        request=request,
                        actor=request.user,
                        membership=membership,
                        role=form.cleaned_data["role"],
                    )
                    network_actions.set_membership_organisation(
                        request=request,
                        tenant=tenant,
                        membership=membership,
                        organisation=form.cleaned_data["organisation"],
                    )
                messages.success(request, _("Die Rolle ist geändert."))
                return redirect("accounts:team", tenant=tenant)
        except actions.LastCoordinatorError:
            form.add_error(None, _("Jede Kommune braucht mindestens eine Person mit der Rolle Koordination."))
    return render(request, "accounts/member_edit.html", {"form": form, "membership": membership})
