from django.urls import path

from tandem.organizations import views

app_name = "organizations"
urlpatterns = [
    path("districts/", views.district_list, name="district_list"),
    path("districts/<int:pk>/", views.district_detail, name="district_detail"),
    path("districts/<int:pk>/settings/", views.settings_detail, name="settings_detail"),
    path("districts/<int:pk>/settings/propose/", views.settings_propose, name="settings_propose"),
    path(
        "districts/<int:pk>/settings/proposals/<int:proposal_pk>/",
        views.settings_proposal,
        name="settings_proposal",
    ),
    *[
        path(
            f"districts/<int:pk>/settings/proposals/<int:proposal_pk>/{act}/",
            views.settings_proposal_act,
            {"act": act},
            name=f"settings_proposal_{act}",
        )
        for act in views.ACTS
    ],
    path("schools/", views.school_list, name="school_list"),
    path("schools/<int:pk>/", views.school_detail, name="school_detail"),
]
