"""Forms of the offering catalogue's staff workspace: list filters, the offering with its locations,
review decisions, categories and the catalogue settings."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from uebergang.accounts.models import Membership
from uebergang.lib import laender
from uebergang.lib.forms import Textarea
from uebergang.network.forms import POSTCODE_VALIDATOR
from uebergang.network.models import Organisation
from uebergang.network.queries import own_organisation_ids
from uebergang.tenants.models import Region, Tenant

from . import geo
from .models import (
    CatalogueSettings,
    Category,
    Offering,
    OfferingLocation,
    OfferingVersion,
    Phase,
    TargetGroup,
)
from .versions import LOCATION_FIELDS

# The offering form and the detail page group the fields the same way (legend, field names).
FIELDSETS = [
    (
        _("Beschreibung"),
        ["title", "short_description", "description", "plain_language", "provider", "service_status"],
    ),
    (_("Einordnung"), ["phases", "categories"]),
    (
        _("Zielgruppen"),
        [
            "target_groups",
            "min_age",
            "max_age",
            "school_types",
            "min_grade",
            "max_grade",
            "qualifications",
            "schools_served",
        ],
    ),
    (
        _("Rechtsgrundlage und Förderung"),
        [
            "legal_sphere",
            "legal_basis",
            "funding_source",
            "funder_name",
            "statutory",
            "programme",
            "funding_start",
            "funding_end",
            "funding_amount",
        ],
    ),
    (_("Plätze"), ["places_total", "places_free", "places_updated_at"]),
    (
        _("Ablauf und Kosten"),
        [
            "schedule",
            "is_free",
            "cost_amount",
            "cost_description",
            "languages",
            "accessibility",
            "how_to_apply",
        ],
    ),
    (_("Kontakt"), ["url", "contact_name", "contact_email", "contact_phone"]),
]
OFFERING_FORM_FIELDS = [name for _legend, names in FIELDSETS for name in names]

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OfferingFilterForm(forms.Form):
    """Search and filters of the staff's offering list (also applied to its exports)."""

    q = forms.CharField(label=_("Suche"), required=False, help_text=_("Titel oder Anbieter"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    provider = forms.ModelChoiceField(
        label=_("Anbieter"), queryset=Organisation.objects.none(), required=False
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    category = forms.ModelChoiceField(label=_("Kategorie"), queryset=Category.objects.none(), required=False)
    target_group = forms.ChoiceField(label=_("Zielgruppe"), required=False)
    region = forms.ModelChoiceField(
        label=_("Ort in der Region"), queryset=Region.objects.none(), required=False
    )
    school = forms.ModelChoiceField(
        label=_("erreicht die Schule"), queryset=Organisation.objects.none(), required=False
    )
    laufend = forms.BooleanField(label=_("nur laufende"), required=False)
    classified = forms.BooleanField(
        label=_("nur mit Phase und Zielgruppe"), required=False, widget=forms.HiddenInput
    )
    stale = forms.BooleanField(label=_("nur veraltete"), required=False)
    pending = forms.BooleanField(label=_("nur mit Änderung in Prüfung"), required=False)

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("alle")), *Offering.Status.choices]
        self.fields["phase"].choices = [("", _("alle")), *Phase.choices]
        self.fields["provider"].queryset = Organisation.objects.for_tenant(tenant).order_by("name")
        self.fields["provider"].empty_label = _("alle")
        self.fields["category"].queryset = Category.objects.for_tenant(tenant)
        self.fields["category"].empty_label = _("alle")
        self.fields["target_group"].choices = [("", _("alle")), *TargetGroup.choices]
        self.fields["region"].queryset = Region.objects.for_tenant(tenant)
        self.fields["region"].empty_label = _("alle")
        self.fields["school"].queryset = (
            Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL).order_by("name")
        )
        self.fields["school"].empty_label = _("alle")

    def filter(self, offerings: QuerySet[Offering], stale_condition: Q) -> QuerySet[Offering]:
        data = self.cleaned_data
        if data.get("q"):
            term = data["q"].strip()
            offerings = offerings.filter(Q(title__icontains=term) | Q(provider__name__icontains=term))
        if data.get("status"):
            offerings = offerings.filter(status=data["status"])
        if data.get("provider"):
            offerings = offerings.filter(provider=data["provider"])
        if data.get("phase"):
            offerings = offerings.filter(phases__overlaps=[data["phase"]])
        if data.get("category"):
            offerings = offerings.filter(categories=data["category"])
        if data.get("target_group"):
            offerings = offerings.filter(target_groups__overlaps=[data["target_group"]])
        if data.get("region"):
            offerings = offerings.filter(
                Exists(OfferingLocation.objects.filter(offering=OuterRef("pk"), region=data["region"]))
            )
        if data.get("school"):
            offerings = offerings.filter(
                Exists(
                    Offering.schools_served.through.objects.filter(
                        offering_id=OuterRef("pk"), organisation_id=data["school"].pk
                    )
                )
            )
        if data.get("laufend"):
            offerings = offerings.filter(service_status=Offering.ServiceStatus.ACTIVE)
        if data.get("classified"):
            offerings = offerings.exclude(phases=frozenset()).exclude(target_groups=frozenset())
        if data.get("stale"):
            offerings = offerings.filter(stale_condition)
        if data.get("pending"):
            offerings = offerings.filter(
                Exists(OfferingVersion.objects.pending().filter(offering=OuterRef("pk")))
            )
        return offerings


