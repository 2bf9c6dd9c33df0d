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


class ActingForOrganisationMixin:
    """The organisation of this tenant a team member acts for: a partner keeps its profile and contacts."""

    def add_organisation_field(self, tenant) -> None:
        from uebergang.network.models import Organisation

        # Only the tenant's organisations are choices; any other id is refused as an invalid choice.
        self.fields["organisation"] = forms.ModelChoiceField(
            label=_("handelt für die Organisation"),
            queryset=Organisation.objects.for_tenant(tenant),
            required=False,
            empty_label=_("keine"),
            help_text=_(
                "Für Partner: die Organisation, deren Angaben und Ansprechpersonen die Person pflegt."
            ),
        )


class MemberAddForm(ActingForOrganisationMixin, forms.Form):
    email = forms.EmailField(label=_("E-Mail"))
    full_name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Rolle"), choices=[(r.value, r.label) for r in Membership.TENANT_ROLES])

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_organisation_field(tenant)


class MemberRoleForm(ActingForOrganisationMixin, forms.Form):
    role = forms.ChoiceField(label=_("Rolle"), choices=[(r.value, r.label) for r in Membership.TENANT_ROLES])

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_organisation_field(tenant)


class PasswordResetForm(DjangoPasswordResetForm):
    """Also reaches invited people who have not chosen a password yet (their invitation may have expired)."""

    def get_users(self, email):
        from .models import User, normalize_email

        return User.objects.filter(email=normalize_email(email), is_active=True)
