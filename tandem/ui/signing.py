"""The page that signs: it asks for the password again first (``records.reauthentication``)."""

from django.shortcuts import redirect

from tandem.records.reauthentication import password_confirmation
from tandem.ui.forms import act_and_say


def sign_after_password(request, *, sign, done, signed_url):
    """The password again first; then a POST runs ``sign()``, says ``done`` (see
    ``act_and_say``: what signing did may hang on who else has signed) and goes to
    ``signed_url``.

    Returns the response to send now, or None to show the signing page, with a refusal as a
    message.
    """
    if confirm := password_confirmation(request):
        return confirm
    if request.method == "POST" and act_and_say(request, sign, done) is not None:
        return redirect(signed_url)
    return None


def signed_saying(record, *, complete_status, complete, waiting):
    """The ``done`` of a record every party signs: ``complete`` when this signature was the
    last one needed (the service has then moved ``record`` to ``complete_status``), otherwise
    ``waiting`` for the others."""

    def say(_signature):
        record.refresh_from_db()
        return complete if record.status == complete_status else waiting

    return say