class OfferingForm(forms.ModelForm):
    """Everything about an offering except its locations (a formset) and its workflow status.

    Choices are limited to the tenant: providers are its organisations (a partner's is fixed to its
    own), schools its schools, categories the shared defaults and its own.
    """

    url = forms.URLField(label=_("Weblink"), required=False, assume_scheme="https")

    class Meta:
        model = Offering
        fields = OFFERING_FORM_FIELDS
        widgets = {
            "categories": forms.CheckboxSelectMultiple,
            "schools_served": forms.CheckboxSelectMultiple,
            "funding_start": DATE_INPUT,
            "funding_end": DATE_INPUT,
            "places_updated_at": DATE_INPUT,
            "short_description": Textarea(attrs={"rows": 2}),
            "description": Textarea(attrs={"rows": 6}),
            "plain_language": Textarea(attrs={"rows": 4}),
            "schedule": Textarea(attrs={"rows": 2}),
            "accessibility": Textarea(attrs={"rows": 2}),
            "how_to_apply": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, tenant: Tenant, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        providers = Organisation.objects.for_tenant(tenant).order_by("name")
        if membership.role != Membership.Role.COORDINATOR:
            own = own_organisation_ids(membership)
            providers = providers.filter(pk__in=own)
            self.fields["provider"].disabled = True
            self.fields["provider"].help_text = _("Sie pflegen die Angebote Ihrer eigenen Organisation.")
            if not self.instance.pk and own:
                self.initial["provider"] = own[0]
        self.fields["provider"].queryset = providers
        self.fields["school_types"].choices = laender.school_type_choices(
            tenant.land, kept=sorted(self.instance.school_types or ()), primary=True
        )
        self.fields["schools_served"].queryset = Organisation.objects.for_tenant(tenant).filter(
            kind=Organisation.Kind.SCHOOL
        )
        self.fields["schools_served"].help_text = _("Schulen, an denen oder für die das Angebot stattfindet.")
        self.fields["categories"].queryset = Category.objects.for_tenant(tenant)

    @property
    def fieldsets(self):
        """(legend, bound fields) in the order of FIELDSETS, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def clean(self):
        data = super().clean()
        for low, high, message in (
            ("min_age", "max_age", _("Das Höchstalter darf nicht unter dem Mindestalter liegen.")),
            ("min_grade", "max_grade", _("„bis Klasse“ darf nicht vor „ab Klasse“ liegen.")),
            ("funding_start", "funding_end", _("Das Förderende darf nicht vor dem Förderbeginn liegen.")),
            ("places_free", "places_total", _("Es kann nicht mehr freie Plätze als Plätze insgesamt geben.")),
        ):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, message)
        if data.get("is_free") and data.get("cost_amount"):
            self.add_error("cost_amount", _("Ein kostenfreies Angebot hat keine Kosten."))
        return data


class LocationForm(forms.ModelForm):
    """One place of an offering. Coordinates come from the postcode unless given by hand."""

    postcode = forms.CharField(label=_("PLZ"), required=False, max_length=5, validators=[POSTCODE_VALIDATOR])
    latitude = forms.FloatField(
        label=_("Breitengrad"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Leer lassen: wird aus der PLZ bestimmt."),
    )
    longitude = forms.FloatField(label=_("Längengrad"), required=False, min_value=-180, max_value=180)
    # The HSDS id of a stored location, so an edit updates it instead of replacing it.
    location_id = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)

    class Meta:
        model = OfferingLocation
        fields = LOCATION_FIELDS

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.for_tenant(tenant)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(
                _("Bitte geben Sie Breiten- und Längengrad zusammen an – oder keines von beiden.")
            )
        postcode = data.get("postcode")
        # A new postcode moves the place, unless the coordinates were changed by hand as well.
        moved = "postcode" in self.changed_data and not {"latitude", "longitude"} & set(self.changed_data)
        if postcode and (latitude is None or moved):
            place = geo.place_for(postcode)
            if place is None:
                self.add_error(
                    "postcode",
                    _(
                        "Die Postleitzahl „%(postcode)s“ kennen wir nicht. Prüfen Sie sie oder tragen Sie "
                        "Breiten- und Längengrad selbst ein."
                    )
                    % {"postcode": postcode},
                )
            else:
                data["latitude"], data["longitude"] = place.latitude, place.longitude
        return data

    def as_row(self) -> dict:
        """The location as a snapshot row (`versions.snapshot` shape: the region as its id)."""
        row = {name: self.cleaned_data.get(name) for name in LOCATION_FIELDS}
        row["region"] = row["region"].pk if row["region"] else None
        row["id"] = self.cleaned_data.get("location_id", "")
        return row


class BaseLocationFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Diesen Ort entfernen")

    def rows(self) -> list[dict]:
        """The kept locations of a valid formset as snapshot rows (removed and blank new rows left out)."""
        kept = []
        for index, form in enumerate(self.forms):
            is_blank_extra = index >= self.initial_form_count() and not form.has_changed()
            if is_blank_extra or self._should_delete_form(form):
                continue
            kept.append(form.as_row())
        return kept


LocationFormSet = forms.formset_factory(
    LocationForm, formset=BaseLocationFormSet, extra=1, can_delete=True, max_num=50, validate_max=True
)


def location_initial(rows: list[dict]) -> list[dict]:
    """Formset initial data from snapshot rows."""
    return [
        {"location_id": row.get("id", ""), **{name: row.get(name) for name in LOCATION_FIELDS}}
        for row in rows
    ]


class DecisionForm(forms.Form):
    """The coordinator's note on a rejection (required there) or an approval (optional)."""

    note = forms.CharField(
        label=_("Anmerkung für den Anbieter"),
        required=False,
        widget=Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def require_note(self) -> bool:
        """For a rejection: a reason is needed, so the provider knows what to change."""
        if not self.is_valid():
            return False
        if not self.cleaned_data["note"].strip():
            self.add_error(
                "note", _("Bitte begründen Sie die Ablehnung, damit der Anbieter weiß, was zu tun ist.")
            )
            return False
        return True


class CategoryForm(forms.ModelForm):
    """A tenant's own category; its code is fixed once created (versions refer to categories by code)."""

    code = forms.SlugField(
        label=_("Code"),
        required=False,
        max_length=50,
        help_text=_("Kurzer technischer Name (Kleinbuchstaben, Ziffern, Bindestriche); leer: aus dem Namen."),
    )

    class Meta:
        model = Category
        fields = ["name", "name_en", "code", "description", "position"]

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Der Code bleibt, damit frühere Versionen lesbar bleiben.")

    def clean_code(self) -> str:
        return self.cleaned_data["code"] or self.instance.code

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        code = data.get("code") or slugify(data.get("name", ""))[:50]
        if not code:
            if "name" not in self.errors:
                self.add_error("code", _("Bitte geben Sie einen Code an."))
            return data
        if Category.objects.for_tenant(self.tenant).filter(code=code).exists():
            self.add_error("code", _("Den Code „%(code)s“ gibt es schon.") % {"code": code})
        data["code"] = code
        return data


class CatalogueSettingsForm(forms.ModelForm):
    class Meta:
        model = CatalogueSettings
        fields = ["review_interval_months"]
