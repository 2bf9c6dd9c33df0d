"""Forms of the bodies part: bodies, memberships, meetings, attendance, decisions, tasks."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from uebergang.accounts.models import User
from uebergang.lib.forms import DateInput, Textarea
from uebergang.tenants.models import Region, Tenant

from .models import Attendance, Body, BodyMembership, Contact, Decision, Meeting, Organisation, Task

CODE_PATTERN = re.compile(r"^[A-Za-z0-9ÄÖÜäöü]+(-[A-Za-z0-9ÄÖÜäöü]+)*$")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class BodyForm(forms.ModelForm):
    level = forms.ChoiceField(
        label=_("Ebene"),
        required=False,
        choices=[("", _("nach Art des Gremiums")), *Body.Level.choices],
        help_text=_(
            "Steuerungsgruppe: strategisch, Koordinierungsgruppe: koordinierend, sonst operativ – "
            "nur bei Abweichung wählen."
        ),
    )

    class Meta:
        model = Body
        fields = ["name", "code", "kind", "level", "region", "parent", "mandate", "is_public"]
        labels = {
            "name": _("Name"),
            "code": _("Kürzel"),
            "kind": _("Art"),
            "region": _("Region"),
            "parent": _("Übergeordnetes Gremium"),
            "mandate": _("Auftrag"),
            "is_public": _("Öffentlich sichtbar (mit Mitgliedsorganisationen und Sitzungsterminen)"),
        }
        widgets = {"mandate": Textarea(attrs={"rows": 5})}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.instance.tenant = tenant
        self.fields["region"].queryset = Region.objects.for_tenant(tenant)
        parents = Body.objects.for_tenant(tenant)
        if self.instance.pk:
            parents = parents.exclude(pk__in=self._self_and_descendants())
            if self.instance.level == Body.LEVEL_OF_KIND.get(self.instance.kind):
                self.initial["level"] = ""
        self.fields["parent"].queryset = parents

    def _self_and_descendants(self) -> set[int]:
        children: dict[int, list[int]] = {}
        for pk, parent_id in Body.objects.for_tenant(self.tenant).values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, todo = set(), [self.instance.pk]
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children.get(pk, []))
        return found

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                _(
                    "Das Kürzel darf nur Buchstaben, Ziffern und einzelne Bindestriche enthalten, z. B. SG oder RG-West."
                )
            )
        taken = Body.objects.for_tenant(self.tenant).filter(code__iexact=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Dieses Kürzel hat schon ein anderes Gremium."))
        return code

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Body.objects.for_tenant(self.tenant).filter(name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Ein Gremium mit diesem Namen gibt es schon."))
        return name

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind and not cleaned.get("level"):
            cleaned["level"] = Body.LEVEL_OF_KIND[kind]
        return cleaned


class BodyMembershipForm(forms.ModelForm):
    class Meta:
        model = BodyMembership
        fields = ["organisation", "person", "role", "start", "end", "fte"]
        labels = {
            "organisation": _("Organisation"),
            "person": _("Delegierte Person"),
            "role": _("Rolle im Gremium"),
            "start": _("Mitglied seit"),
            "end": _("Mitglied bis"),
            "fte": _("Delegierte Arbeitszeit (Anteil einer Vollzeitstelle, 0 bis 1)"),
        }
        help_texts = {"person": _("Eine Ansprechperson der gewählten Organisation.")}
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, tenant: Tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_tenant(tenant)
        self.fields["person"].queryset = Contact.objects.for_tenant(tenant).select_related("organisation")
        self.fields["person"].label_from_instance = lambda contact: f"{contact.name} ({contact.organisation})"

    def clean(self):
        cleaned = super().clean()
        organisation, person = cleaned.get("organisation"), cleaned.get("person")
        if organisation and person and person.organisation_id != organisation.pk:
            self.add_error("person", _("Diese Person gehört nicht zur gewählten Organisation."))
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Ende darf nicht vor dem Beginn liegen."))
        return cleaned


class BodyOfficersForm(forms.Form):
    """Chair and deputy of a body: people of the municipality's team (any role)."""

    chair = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label=_("Vorsitz"))
    deputy = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label=_("stellvertretender Vorsitz")
    )

    def __init__(self, *args, tenant: Tenant, body: Body, **kwargs) -> None:
        current = {officer.role: officer.user_id for officer in body.officers.all()}
        kwargs.setdefault("initial", {"chair": current.get("chair"), "deputy": current.get("deputy")})
        super().__init__(*args, **kwargs)
        team = (
            User.objects.filter(memberships__tenant=tenant, is_active=True)
            .distinct()
            .order_by("full_name", "email")
        )
        for name in ("chair", "deputy"):
            self.fields[name].queryset = team
            self.fields[name].label_from_instance = lambda user: user.full_name or user.email

    def clean(self):
        data = super().clean()
        if data.get("chair") and data.get("chair") == data.get("deputy"):
            self.add_error("deputy", _("Vorsitz und Stellvertretung sind zwei verschiedene Personen."))
        return data


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Titel (optional)"), max_length=200, required=False)
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Beginn"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ende (optional)"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Ort"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online-Link"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Tagesordnung"),
        required=False,
        widget=Textarea(attrs={"rows": 6}),
        help_text=_("Ein Tagesordnungspunkt je Zeile, in der Reihenfolge der Sitzung."),
    )
    minutes = forms.CharField(
        label=pgettext_lazy("meeting minutes", "Protokoll"),
        required=False,
        widget=Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown: **fett**, *kursiv*, Listen mit - und Überschriften mit ##. "
            "Sichtbar nur für Mitglieder des Gremiums und die Koordination."
        ),
    )

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict:
        starts = timezone.localtime(meeting.starts_at)
        return {
            "title": meeting.title,
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": timezone.localtime(meeting.ends_at).time() if meeting.ends_at else None,
            "place": meeting.place,
            "online_url": meeting.online_url,
            "agenda": "\n".join(item.title for item in meeting.agenda.all()),
            "minutes": meeting.minutes,
        }

    def clean_agenda(self) -> list[str]:
        items = [line.strip() for line in self.cleaned_data["agenda"].splitlines() if line.strip()]
        too_long = [item for item in items if len(item) > 300]
        if too_long:
            raise forms.ValidationError(_("Ein Tagesordnungspunkt darf höchstens 300 Zeichen lang sein."))
        return items

    def clean(self):
        cleaned = super().clean()
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if date and start:
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(date, start))
            cleaned["ends_at"] = None
            if end:
                if end <= start:
                    self.add_error("end_time", _("Das Ende muss nach dem Beginn liegen."))
                else:
                    cleaned["ends_at"] = timezone.make_aware(datetime.datetime.combine(date, end))
        if not cleaned.get("place") and not cleaned.get("online_url") and "online_url" not in self.errors:
            self.add_error("place", _("Bitte einen Ort oder einen Online-Link angeben."))
        return cleaned


