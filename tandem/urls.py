from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from tandem import views
from tandem.api import api

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Tandem administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("tandem.organizations.urls")),
    path("", include("tandem.bargaining.urls")),
    path("", include("tandem.people.urls")),
    path("", include("tandem.rubrics.urls")),
    path("", include("tandem.evaluation.urls")),
    path("", include("tandem.collaboration.urls")),
    path("", include("tandem.reporting.urls")),
    path("", include("tandem.induction.urls")),
    path("", include("tandem.licensure.urls")),
    path("", include("tandem.imports.urls")),
    path("", include("tandem.interop.urls")),
    path("", include("tandem.hiring.urls")),
    path("", include("tandem.dashboards.urls")),
    path("", include("tandem.onboarding.urls")),
    path("", include("tandem.selection.urls")),
    path("", include("tandem.exits.urls")),
    path("", include("tandem.learning.urls")),
    path("", include("tandem.cabinets.urls")),
    path("", include("tandem.recognition.urls")),
    path("", include("tandem.offers.urls")),
    path("", include("tandem.applicants.urls")),
    path("", include("tandem.leadership.urls")),
    path("", include("tandem.newsletter.urls")),
]
