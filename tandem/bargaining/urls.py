from django.urls import path

from tandem.bargaining import views

app_name = "bargaining"
urlpatterns = [
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
]
