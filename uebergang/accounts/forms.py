from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from .models import Membership


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail"), widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Passwort"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code aus der Authenticator-App oder Wiederherstellungscode"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "inputmode": "text",
                "spellcheck": "false",
            }
        ),
    )


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Sechsstelliger Code aus der App"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail"))
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=[(r.value, r.label) for r in Membership.TENANT_ROLES])


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=[(r.value, r.label) for r in Membership.TENANT_ROLES])


class PasswordResetForm(DjangoPasswordResetForm):
    """Also reaches invited people who have not chosen a password yet (their invitation may have expired)."""

    def get_users(self, email):
        from .models import User

        return User.objects.filter(email__iexact=email, is_active=True)
