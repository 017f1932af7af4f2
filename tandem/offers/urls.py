from django.urls import path

from tandem.offers import views

app_name = "offers"
urlpatterns = [
    path("applications/<int:pk>/offer-file/", views.application, name="application"),
    path("applications/<int:pk>/references/", views.reference_request, name="reference_request"),
    path("applications/<int:pk>/recommend/", views.recommend, name="recommend"),
    path("applications/<int:pk>/approve/", views.approve, name="approve"),
    path("applications/<int:pk>/not-selected/", views.not_selected, name="not_selected"),
    path("applications/<int:pk>/offer/", views.offer_make, name="offer_make"),
    path("references/<str:token>/", views.reference_answer, name="reference_answer"),
    path("offers/<int:pk>/", views.offer, name="offer"),
    path("offers/<int:pk>/answer/", views.offer_answer, name="offer_answer"),
    path(
        "districts/<int:pk>/applicant-messages/",
        views.message_templates,
        name="message_templates",
    ),
    path(
        "districts/<int:pk>/applicant-messages/<str:kind>/",
        views.message_template_edit,
        name="message_template_edit",
    ),
]
