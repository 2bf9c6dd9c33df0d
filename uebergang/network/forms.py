"""Forms of the network app: the actor registry (filters, organisation, contact, import upload)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from uebergang.lib import laender
from uebergang.tenants.models import Region, Tenant

from .models import Contact, LegalSphere, Organisation

POSTCODE_VALIDATOR = RegexValidator(r"^\d{5}$", _("Die PLZ besteht aus fünf Ziffern."))


class OrganisationFilterForm(forms.Form):
    """Search and filters of the staff's actor list."""

    ACTIVE_CHOICES = [("", _("alle")), ("ja", _("aktiv")), ("nein", _("inaktiv"))]

    q = forms.CharField(label=_("Suche"), required=False, help_text=_("Name, Kurzname, Kennung oder Ort"))
    kind = forms.ChoiceField(label=_("Art"), required=False)
    legal_sphere = forms.ChoiceField(label=_("Rechtskreis"), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    active = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("alle")), *Organisation.Kind.choices]
        self.fields["legal_sphere"].choices = [("", _("alle")), *LegalSphere.choices]
        self.fields["region"].queryset = Region.objects.for_tenant(tenant)
        self.fields["region"].empty_label = _("alle")

    def filter(self, organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
        data = self.cleaned_data
        if data.get("q"):
            term = data["q"].strip()
            organisations = organisations.filter(
                Q(name__icontains=term)
                | Q(short_name__icontains=term)
                | Q(identifier__icontains=term)
                | Q(city__icontains=term)
            )
        if data.get("kind"):
            organisations = organisations.filter(kind=data["kind"])
        if data.get("legal_sphere"):
            # One row per organisation and code (unique constraint), so no duplicates.
            organisations = organisations.filter(legal_spheres__code=data["legal_sphere"])
        if data.get("region"):
            organisations = organisations.filter(region=data["region"])
        if data.get("active"):
            organisations = organisations.filter(is_active=data["active"] == "ja")
        return organisations


class PublicOrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Suche"), required=False, help_text=_("Name oder Ort"))
    kind = forms.ChoiceField(label=_("Art"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("alle")), *Organisation.Kind.choices]

    def filter(self, organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
        data = self.cleaned_data
        if data.get("q"):
            term = data["q"].strip()
            organisations = organisations.filter(
                Q(name__icontains=term) | Q(short_name__icontains=term) | Q(city__icontains=term)
            )
        if data.get("kind"):
            organisations = organisations.filter(kind=data["kind"])
        return organisations


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    postcode = forms.CharField(label=_("PLZ"), required=False, max_length=5, validators=[POSTCODE_VALIDATOR])
    legal_spheres = forms.MultipleChoiceField(
        label=_("Rechtskreise"),
        required=False,
        choices=LegalSphere.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "school_type",
            "legal_spheres",
            "funding_sources",
            "region",
            "street",
            "postcode",
            "city",
            "website",
            "email",
            "phone",
            "identifier",
            "parent",
            "is_active",
        ]

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.fields["region"].queryset = Region.objects.for_tenant(tenant)
        parents = Organisation.objects.for_tenant(tenant)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["legal_spheres"].initial = self.instance.legal_sphere_codes
        self.fields["parent"].queryset = parents
        self.fields["school_type"].help_text = _("Nur bei der Art „Schule“.")
        self.fields["school_type"].choices = [
            ("", "---------"),
            *laender.school_type_choices(tenant.land, kept=[self.instance.school_type]),
        ]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.for_tenant(self.tenant).filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Einen Akteur mit diesem Namen gibt es schon."))
        return name

    def clean(self):
        data = super().clean()
        if data.get("school_type") and data.get("kind") != Organisation.Kind.SCHOOL:
            self.add_error("school_type", _("Eine Schulart gibt es nur bei der Art „Schule“."))
        parent = data.get("parent")
        if parent is not None and self.instance.pk and self._is_descendant(parent):
            self.add_error(
                "parent", _("Eine untergeordnete Organisation kann nicht zugleich übergeordnet sein.")
            )
        return data

    def _is_descendant(self, candidate: Organisation) -> bool:
        """Would `candidate` as parent close a circle (it sits below this organisation)?"""
        parent_of = dict(Organisation.objects.for_tenant(self.tenant).values_list("pk", "parent_id"))
        seen = set()
        current = candidate.pk
        while current is not None and current not in seen:
            if current == self.instance.pk:
                return True
            seen.add(current)
            current = parent_of.get(current)
        return False


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "function", "email", "phone", "is_public"]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV, XLSX oder ODS)"),
        help_text=_(
            "Semikolon- oder kommagetrennt, UTF-8 oder Windows-1252; oder eine Excel- oder LibreOffice-Tabelle."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv"}),
    )

    def __init__(self, *args, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = min(max_bytes, settings.UPLOAD_MAX_BYTES)  # no upload beyond the site's limit

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                _("Die Datei ist zu groß: höchstens %(mb)d MB sind möglich.")
                % {"mb": self.max_bytes // (1024 * 1024)}
            )
        return upload
