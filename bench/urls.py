from django.http import HttpResponse
from django.urls import path

from tandem.urls import urlpatterns as tandem_urlpatterns


def floor(request):
    """The cheapest page Django can serve through the same middleware: the benchmark's floor."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor", floor), *tandem_urlpatterns]
