"""Forms of the case workspace; every choice of organisations, workers and codes is scoped to the tenant."""

from __future__ import annotations

import calendar

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from uebergang.accounts.models import Membership, User
from uebergang.lib import pagecache
from uebergang.lib.forms import QuickSelect
from uebergang.monitoring.codes import codes_for
from uebergang.monitoring.models import Destination
from uebergang.network.models import Organisation, Task
from uebergang.offerings.models import Offering
from uebergang.tenants.models import Region, Tenant

from .models import (
    Case,
    CaseConference,
    CaseSettings,
    CaseTeam,
    Consent,
    ContactAttempt,
    DataCategory,
    LegalBasis,
    Purpose,
    Referral,
)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def case_workers(tenant: Tenant):
    return User.objects.filter(
        memberships__tenant=tenant, memberships__role=Membership.Role.CASE_WORKER, is_active=True
    ).order_by("full_name", "email")


def schools(tenant: Tenant):
    return Organisation.objects.for_tenant(tenant).filter(kind=Organisation.Kind.SCHOOL).order_by("name")


def queue_options(tenant: Tenant) -> dict[str, list[tuple[int, str]]]:
    """The schools, regions and case workers the queue filters by, as (id, label) — from the cache while
    the content version holds (lib/pagecache.py): the queue shows these lists on every request."""

    def build() -> dict[str, list[tuple[int, str]]]:
        regions = Region.objects.for_tenant(tenant).order_by("position", "name")
        return {
            "schule": list(schools(tenant).values_list("pk", "name")),
            "region": list(regions.values_list("pk", "name")),
            "fallfuehrung": [
                (pk, full_name or email)
                for pk, full_name, email in case_workers(tenant).values_list("pk", "full_name", "email")
            ],
        }

    key = f"queue-options:{tenant.pk}:{pagecache.content_version()}"
    return cache.get_or_set(key, build, 3600)


class QueueFilterForm(forms.Form):
    VIEWS = {"meine": _("Meine Fälle"), "team": _("Meine Teams"), "alle": _("Alle offenen Fälle")}

    ansicht = forms.ChoiceField(
        label=_("Ansicht"), choices=list(VIEWS.items()), required=False, widget=QuickSelect
    )
    q = forms.CharField(label=_("Suche (Name, Fallnummer, Klasse)"), required=False, max_length=100)
    # Ids (not objects): the queue filters by id, and the option lists come from the cache.
    schule = forms.TypedChoiceField(
        label=_("Schule"), coerce=int, empty_value=None, required=False, widget=QuickSelect
    )
    region = forms.TypedChoiceField(
        label=_("Wohnregion"), coerce=int, empty_value=None, required=False, widget=QuickSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("alle offenen")), *Case.Status.choices],
        required=False,
        widget=QuickSelect,
    )
    fallfuehrung = forms.TypedChoiceField(
        label=_("Fallführung"), coerce=int, empty_value=None, required=False, widget=QuickSelect
    )
    alter_von = forms.IntegerField(label=_("Alter von"), min_value=10, max_value=30, required=False)
    alter_bis = forms.IntegerField(label=_("Alter bis"), min_value=10, max_value=30, required=False)

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        options = queue_options(tenant)
        for name in ("schule", "region", "fallfuehrung"):
            self.fields[name].choices = [("", "---------"), *options[name]]

    def clean(self):
        data = super().clean()
        low, high = data.get("alter_von"), data.get("alter_bis")
        if low is not None and high is not None and low > high:
            self.add_error("alter_bis", _("„Alter bis“ darf nicht kleiner als „Alter von“ sein."))
        return data


