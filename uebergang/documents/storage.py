"""Storing, checking and serving attached documents.

Accepted are the formats offices exchange — PDF, PNG and JPEG images, Word/Excel/PowerPoint (OOXML) and
OpenDocument files, plain text and CSV — recognised by their first bytes and their structure, not by the
name alone: a file whose content does not match its ending is refused. Archives (OOXML, OpenDocument)
pass `filesafety.check_archive` first (no zip bombs, no odd member names). The size limit is
DOCUMENT_MAX_MB (10 MB). Files are served only as attachments with `nosniff` and a sandboxing CSP, so
a browser never renders one in the platform's origin.
"""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from uebergang.lib import filesafety

from .models import Document

CHUNK = 64 * 1024
OOXML = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
OPENDOCUMENT = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
ALLOWED = ".pdf, .png, .jpg, .jpeg, .docx, .xlsx, .pptx, .odt, .ods, .odp, .txt, .csv"


class RefusedDocument(Exception):
    """The upload is not stored; the message says why, in German."""


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def folder(tenant_id: int) -> Path:
    return Path(settings.SHARED_FILES_DIR) / "documents" / str(tenant_id)


def path_of(document: Document) -> Path:
    return folder(document.tenant_id) / document.stored_name


def _refuse_kind() -> RefusedDocument:
    return RefusedDocument(
        _(
            "Diese Datei nimmt die Plattform nicht an. Erlaubt sind PDF, Bilder (PNG, JPEG), Word-, Excel- und "
            "PowerPoint-Dateien, OpenDocument-Dateien sowie Text und CSV – und der Inhalt muss zur Dateiendung passen."
        )
    )


def media_type_of(path: Path, name: str) -> str:
    """The media type of a stored upload, from its content and ending; RefusedDocument if they disagree."""
    ending = Path(name).suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if ending == ".pdf" and head.startswith(b"%PDF-"):
        return "application/pdf"
    if ending == ".png" and head == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if ending in (".jpg", ".jpeg") and head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if ending in OOXML or ending in OPENDOCUMENT:
        if not head.startswith(b"PK\x03\x04"):
            raise _refuse_kind()
        try:
            filesafety.check_archive(path)
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if ending in OOXML and "[Content_Types].xml" in names:
                    return OOXML[ending]
                declared = (
                    archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
                )
                if ending in OPENDOCUMENT and declared == OPENDOCUMENT[ending]:
                    return OPENDOCUMENT[ending]
        except (filesafety.HostileFile, zipfile.BadZipFile) as error:
            raise RefusedDocument(_("Die Datei ist beschädigt oder kein gültiges Dokument.")) from error
        raise _refuse_kind()
    if ending in (".txt", ".csv") and b"\x00" not in path.read_bytes():
        # Text as offices write it: UTF-8 or Windows-1252; served as a download, never rendered.
        return "text/csv" if ending == ".csv" else "text/plain"
    raise _refuse_kind()


def _clean_title(name: str) -> str:
    name = Path(name.replace("\\", "/")).name.strip() or "dokument"
    return "".join(c for c in name if c.isprintable() and c not in '<>:"|?*')[:200] or "dokument"


@transaction.atomic
def store(upload, *, tenant, owner, user) -> Document:
    """Check and keep an uploaded file for `owner`; nothing is kept if it is refused."""
    if upload.size is not None and upload.size > max_bytes():
        raise RefusedDocument(_("Die Datei ist größer als %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)})
    if not upload.size:
        raise RefusedDocument(_("Die Datei ist leer."))
    target_dir = folder(tenant.pk)
    target_dir.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    path = target_dir / stored_name
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks(CHUNK):
                size += len(chunk)
                if size > max_bytes():
                    raise RefusedDocument(
                        _("Die Datei ist größer als %(mb)s MB.") % {"mb": max_bytes() // (1024 * 1024)}
                    )
                digest.update(chunk)
                out.write(chunk)
        title = _clean_title(upload.name)
        media_type = media_type_of(path, title)
        document = Document.objects.create(
            tenant=tenant,
            owner=owner,
            title=title,
            stored_name=stored_name,
            media_type=media_type,
            size=size,
            sha256=digest.hexdigest(),
            uploaded_by=user,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return document


def download_response(document: Document) -> FileResponse:
    """The file as an attachment that no browser renders in the platform's origin."""
    path = path_of(document)
    if not path.exists():
        raise Http404("file missing")
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=document.title, content_type=document.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


def documents_of(owner) -> list[Document]:
    from django.contrib.contenttypes.models import ContentType

    return list(
        Document.objects.filter(
            owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk
        ).select_related("uploaded_by")
    )
