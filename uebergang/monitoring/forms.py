"""Forms of the monitoring imports: upload, column and value mapping, local destination sub-codes."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from uebergang.tenants.models import Region, Tenant

from .codes import codes_for
from .imports import FIELD_LABELS, FIELDS_OF_KIND, GROUP_LABELS, REQUIRED, Report, columns
from .models import Destination, Gender, ImportBatch, Qualification

SPREADSHEETS = (".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")


def max_upload_mb() -> int:
    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV, Excel oder OpenDocument)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join((*SPREADSHEETS, "text/csv"))}),
    )
    source = forms.CharField(
        label=_("Quelle"),
        max_length=100,
        help_text=_("z. B. „Schulamt“. Die Zuordnung der Spalten und Werte wird je Quelle gespeichert."),
        widget=forms.TextInput(attrs={"list": "import-quellen", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label=_("Art"), choices=ImportBatch.Kind.choices, initial=ImportBatch.Kind.LEAVERS
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Semikolon- oder kommagetrennt, UTF-8, UTF-16 oder Windows-1252, gern mit Titelzeilen über der "
            "Kopfzeile; oder eine Excel- oder OpenDocument-Tabelle. Höchstens %(mb)d MB."
        ) % {"mb": max_upload_mb()}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _(
                    "Die Datei ist zu groß: höchstens %(mb)d MB sind möglich. Teilen Sie sie nach Abgangsjahren auf."
                )
                % {"mb": max_upload_mb()}
            )
        if not upload.name.lower().endswith(SPREADSHEETS):
            raise forms.ValidationError(
                _("Bitte laden Sie eine CSV-, Excel- oder OpenDocument-Tabelle hoch.")
            )
        return upload


def destination_choices(tenant: Tenant) -> list[tuple[str, str]]:
    """Top-level codes, each followed by the tenant's sub-codes under it."""
    codes = codes_for(tenant)
    tops = [d for d in codes.values() if d.parent_id is None]
    choices = []
    for top in sorted(tops, key=lambda d: d.pk):
        choices.append((top.code, top.label))
        for sub in sorted((d for d in codes.values() if d.parent_id == top.pk), key=lambda d: d.label):
            choices.append((sub.code, f"– {sub.label} ({top.label})"))
    return choices


def value_choices(tenant: Tenant, group: str) -> list[tuple[str, str]]:
    if group == "qualification":
        return [(code, str(label)) for code, label in Qualification.choices]
    if group == "gender":
        return [(code, str(label)) for code, label in Gender.choices]
    if group == "region":
        return [(region.name, region.name) for region in Region.objects.for_tenant(tenant)]
    return destination_choices(tenant)