class CaseForm(forms.ModelForm):
    pupil_id = forms.CharField(
        label=_("Schüler-ID"),
        required=False,
        max_length=64,
        help_text=_(
            "Wird nicht gespeichert: der Fall behält nur das Pseudonym, mit dem das Monitoring rechnet."
        ),
    )

    class Meta:
        model = Case
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "phone",
            "street",
            "postcode",
            "city",
            "guardian_name",
            "guardian_contact",
            "school",
            "school_class",
            "leaving_year",
            "region",
            "lead_worker",
            "team",
            "deadline",
        ]
        widgets = {"date_of_birth": DATE_INPUT, "deadline": DATE_INPUT}
        help_texts = {"deadline": _("Leer lassen für die Frist der Kommune im Abgangsjahr.")}

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools(tenant)
        self.fields["region"].queryset = Region.objects.for_tenant(tenant)
        self.fields["lead_worker"].queryset = case_workers(tenant)
        self.fields["team"].queryset = CaseTeam.objects.for_tenant(tenant)
        self.fields["deadline"].required = False
        if self.instance.pk:
            del self.fields["pupil_id"]  # the pseudonym is fixed once the case exists

    def clean_leaving_year(self) -> int:
        year = self.cleaned_data["leaving_year"]
        if not 2000 <= year <= timezone.localdate().year + 1:
            raise forms.ValidationError(
                _("Bitte ein Abgangsjahr zwischen 2000 und dem nächsten Jahr angeben.")
            )
        return year

    def clean(self):
        data = super().clean()
        born = data.get("date_of_birth")
        if born and born > timezone.localdate():
            self.add_error("date_of_birth", _("Das Geburtsdatum liegt in der Zukunft."))
        elif (
            born
            and Case(date_of_birth=born).age_on(timezone.localdate()) < 18
            and not data.get("guardian_name")
        ):
            self.add_error(
                "guardian_name", _("Bei Minderjährigen bitte die sorgeberechtigte Person angeben.")
            )
        if self.instance.pk and not data.get("deadline"):
            self.add_error("deadline", _("Bitte eine Frist angeben."))
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactAttempt
        fields = ["kind", "made_at", "result", "note", "next_step", "next_step_due"]
        widgets = {"made_at": DATETIME_INPUT, "next_step_due": DATE_INPUT, "result": forms.RadioSelect}

    def clean_made_at(self):
        made_at = self.cleaned_data["made_at"]
        if made_at > timezone.now():
            raise forms.ValidationError(_("Der Kontakt kann nicht in der Zukunft liegen."))
        return made_at


