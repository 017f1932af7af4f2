from django.urls import path

from tandem.learning import views

app_name = "learning"
urlpatterns = [
    path("learning/", views.catalog, name="catalog"),
    path("learning/mine/", views.my_learning, name="my_learning"),
    path("learning/<int:pk>/", views.offering_detail, name="offering_detail"),
    path("learning/<int:pk>/register/", views.register, name="register"),
    path("learning/registrations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path(
        "learning/<int:pk>/sessions/<int:session_pk>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("learning/<int:pk>/assessment/", views.assessment, name="assessment"),
    path("learning/certificates/<int:pk>.pdf", views.certificate, name="certificate"),
    path("learning/verify/<str:code>/", views.verify, name="verify"),
]
urlpatterns += [
    path("learning/effectiveness/", views.effectiveness, name="effectiveness_state"),
    path(
        "learning/effectiveness/<int:offering_pk>/",
        views.effectiveness_detail,
        name="effectiveness_state_detail",
    ),
    path(
        "districts/<int:pk>/learning/effectiveness/",
        views.effectiveness,
        name="effectiveness_district",
    ),
    path(
        "districts/<int:pk>/learning/effectiveness/<int:offering_pk>/",
        views.effectiveness_detail,
        name="effectiveness_district_detail",
    ),
    path("learning/registrations/<int:pk>/survey/", views.survey, name="survey"),
]
