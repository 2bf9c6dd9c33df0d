"""The annual report: live page and PDF (opened with pypdf), protected transition figures, publishing."""

from __future__ import annotations

import io

import pypdf
import pytest

from uebergang.audit.models import AuditEvent
from uebergang.monitoring.models import CohortCount
from uebergang.monitoring.summaries import refresh_years
from uebergang.planning import report
from uebergang.planning.models import Measure, PublishedReport, ReportRun

URL = "/kreis-a/intern/jahresbericht/"


@pytest.fixture
def leavers(cast):
    """2026: 2 of 93 leavers with unknown whereabouts — a figure the report must keep secret."""
    for destination, n in [("dual", 31), ("transition", 20), ("unknown", 2), ("upper_secondary", 40)]:
        CohortCount.objects.create(
            tenant=cast.tenant_a,
            origin="table",
            leaving_year=2026,
            destination=destination,
            gender="f",
            count=n,
        )
    refresh_years(cast.tenant_a, [2026])


def pdf_text(content: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(reader: pypdf.PdfReader) -> list:
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            fonts.append(font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
    return fonts


def test_the_pdf_has_a_cover_the_plan_the_money_and_embedded_fonts(cast):
    content = report.pdf(cast.tenant_a, report.figures(cast.tenant_a, 2026))
    reader, text = pdf_text(content)
    assert len(reader.pages) >= 2  # the cover stands on a page of its own
    first_page = reader.pages[0].extract_text()
    assert "Jahresbericht 2026" in first_page and "Kreis Alpha" in first_page
    assert "Schwerpunkte und Fortschritt" in text
    assert "Interne Maßnahme kreis-a" in text and "40 %" in text
    assert "48.000 €" in text  # the cast's funding line (Land)
    assert "SG-2026-01" in text  # the cast's decision
    assert "Angebote und Lücken" in text and "Ohne Angebot (Phase – Zielgruppe):" in text
    fonts = fonts_of(reader)
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), (
            f"{font['/BaseFont']} not embedded"
        )


def test_transition_figures_keep_small_numbers_secret_in_the_pdf(cast, leavers):
    data = report.figures(cast.tenant_a, 2026)
    row = data["transition"][-1]
    assert row["unknown"] == {"display": ".", "share": None}
    assert row["dual"]["display"] == "31"
    _reader, text = pdf_text(report.pdf(cast.tenant_a, data))
    assert "Zahlenwert geheim zu halten" in text
    assert "2,2 %" not in text  # 2 of 93


def test_steering_reads_the_page_in_german_without_the_publish_button(client, cast):
    client.force_login(cast.steering)
    page = client.get(f"{URL}?jahr=2026").content.decode()
    assert '<html lang="de">' in page
    assert "Jahresbericht 2026" in page and "Interne Maßnahme kreis-a" in page
    assert "<svg" in page  # the progress chart, drawn by vl-convert
    assert "veröffentlichen" not in page
    assert "Jahresbericht 2025, Fassung 1" in page  # the cast's published copy
    assert client.get(f"{URL}?jahr=abc").status_code == 200


def test_the_pdf_is_made_in_the_worker_with_progress_then_downloaded(client, cast):
    client.force_login(cast.steering)
    assert client.get(f"{URL}pdf/").status_code == 405  # a GET starts nothing
    response = client.post(f"{URL}pdf/", {"jahr": 2026})
    run = ReportRun.objects.for_tenant(cast.tenant_a).latest("id")
    assert response.status_code == 302 and response.url == f"{URL}erstellung/{run.pk}/"
    assert (run.status, run.step, run.publish) == ("done", 4, False)  # the tests' backend runs it at once
    page = client.get(response.url).content.decode()
    assert 'value="100"' in page and "Das PDF ist fertig." in page and "hx-trigger" not in page
    download = client.get(f"{URL}erstellung/{run.pk}/pdf/")
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="jahresbericht-2026-entwurf.pdf"' in download["Content-Disposition"]
    assert download.content.startswith(b"%PDF")
    assert not PublishedReport.objects.filter(year=2026).exists()


def test_a_queued_run_shows_its_progress_and_polls(client, cast):
    run = ReportRun.objects.create(tenant=cast.tenant_a, year=2026, requested_by=cast.steering, step=1)
    client.force_login(cast.steering)
    page = client.get(f"{URL}erstellung/{run.pk}/").content.decode()
    assert 'value="25"' in page and "hx-trigger" in page and "Wartet auf den Hintergrunddienst" in page
    assert client.get(f"{URL}erstellung/{run.pk}/pdf/").status_code == 404


def test_a_failing_run_says_so_and_publishes_nothing(client, cast, monkeypatch):
    from uebergang.planning import report

    def broken(_html):
        raise OSError("fonts missing")

    monkeypatch.setattr(report, "render_pdf", broken)
    client.force_login(cast.coordinator)
    response = client.post(f"{URL}veroeffentlichen/", {"jahr": 2026})
    page = client.get(response.url).content.decode()
    assert "Der Bericht konnte nicht erstellt werden. Es wurde nichts veröffentlicht." in page
    assert "fonts missing" not in page
    assert not PublishedReport.objects.filter(year=2026).exists()
    assert ReportRun.objects.latest("id").status == "failed"


def test_runs_of_another_tenant_and_outsiders_are_refused(client, cast):
    run = ReportRun.objects.create(
        tenant=cast.tenant_a, year=2026, requested_by=cast.steering, status="done", step=4, pdf=b"%PDF-1.7"
    )
    client.force_login(cast.coordinator_b)
    assert client.get(f"/stadt-b/intern/jahresbericht/erstellung/{run.pk}/").status_code == 404
    assert client.get(f"/stadt-b/intern/jahresbericht/erstellung/{run.pk}/pdf/").status_code == 404
    for user in (cast.partner, cast.outsider):
        client.force_login(user)
        assert client.get(f"{URL}erstellung/{run.pk}/pdf/").status_code == 403


def test_publishing_freezes_the_pdf_and_its_figures(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(f"{URL}veroeffentlichen/", {"jahr": 2025})
    assert response.status_code == 302
    published = PublishedReport.objects.for_tenant(cast.tenant_a).get(year=2025, version=2)
    assert "als Fassung 2 veröffentlicht" in client.get(response.url).content.decode()
    assert published.published_by == cast.coordinator
    assert published.figures["finances"]["total"] == "0"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISHED, object_id=str(published.pk)).exists()
    client.post(f"{URL}veroeffentlichen/", {"jahr": 2026})
    frozen = PublishedReport.objects.for_tenant(cast.tenant_a).get(year=2026)
    assert frozen.version == 1
    Measure.objects.for_tenant(cast.tenant_a).update(progress=90)  # live data move on
    response = client.get(f"/kreis-a/intern/jahresbericht/fassungen/{frozen.pk}/")
    assert response.content == bytes(frozen.pdf)
    _reader, text = pdf_text(response.content)
    assert "Gesamtfortschritt: 40 %" in text
    assert frozen.figures["plan"]["progress"] == 40


@pytest.mark.parametrize("who, status", [("steering", 403), ("partner", 403), ("outsider", 403)])
def test_only_coordinators_publish(client, cast, who, status):
    client.force_login(getattr(cast, who))
    assert client.post(f"{URL}veroeffentlichen/", {"jahr": 2026}).status_code == status
    assert not PublishedReport.objects.filter(year=2026).exists()


def test_partners_and_other_tenants_do_not_get_the_report(client, cast):
    client.force_login(cast.partner)
    assert client.get(URL).status_code == 403
    client.force_login(cast.coordinator_b)
    published = PublishedReport.objects.for_tenant(cast.tenant_a).get()
    assert client.get(f"/stadt-b/intern/jahresbericht/fassungen/{published.pk}/").status_code == 404
    assert client.get(URL).status_code == 403


def test_published_reports_are_on_the_municipalitys_public_page(client, cast):
    published = PublishedReport.objects.for_tenant(cast.tenant_a).get()
    page = client.get("/kreis-a/").content.decode()
    assert "Jahresberichte" in page and f"/kreis-a/jahresberichte/{published.pk}/" in page
    response = client.get(f"/kreis-a/jahresberichte/{published.pk}/")  # no login needed
    assert response.content == bytes(published.pdf) and response["Content-Type"] == "application/pdf"
    assert client.get(f"/stadt-b/jahresberichte/{published.pk}/").status_code == 404
    assert f"/jahresberichte/{published.pk}/" not in client.get("/stadt-b/").content.decode()


def test_the_report_counts_offerings_per_phase_and_names_the_gaps(cast):
    from uebergang.offerings.models import Offering

    Offering.objects.filter(pk=cast.offerings_a.published.pk).update(
        phases=frozenset({"school_to_training"}), target_groups=frozenset({"young_people"}), places_total=12
    )
    offerings = report.figures(cast.tenant_a, 2026)["offerings"]
    row = next(r for r in offerings["phases"] if r["phase"] == "Sek I–Ausbildung")
    assert (row["offerings"], row["places"]) == (1, 12)
    assert "Sek I–Ausbildung – Jugendliche" not in offerings["gaps"]
    assert "Sek I–Ausbildung – Eltern" in offerings["gaps"]