class PermitForm(forms.ModelForm):
    """Shared fields of consents and legal bases: purpose, data, recipients and period."""

    data_categories = forms.MultipleChoiceField(
        label=_("Datenkategorien"), choices=DataCategory.choices, widget=forms.CheckboxSelectMultiple
    )
    recipients = forms.ModelMultipleChoiceField(
        label=_("Empfänger (Organisationen)"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = Organisation.objects.for_tenant(tenant).active().order_by("name")
        self.fields["purpose"].initial = Purpose.REFERRAL

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("Das Ende liegt vor dem Beginn."))
        return data


class ConsentForm(PermitForm):
    class Meta:
        model = Consent
        fields = [
            "purpose",
            "data_categories",
            "recipients",
            "given_by",
            "giver_name",
            "form",
            "witness",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "valid_from": DATE_INPUT,
            "valid_until": DATE_INPUT,
            "given_by": forms.RadioSelect,
            "form": forms.RadioSelect,
        }
        labels = {"valid_from": _("erteilt am"), "valid_until": _("gültig bis (leer: bis auf Widerruf)")}

    def clean(self):
        data = super().clean()
        if data.get("form") == Consent.Form.ORAL_WITH_WITNESS and not data.get("witness"):
            self.add_error("witness", _("Eine mündliche Einwilligung braucht eine Zeugin oder einen Zeugen."))
        if data.get("given_by") == Consent.GivenBy.GUARDIAN and not data.get("giver_name"):
            self.add_error("giver_name", _("Bitte die sorgeberechtigte Person nennen."))
        if data.get("valid_from") and data["valid_from"] > timezone.localdate():
            self.add_error("valid_from", _("Eine Einwilligung kann nicht im Voraus erfasst werden."))
        return data


class LegalBasisForm(PermitForm):
    class Meta:
        model = LegalBasis
        fields = [
            "reference",
            "purpose",
            "data_categories",
            "recipients",
            "valid_from",
            "valid_until",
            "informed_on",
        ]
        widgets = {"valid_from": DATE_INPUT, "valid_until": DATE_INPUT, "informed_on": DATE_INPUT}
        help_texts = {"reference": _("z. B. § 31a SGB III (mit Widerspruchsrecht)")}


class EndPermitForm(forms.Form):
    note = forms.CharField(
        label=_("Vermerk (z. B. wie und von wem widerrufen)"), max_length=300, required=False
    )


class ReferralForm(forms.Form):
    offering = forms.ModelChoiceField(label=_("Angebot"), queryset=Offering.objects.none())
    data_categories = forms.MultipleChoiceField(
        label=_("Daten, die der Träger erhält"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("Nachricht an den Träger"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offering"].queryset = (
            Offering.objects.for_tenant(tenant).published().select_related("provider").order_by("title")
        )
        self.fields["offering"].label_from_instance = _offering_label


def _offering_label(offering: Offering) -> str:
    """Title and provider, with the free places where the provider keeps them (referrals move them)."""
    label = f"{offering.title} – {offering.provider.name}"
    if offering.places_free is None:
        return label
    if offering.places_total is None:
        return label + " " + str(_("(%(free)s Plätze frei)")) % {"free": offering.places_free}
    return (
        label
        + " "
        + str(_("(%(free)s von %(total)s Plätzen frei)"))
        % {"free": offering.places_free, "total": offering.places_total}
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Ergebnis"), choices=Case.Outcome.choices, widget=forms.RadioSelect)
    destination = forms.ModelChoiceField(
        label=_("Verbleib (bei „Anschluss geklärt“)"), queryset=Destination.objects.none(), required=False
    )
    passed_to = forms.ModelChoiceField(
        label=_("abgegeben an (bei „an andere Stelle abgegeben“)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("Vermerk"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        known = [d.pk for d in codes_for(tenant).values() if d.code not in ("unknown", "not_collected")]
        self.fields["destination"].queryset = Destination.objects.filter(pk__in=known).order_by(
            "parent_id", "id"
        )
        self.fields["passed_to"].queryset = Organisation.objects.for_tenant(tenant).active().order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Case.Outcome.DESTINATION_REACHED and not data.get("destination"):
            self.add_error("destination", _("Bitte geben Sie den erreichten Verbleib an."))
        if data.get("outcome") == Case.Outcome.PASSED_ON and not data.get("passed_to"):
            self.add_error("passed_to", _("Bitte geben Sie an, an welche Stelle der Fall abgegeben wurde."))
        return data


class ResponseForm(forms.Form):
    status = forms.ChoiceField(label=_("Neuer Status"), choices=[], widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Begründung (bei Ablehnung nötig)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, referral: Referral, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        steps = Referral.PROVIDER_STEPS.get(referral.status, ())
        self.fields["status"].choices = [(s, Referral.Status(s).label) for s in steps]

    def clean(self):
        data = super().clean()
        if data.get("status") == Referral.Status.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Bitte begründen Sie die Ablehnung."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Grund"), max_length=500, required=False)


def default_contact_time() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ClearingListForm(forms.Form):
    file = forms.FileField(
        label=_("Klärungsliste (CSV, XLSX oder ODS)"),
        help_text=_(
            "Spalten: Vorname, Nachname, Abgangsjahr (Pflicht); Geburtsdatum, E-Mail, Telefon, Straße, PLZ, Ort, "
            "Sorgeberechtigte, Kontakt Sorgeberechtigte, Schule, Klasse, Schüler-ID."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv"}),
    )
    team = forms.ModelChoiceField(
        label=_("Team für die neuen Fälle"), queryset=CaseTeam.objects.none(), required=False
    )

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = CaseTeam.objects.for_tenant(tenant)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist zu groß: höchstens %(mb)d MB sind möglich.")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class CaseSettingsForm(forms.ModelForm):
    class Meta:
        model = CaseSettings
        fields = [
            "deadline_day",
            "deadline_month",
            "contact_attempts_required",
            "retention_months",
            "import_legal_reference",
            "import_legal_text",
        ]
        help_texts = {
            "deadline_day": _("Die Frist eines Falls ist dieser Tag im Abgangsjahr, z. B. 31. Oktober."),
            "retention_months": _(
                "So viele Monate nach dem Abschluss werden die personenbezogenen Daten gelöscht."
            ),
            "import_legal_reference": _(
                "z. B. § 31a SGB III, Landesschulgesetz. Ohne Eintrag ist der Import von Klärungslisten nicht erlaubt."
            ),
            "import_legal_text": _("Wird auf der Importseite angezeigt."),
        }

    def clean(self):
        data = super().clean()
        day, month = data.get("deadline_day"), data.get("deadline_month")
        if month is not None and not 1 <= month <= 12:
            self.add_error("deadline_month", _("Bitte einen Monat von 1 bis 12."))
        elif day is not None and month is not None and not 1 <= day <= calendar.monthrange(2024, month)[1]:
            self.add_error("deadline_day", _("Diesen Tag gibt es in dem Monat nicht."))
        if data.get("contact_attempts_required") == 0:
            self.add_error("contact_attempts_required", _("Mindestens ein Kontaktversuch."))
        if data.get("retention_months") == 0:
            self.add_error("retention_months", _("Mindestens ein Monat."))
        return data


class EmergencyLookupForm(forms.Form):
    reference = forms.CharField(label=_("Fallnummer (z. B. F-00012)"), max_length=20)

    def clean_reference(self) -> int:
        text = self.cleaned_data["reference"].strip().upper().removeprefix("F-")
        if not text.isdigit():
            raise forms.ValidationError(_("Bitte eine Fallnummer wie F-00012 angeben."))
        return int(text)


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund des Notfallzugriffs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=20,
        help_text=_(
            "Warum Sie diesen Fall ohne Fallbegleitung einsehen müssen. Der Grund wird protokolliert."
        ),
    )


class PartnerReportForm(forms.ModelForm):
    """A partner reports a young person to the case management, with the consent that allows it."""

    given_by = forms.ChoiceField(
        label=_("Einwilligung erteilt von"), choices=Consent.GivenBy.choices, widget=forms.RadioSelect
    )
    giver_name = forms.CharField(
        label=_("Name der sorgeberechtigten Person, die eingewilligt hat"), required=False
    )
    consent_form = forms.ChoiceField(
        label=_("Form der Einwilligung"), choices=Consent.Form.choices, widget=forms.RadioSelect
    )
    witness = forms.CharField(
        label=_("Zeugin/Zeuge (bei mündlicher Einwilligung)"), required=False, max_length=200
    )
    consent_date = forms.DateField(label=_("Einwilligung erteilt am"), widget=DATE_INPUT)

    class Meta:
        model = Case
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "phone",
            "guardian_name",
            "guardian_contact",
            "school",
            "school_class",
            "leaving_year",
        ]
        widgets = {"date_of_birth": DATE_INPUT}

    def __init__(self, *args, tenant: Tenant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools(tenant)

    def clean(self):
        data = super().clean()
        born = data.get("date_of_birth")
        if (
            born
            and Case(date_of_birth=born).age_on(timezone.localdate()) < 18
            and not data.get("guardian_name")
        ):
            self.add_error(
                "guardian_name", _("Bei Minderjährigen bitte die sorgeberechtigte Person angeben.")
            )
        if not (data.get("email") or data.get("phone") or data.get("guardian_contact")):
            self.add_error("phone", _("Bitte mindestens einen Weg angeben, die junge Person zu erreichen."))
        if data.get("consent_form") == Consent.Form.ORAL_WITH_WITNESS and not data.get("witness"):
            self.add_error("witness", _("Eine mündliche Einwilligung braucht eine Zeugin oder einen Zeugen."))
        if data.get("given_by") == Consent.GivenBy.GUARDIAN and not data.get("giver_name"):
            self.add_error("giver_name", _("Bitte die sorgeberechtigte Person nennen."))
        if data.get("consent_date") and data["consent_date"] > timezone.localdate():
            self.add_error("consent_date", _("Eine Einwilligung kann nicht im Voraus erfasst werden."))
        return data

    CONSENT_FIELDS = ("given_by", "giver_name", "consent_form", "witness", "consent_date")

    def person_fields(self) -> list:
        return [self[name] for name in self.Meta.fields]

    def consent_fields(self) -> list:
        return [self[name] for name in self.CONSENT_FIELDS]

    def case_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def consent_data(self) -> dict:
        """The consent to exchange the reported data between the case management and the reporter."""
        given = self.cleaned_data
        categories = [DataCategory.NAME, DataCategory.CONTACT]
        if given.get("date_of_birth"):
            categories.append(DataCategory.BIRTH_DATE)
        if given.get("guardian_name"):
            categories.append(DataCategory.GUARDIAN)
        if given.get("school") or given.get("school_class"):
            categories.append(DataCategory.SCHOOL)
        return {
            "purpose": Purpose.HANDOVER,
            "data_categories": categories,
            "valid_from": given["consent_date"],
            "given_by": given["given_by"],
            "giver_name": given.get("giver_name", ""),
            "form": given["consent_form"],
            "witness": given.get("witness", ""),
        }


class ConferenceForm(forms.Form):
    """Convene a case conference: when, where, which organisations, who takes part, which data."""

    held_at = forms.DateTimeField(label=_("Zeitpunkt"), widget=DATETIME_INPUT)
    place = forms.CharField(label=_("Ort"), max_length=200, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("beteiligte Organisationen"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Für jede Organisation braucht es eine gültige Einwilligung oder Rechtsgrundlage mit dem Zweck „Fallkonferenz“."
        ),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Teilnehmende (lesen das Protokoll)"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Fallbearbeitende und Personen der beteiligten Organisationen; Sie selbst nehmen immer teil."
        ),
    )
    data_categories = forms.MultipleChoiceField(
        label=_("Daten, die die Beteiligten erhalten"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, tenant: Tenant, permitted: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        ids = [o.pk for o in permitted]
        self.fields["organisations"].queryset = Organisation.objects.for_tenant(tenant).filter(pk__in=ids)
        self.fields["participants"].queryset = (
            User.objects.filter(
                memberships__tenant=tenant,
                is_active=True,
                memberships__role__in=[Membership.Role.CASE_WORKER, Membership.Role.PARTNER],
            )
            .filter(
                models.Q(memberships__role=Membership.Role.CASE_WORKER)
                | models.Q(memberships__organisation_id__in=ids)
            )
            .distinct()
            .order_by("full_name", "email")
        )


class MinutesForm(forms.ModelForm):
    class Meta:
        model = CaseConference
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}


class StepForm(forms.ModelForm):
    """A step agreed in the conference, for a participating organisation or person."""

    class Meta:
        model = Task
        fields = ["title", "responsible_organisation", "responsible_user", "due_date"]
        labels = {"title": _("Vereinbarter Schritt")}
        widgets = {"due_date": DATE_INPUT}

    def __init__(self, *args, conference: CaseConference, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = conference.organisations.order_by("name")
        self.fields["responsible_user"].queryset = conference.participants.order_by("full_name", "email")

    def clean(self):
        data = super().clean()
        if not data.get("responsible_organisation") and not data.get("responsible_user"):
            raise forms.ValidationError(_("Bitte nennen Sie, wer für den Schritt verantwortlich ist."))
        return data


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Stand"), choices=Task.Status.choices)
