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
