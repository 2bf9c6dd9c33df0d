"""The page where a person keeps their personal API tokens: list, create (secret shown once), revoke."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from . import actions
from .models import ApiToken

VALIDITY_CHOICES = [
    ("30", gettext_lazy("30 Tage")),
    ("90", gettext_lazy("90 Tage")),
    ("365", gettext_lazy("1 Jahr")),
    ("", gettext_lazy("unbegrenzt (bis zum Widerruf)")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Bezeichnung"),
        max_length=100,
        help_text=gettext_lazy("Wofür Sie das Token benutzen, z. B. „Auswertung Jahresbericht“."),
        error_messages={"required": gettext_lazy("Bitte geben Sie eine Bezeichnung an.")},
    )
    validity = forms.ChoiceField(
        label=gettext_lazy("Gültigkeit"),
        choices=VALIDITY_CHOICES,
        initial="90",
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Bitte wählen Sie eine der angebotenen Laufzeiten.")},
    )

    def expires_at(self):
        days = self.cleaned_data.get("validity")
        return timezone.now() + timedelta(days=int(days)) if days else None


def _page(
    request: HttpRequest, form: ApiTokenForm, *, new_secret: str = "", status: int = 200
) -> HttpResponse:
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
        status=status,
    )


@never_cache  # the answer to a creation holds the secret: no cache may keep it
@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    token, secret = actions.create_api_token(
        request=request, user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
    )
    messages.success(request, _("Das API-Token „%(name)s“ ist angelegt.") % {"name": token.name})
    # Rendered, not redirected: the secret must not travel through the session's message store.
    return _page(request, ApiTokenForm(), new_secret=secret)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(
        ApiToken.objects.filter(user=request.user, revoked_at__isnull=True), pk=token_id
    )
    actions.revoke_api_token(request=request, token=token)
    messages.success(
        request,
        _("Das API-Token „%(name)s“ ist widerrufen; es funktioniert nicht mehr.") % {"name": token.name},
    )
    return redirect("api:tokens")
