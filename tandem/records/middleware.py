"""No answer of Tandem's is kept by a browser or a proxy unless its view says it may be."""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Send ``Cache-Control: no-store, private`` on every answer that does not set its own.

    Evaluation records are confidential personnel records, and a stored copy outlives the
    session: the next person at a shared school computer could open it from the browser's
    cache or history, and a proxy could hand it to someone else (issue 11). Nearly every page,
    PDF, download and API answer holds such a record or a list of them, so every answer is
    private by default rather than some marked so: a new view is safe without remembering to,
    and so is an answer read with a bearer token or a token in the address (the calendar feed),
    which a check of the session alone would miss. A view opts out by setting its own
    ``Cache-Control`` (the offline service worker's ``no-cache``). Static files never reach
    here: WhiteNoise, earlier in ``MIDDLEWARE``, serves them with their own caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
