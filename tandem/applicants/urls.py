from django.urls import path

from tandem.applicants import views

app_name = "applicants"

urlpatterns = [
    path("careers/account/", views.account_create, name="account_create"),
    path("careers/profile/", views.profile, name="profile"),
    path("careers/profile/documents/", views.document_add, name="document_add"),
    path("careers/profile/documents/<int:pk>/file", views.document_file, name="document_file"),
    path("careers/profile/<str:part>/add/", views.profile_item, name="profile_item_add"),
    path("careers/profile/<str:part>/<int:pk>/", views.profile_item, name="profile_item_edit"),
    path(
        "careers/profile/<str:part>/<int:pk>/remove/",
        views.profile_item_remove,
        name="profile_item_remove",
    ),
    path("careers/postings/<int:pk>/apply/", views.apply, name="apply"),
    path("careers/applications/", views.mine, name="mine"),
    path("careers/applications/<int:pk>/", views.application_detail, name="application"),
    path("careers/applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("careers/equal-opportunity/", views.eeo_report, name="eeo_report"),
]