class AttendanceForm(forms.Form):
    """One radio group per invitee."""

    def __init__(self, *args, attendances: list[Attendance], **kwargs):
        super().__init__(*args, **kwargs)
        self.attendances = attendances
        for attendance in attendances:
            membership = attendance.membership
            label = str(membership.organisation)
            if membership.person:
                label = f"{label} – {membership.person.name}"
            self.fields[self.field_name(attendance)] = forms.ChoiceField(
                label=label,
                choices=Attendance.Status.choices,
                initial=attendance.status,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(attendance: Attendance) -> str:
        return f"attendance_{attendance.pk}"

    def statuses(self) -> dict[int, str]:
        return {
            attendance.pk: self.cleaned_data[self.field_name(attendance)] for attendance in self.attendances
        }


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Beschlusstext"), widget=Textarea(attrs={"rows": 5}))
    status = forms.ChoiceField(
        label=_("Stand"), choices=Decision.Status.choices, initial=Decision.Status.ADOPTED
    )


class DecisionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Stand"), choices=Decision.Status.choices)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.full_name or user.email


class TaskForm(forms.ModelForm):
    responsible_user = UserChoiceField(
        label=_("Verantwortliche Person"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "responsible_organisation",
            "responsible_user",
            "due_date",
            "decision",
        ]
        labels = {
            "title": _("Aufgabe"),
            "description": _("Beschreibung"),
            "responsible_organisation": _("Verantwortlicher Akteur"),
            "due_date": _("Fällig am"),
            "decision": _("Zu Beschluss (optional)"),
        }
        widgets = {"description": Textarea(attrs={"rows": 4}), "due_date": DateInput()}

    def __init__(self, *args, tenant: Tenant, meeting: Meeting | None, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.for_tenant(tenant)
        current = self.instance.responsible_organisation_id  # stays selectable on edit, even if inactive
        self.fields["responsible_organisation"].queryset = organisations.filter(
            Q(pk__in=organisations.active()) | Q(pk=current)
        )
        self.fields["responsible_user"].queryset = (
            User.objects.filter(memberships__tenant=tenant).distinct().order_by("full_name", "email")
        )
        decisions = Decision.objects.filter(meeting=meeting).select_related("body").order_by("number")
        self.fields["decision"].queryset = decisions
        self.fields["decision"].label_from_instance = lambda d: f"{d.reference}: {d.text[:80]}"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("responsible_organisation") and not cleaned.get("responsible_user"):
            self.add_error(
                "responsible_organisation",
                _("Bitte einen verantwortlichen Akteur oder eine verantwortliche Person wählen."),
            )
        return cleaned


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Stand"), choices=Task.Status.choices)
    comment = forms.CharField(
        label=_("Kommentar (optional)"), required=False, widget=Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, initial={"status": task.status}, **kwargs)
        self.task = task

    def clean(self):
        cleaned = super().clean()
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if cleaned.get("status") == self.task.status and not cleaned["comment"]:
            raise forms.ValidationError(_("Bitte den Stand ändern oder einen Kommentar schreiben."))
        return cleaned
