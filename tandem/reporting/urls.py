from django.urls import path

from tandem.reporting import views

app_name = "reporting"
urlpatterns = [
    path("districts/<int:pk>/state-reporting/", views.staff_roster, name="staff_roster"),
    path(
        "districts/<int:pk>/state-reporting/staff-roster.csv",
        views.staff_roster_csv,
        name="staff_roster_csv",
    ),
    path(
        "districts/<int:pk>/state-reporting/exceptions/",
        views.exception_add,
        name="exception_add",
    ),
    path(
        "districts/<int:pk>/state-reporting/exceptions/<int:exception_pk>/remove/",
        views.exception_remove,
        name="exception_remove",
    ),
]