class MappingForm(forms.Form):
    """The decisions a check left open: the sheet, what every column becomes, the values' codes.

    Every column of the file gets a select, whether it is taken over or not, with its reason and a few
    sample values; a suggested field is pre-selected and saved only when this form is submitted. A leaver
    file without a destination column can say that the destination has not been collected yet.
    """

    def __init__(
        self, *args, tenant: Tenant, batch: ImportBatch, samples: list[list[str]] | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        report = Report.of(batch)
        self.report = report
        self.kind = batch.kind
        self.column_titles = [column["title"] for column in report.columns]
        if report.sheets:
            self.fields["sheet"] = forms.ChoiceField(
                label=_("Tabellenblatt"),
                choices=[("", _("– bitte wählen –"))]
                + [
                    (
                        name,
                        name
                        if name in report.sheet_candidates
                        else _("%(name)s (ohne erkennbare Kopfzeile)") % {"name": name},
                    )
                    for name in report.sheets
                ],
                help_text=_(
                    "Die Datei hat mehrere Tabellenblätter mit einer Kopfzeile. Welches soll gelesen werden?"
                ),
            )
        field_choices = [("", _("– nicht übernehmen –"))] + [
            (name, FIELD_LABELS[name]) for name in FIELDS_OF_KIND[batch.kind]
        ]
        self.column_names = []
        self.column_rows = []
        for index, column in enumerate(report.columns):
            name = f"spalte_{index}"
            self.fields[name] = forms.ChoiceField(
                label=column["title"] or _("(ohne Titel)"),
                choices=field_choices,
                initial=column.get("field") or column.get("suggested", ""),
                required=False,
            )
            self.column_names.append((name, column["title"] or columns.untitled_name(index)))
            self.column_rows.append(
                {
                    "field": self[name],
                    "title": column["title"],
                    "samples": (samples[index] if samples and index < len(samples) else []),
                    "reason": columns.reason(column),
                    "suggested": column.get("status") == columns.SUGGESTED,
                    "taken": bool(column.get("field")),
                }
            )
        if batch.kind == ImportBatch.Kind.LEAVERS and ("actual" in report.missing or report.not_collected):
            self.fields["not_collected"] = forms.BooleanField(
                label=_("Verbleib noch nicht erhoben"),
                required=False,
                initial=batch.not_collected,
                help_text=_(
                    "Nur wenn die Datei wirklich keine Verbleibsspalte hat: Jede Zeile wird als „Verbleib noch "
                    "nicht erhoben“ gespeichert – nicht als „unbekannt“ – und kann später mit einer Datei mit "
                    "Verbleib ersetzt werden."
                ),
            )
        self.value_groups = []
        for group, values in report.unmapped.items():
            choices = [("", _("– bitte wählen –")), *value_choices(tenant, group)]
            names = []
            for index, value in enumerate(values):
                name = f"wert_{group}_{index}"
                self.fields[name] = forms.ChoiceField(label=value, choices=choices)
                names.append((name, value))
            self.value_groups.append((GROUP_LABELS[group], group, names))

    def column_fields(self):
        return [self[name] for name, _title in self.column_names]

    def grouped_value_fields(self):
        return [(label, [self[name] for name, _value in names]) for label, _group, names in self.value_groups]

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for name, title in self.column_names:
            target = cleaned.get(name)
            if target and target in chosen:
                self.add_error(
                    name,
                    _("„%(field)s“ ist schon der Spalte „%(other)s“ zugeordnet.")
                    % {"field": FIELD_LABELS[target], "other": chosen[target]},
                )
            elif target:
                chosen[target] = title
        if self.column_names and not self.errors:
            self._require(chosen, cleaned)
        return cleaned

    def _require(self, chosen: dict[str, str], cleaned: dict) -> None:
        """Refuse a mapping without a required field, naming the file's columns."""
        missing = [name for name in REQUIRED[self.kind] if name not in chosen]
        if not chosen.keys() & {"school", "school_number"}:
            missing.append("school")
        if "actual" in missing and cleaned.get("not_collected"):
            missing.remove("actual")
        if not missing:
            return
        message = _(
            "Ohne Spalte: %(fields)s. Die Datei hat die Spalten %(columns)s. Wählen Sie bitte, welche Spalte "
            "dafür steht."
        ) % {
            "fields": ", ".join(f"„{FIELD_LABELS[name]}“" for name in missing),
            "columns": ", ".join(f"„{title}“" for title in self.column_titles if title),
        }
        if "actual" in missing and "not_collected" in self.fields:
            message += " " + _("Hat die Datei keinen Verbleib, kreuzen Sie „Verbleib noch nicht erhoben“ an.")
        raise forms.ValidationError(message)

    def columns(self) -> dict[str, str]:
        return {title: self.cleaned_data.get(name) or "" for name, title in self.column_names if title}

    def values(self) -> dict[str, dict[str, str]]:
        return {
            group: {value: self.cleaned_data[name] for name, value in names if self.cleaned_data.get(name)}
            for _label, group, names in self.value_groups
        }

    def chosen_not_collected(self) -> bool | None:
        return self.cleaned_data.get("not_collected") if "not_collected" in self.fields else None

    def chosen_sheet(self) -> str | None:
        return self.cleaned_data.get("sheet") or None


def top_level_codes():
    return Destination.objects.current().top_level().order_by("pk")


class SubCodeForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Kurz, ohne Leerzeichen, z. B. „bvb“ oder „fsj“. Lässt sich später nicht ändern."),
    )
    label = forms.CharField(label=_("Bezeichnung"), max_length=200)
    parent = forms.ModelChoiceField(
        label=_("gehört zu"),
        queryset=Destination.objects.none(),
        empty_label=_("– bitte wählen –"),
        help_text=_("Der übergeordnete Code, unter dem die Zahlen verglichen werden."),
    )

    def __init__(self, *args, tenant: Tenant, destination: Destination | None = None, **kwargs):
        if destination is not None:
            kwargs.setdefault(
                "initial",
                {"code": destination.code, "label": destination.label, "parent": destination.parent},
            )
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.destination = destination
        self.fields["parent"].queryset = top_level_codes()
        if destination is not None:
            del self.fields["code"]

    def clean_code(self):
        code = self.cleaned_data["code"].lower()
        if code in codes_for(self.tenant):
            raise forms.ValidationError(_("Diesen Code gibt es schon."))
        return code
