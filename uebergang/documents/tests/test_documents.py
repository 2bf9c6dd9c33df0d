"""Attached documents: what is accepted (by content, not by name), how files are served and audited,
who may upload, read and remove evidence of a review, and that files go with their rows."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from uebergang.audit.models import AuditEvent
from uebergang.documents import storage
from uebergang.documents.models import Document
from uebergang.quality.models import Review
from uebergang.test import blank_pdf, create_membership, create_organisation, create_user

Q = "/kreis-a/intern/qualitaet"
D = "/kreis-a/intern/dokumente"


@pytest.fixture
def review(cast):
    return Review.objects.get(tenant=cast.tenant_a, kind=Review.Kind.SELF)


def xlsx() -> bytes:
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("Konzept.pdf", blank_pdf(), "application/pdf"),
        ("Liste.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("notiz.txt", "Praktika: 12 Betriebe".encode("cp1252"), "text/plain"),
    ],
)
def test_office_formats_are_kept(cast, review, name, content, media_type):
    document = storage.store(SimpleUploadedFile(name, content), tenant=cast.tenant_a, owner=review, user=None)
    assert document.media_type == media_type and document.size == len(content)
    assert storage.path_of(document).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("rechnung.pdf", b"MZ\x90\x00 ein Programm", "Diese Datei nimmt die Plattform nicht an"),
        ("seite.html", b"<script>alert(1)</script>", "Diese Datei nimmt die Plattform nicht an"),
        ("Bericht.docx", zip_bomb(), "beschädigt oder kein gültiges Dokument"),
        ("leer.pdf", b"", "Die Datei ist leer."),
    ],
)
def test_other_files_are_refused_and_leave_nothing(cast, review, name, content, message):
    before = set(storage.folder(cast.tenant_a.pk).glob("*"))
    with pytest.raises(storage.RefusedDocument, match=message):
        storage.store(SimpleUploadedFile(name, content), tenant=cast.tenant_a, owner=review, user=None)
    assert set(storage.folder(cast.tenant_a.pk).glob("*")) == before
    assert review.documents.count() == 1  # the cast's one


def test_a_file_above_the_limit_is_refused(cast, review, settings):
    settings.DOCUMENT_MAX_BYTES = 1000
    with pytest.raises(storage.RefusedDocument, match="größer als"):
        storage.store(
            SimpleUploadedFile("gross.pdf", b"%PDF-" + b"0" * 2000),
            tenant=cast.tenant_a,
            owner=review,
            user=None,
        )


def test_the_provider_adds_evidence_and_a_reader_downloads_it_as_an_audited_attachment(
    client, cast, review, django_capture_on_commit_callbacks
):
    client.force_login(cast.partner)
    response = client.post(
        f"{D}/neu/ueberpruefung/{review.pk}/",
        {"file": SimpleUploadedFile("Konzept BO.pdf", blank_pdf())},
        follow=True,
    )
    assert "„Konzept BO.pdf“ ist hinzugefügt." in response.content.decode()
    document = review.documents.get(title="Konzept BO.pdf")
    client.force_login(cast.steering)
    response = client.get(f"{D}/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    )
    assert b"".join(response.streaming_content) == blank_pdf()
    assert AuditEvent.objects.filter(
        action="document.downloaded", object_id=str(document.pk), actor=cast.steering
    ).exists()
    # A refused file gets its message and changes nothing.
    client.force_login(cast.partner)
    response = client.post(
        f"{D}/neu/ueberpruefung/{review.pk}/",
        {"file": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "Diese Datei nimmt die Plattform nicht an" in response.content.decode()
    assert review.documents.count() == 2
    # The uploader removes it again; the file goes with the row.
    path = storage.path_of(document)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{D}/{document.pk}/entfernen/")
    assert not Document.objects.filter(pk=document.pk).exists() and not path.exists()


def test_others_may_not_read_add_or_remove(client, cast, review):
    document = review.documents.get()
    other = create_organisation(cast.tenant_a, "Anderer Träger")
    stranger = create_user("fremd@a.example.org")
    membership = create_membership(stranger, cast.tenant_a, "partner")
    membership.organisation = other
    membership.save(update_fields=["organisation"])
    client.force_login(stranger)
    assert client.get(f"{D}/{document.pk}/").status_code == 404
    upload = {"file": SimpleUploadedFile("a.pdf", blank_pdf())}
    assert client.post(f"{D}/neu/ueberpruefung/{review.pk}/", upload).status_code == 404
    assert client.post(f"{D}/{document.pk}/entfernen/").status_code == 404
    client.force_login(cast.case_worker)
    assert client.get(f"{D}/{document.pk}/").status_code == 404  # case workers see no reviews
    client.force_login(cast.coordinator_b)
    assert client.get(f"/stadt-b/intern/dokumente/{document.pk}/").status_code == 404
    client.force_login(cast.outsider)
    assert client.get(f"{D}/{document.pk}/").status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_deleting_the_review_deletes_its_documents_and_files(
    cast, review, django_capture_on_commit_callbacks
):
    document = review.documents.get()
    path = storage.path_of(document)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        review.delete()
    assert not Document.objects.filter(pk=document.pk).exists() and not path.exists()


def test_meeting_documents_are_internal_like_the_minutes(client, cast, django_capture_on_commit_callbacks):
    meeting = cast.network_a.meeting
    document = meeting.documents.get()
    # The coordinator records the meeting: sees, adds.
    client.force_login(cast.coordinator)
    page = client.get(f"/kreis-a/intern/sitzungen/{meeting.pk}/").content.decode()
    assert "Sitzungsunterlage-kreis-a.pdf" in page and "Datei hinzufügen" in page
    client.post(
        f"{D}/neu/sitzung/{meeting.pk}/", {"file": SimpleUploadedFile("Tagesordnung.pdf", blank_pdf())}
    )
    assert meeting.documents.filter(title="Tagesordnung.pdf").exists()
    # A case worker, whose organisation sits in no body, reads neither minutes nor documents.
    client.force_login(cast.case_worker)
    assert (
        "Sitzungsunterlage-kreis-a.pdf"
        not in client.get(f"/kreis-a/intern/sitzungen/{meeting.pk}/").content.decode()
    )
    assert client.get(f"{D}/{document.pk}/").status_code == 404
    assert (
        client.post(
            f"{D}/neu/sitzung/{meeting.pk}/", {"file": SimpleUploadedFile("x.pdf", blank_pdf())}
        ).status_code
        == 404
    )
    # The partner's organisation sits in the body: it reads, but does not record the meeting.
    client.force_login(cast.partner)
    assert client.get(f"{D}/{document.pk}/").status_code == 200
    assert client.post(f"{D}/{document.pk}/entfernen/").status_code == 404


def test_offering_documents_for_the_staff_who_see_it_added_by_those_who_edit_it(client, cast):
    offering = cast.offerings_a.published
    client.force_login(cast.partner)  # the provider's partner edits its offering
    client.post(f"{D}/neu/angebot/{offering.pk}/", {"file": SimpleUploadedFile("Flyer.pdf", blank_pdf())})
    document = offering.documents.get()
    client.force_login(cast.steering)
    assert client.get(f"{D}/{document.pk}/").status_code == 200
    assert (
        client.post(
            f"{D}/neu/angebot/{offering.pk}/", {"file": SimpleUploadedFile("y.pdf", blank_pdf())}
        ).status_code
        == 404
    )
    client.force_login(cast.coordinator_b)
    assert client.get(f"/stadt-b/intern/dokumente/{document.pk}/").status_code == 404
    assert offering.documents.count() == 1
