"""Uploads checked by their content and size, stored outside the web root, served only as
attachments after a permission check."""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.errors import DomainError
from tandem.records.models import StoredFile

MB = 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", "pdf", gettext_lazy("PDF"))
PNG = FileKind("image/png", "png", gettext_lazy("PNG image"))
JPEG = FileKind("image/jpeg", "jpg", gettext_lazy("JPEG image"))
TEXT = FileKind("text/plain", "txt", gettext_lazy("plain text"))
OFFICE = {
    "word/": FileKind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
        gettext_lazy("Word document"),
    ),
    "xl/": FileKind(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        gettext_lazy("Excel workbook"),
    ),
    "ppt/": FileKind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
        gettext_lazy("PowerPoint presentation"),
    ),
}
KINDS = {kind.content_type: kind for kind in (PDF, PNG, JPEG, TEXT, *OFFICE.values())}
ACCEPTED = gettext_lazy("PDF, PNG or JPEG images, Word, Excel or PowerPoint files, or plain text")


def kind_of(content: bytes) -> FileKind | None:
    """What the bytes are, from their content alone."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    if b"\x00" not in content:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT
    return None


def _office_kind(content: bytes) -> FileKind | None:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, kind in OFFICE.items():
        if any(name.startswith(prefix) for name in names):
            return kind
    return None


def too_large(size: int, limit: int) -> str:
    """Why a file of ``size`` bytes is refused under ``limit``, in whole megabytes up."""
    return _("The file is %(size)d MB; files may be at most %(limit)d MB.") % {
        "size": -(-size // MB),
        "limit": limit // MB,
    }


def upload_checked(upload) -> tuple[bytes, FileKind]:
    """The upload's content and kind, or a DomainError naming why Tandem refuses it."""
    limit = settings.MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise DomainError(too_large(upload.size, limit))
    content = upload.read(limit + 1)
    if not content:
        raise DomainError(_("The file is empty."))
    kind = kind_of(content)
    if kind is None:
        raise DomainError(
            _("“%(name)s” is not a file Tandem accepts: its content is not %(accepted)s.")
            % {"name": upload.name, "accepted": ACCEPTED}
        )
    return content, kind


def stored_file_save(*, upload, district_id: int | None, by) -> StoredFile:
    """Check an upload and store it; a refused file leaves nothing behind. ``district_id`` is
    None only for the partnership's shared files."""
    content, kind = upload_checked(upload)
    digest = hashlib.sha256(content).hexdigest()
    stored = StoredFile(
        district_id=district_id,
        name=get_valid_filename(upload.name)[:200] or f"file.{kind.extension}",
        content_type=kind.content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=by,
    )
    stored.file.save(f"{digest}.{kind.extension}", ContentFile(content), save=False)
    stored.save()
    return stored


def stored_file_download_name(stored: StoredFile) -> str:
    """The uploader's name with the extension of what the content is (``evil.html`` that is
    text is ``evil.txt``), so nothing that goes by the name opens it as a page or a program
    (issue 11)."""
    kind = KINDS.get(stored.content_type)
    stem = PurePosixPath(stored.name).stem or "file"
    return f"{stem}.{kind.extension if kind else 'bin'}"


def stored_file_response(stored: StoredFile) -> FileResponse:
    """The file as a download, never rendered by the browser."""
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored_file_download_name(stored),
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def stored_file_erase(stored: StoredFile) -> None:
    """Delete the file's bytes and keep its row (name, kind, size, SHA-256): a record says what
    was there, and the digest still matches a copy someone produces, with nothing to leak."""
    stored.file.delete(save=False)
    stored.save(update_fields=["file"])


def upload_limits() -> str:
    """What an upload may be, in words, for the hint shown before anyone chooses a file."""
    return _("%(accepted)s, at most %(limit)d MB.") % {
        "accepted": ACCEPTED,
        "limit": settings.MAX_UPLOAD_BYTES // MB,
    }


ACCEPT_ATTRIBUTE = ",".join(sorted({f".{kind.extension}" for kind in KINDS.values()} | {".jpeg"}))
