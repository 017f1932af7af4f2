"""A page's upload refused by its size before any of the file is written or parsed (issue 12,
"Bad input": a 200 MB upload).

Django writes an upload to a temporary file as it parses the body, and the services check
``upload.size`` only once the whole file is there. ``upload_limit`` puts a handler before
Django's own: when the body the browser declares is larger than the limit, it stops the
upload at the file's first byte. The form's other fields, sent before the file, are kept;
the rest of the body is read in chunks and dropped unparsed, so that the browser, still
sending it, receives the page with the message instead of a broken connection. (Django's own
draining reads it line by line, which holds the whole of a body without line breaks.)

CSRF's middleware reads ``request.POST`` before the view runs, with Django's handlers: a
limited view is exempt from the middleware and checks the token itself, once the handler is
in place (Django's documented way to change a view's upload handlers).
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from tandem.records.files import too_large

CHUNK = 64 * 1024


class UploadLimit(FileUploadHandler):
    """Stops a body larger than ``limit`` bytes when its first file begins."""

    def __init__(self, request, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.declared = 0
        self.refusal: str | None = None

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared = content_length

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.declared > self.limit:
            self.refusal = too_large(self.declared, self.limit)
            while self.request.read(CHUNK):
                pass
            raise StopUpload(connection_reset=False)  # nothing is left for Django to read

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


def upload_limit(setting: str):
    """Refuse, in the decorated view, an upload larger than ``settings.<setting>`` bytes;
    the view asks ``upload_refusal(request)`` why its file is missing."""

    def decorate(view):
        checked = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def limited(request, *args, **kwargs):
            request.upload_handlers.insert(
                0, UploadLimit(request, limit=getattr(settings, setting))
            )
            return checked(request, *args, **kwargs)

        return limited

    return decorate


def upload_refusal(request) -> str | None:
    """Why the request's file was refused by its size, or None; parses the body if need be."""
    request.FILES  # noqa: B018 (parsing the body runs the handlers)
    for handler in request.upload_handlers:
        if isinstance(handler, UploadLimit):
            return handler.refusal
    return None


def upload_refused(request, form: forms.Form) -> bool:
    """Whether the request's file was refused by its size; if so the form is checked and the
    refusal replaces what its file field says (the file is missing, not the person's fault)."""
    refusal = upload_refusal(request)
    if not refusal:
        return False
    form.is_valid()
    field = next((n for n, f in form.fields.items() if isinstance(f, forms.FileField)), None)
    if field is None:
        form.add_error(None, refusal)
    else:
        form.errors[field] = form.error_class([refusal])
    return True
