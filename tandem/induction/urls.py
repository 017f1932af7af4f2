from django.urls import path

from tandem.induction import views

app_name = "induction"
urlpatterns = [
    path("districts/<int:pk>/induction/", views.district_overview, name="district"),
    path("districts/<int:pk>/induction/settings/", views.rules_settings, name="settings"),
    path("districts/<int:pk>/induction/mentors/", views.mentor_list, name="mentor_list"),
    path("districts/<int:pk>/induction/report/", views.report, name="report"),
    path("districts/<int:pk>/induction/report.csv", views.report_csv, name="report_csv"),
    path("induction/teachers/<int:pk>/", views.mentee_detail, name="mentee"),
    path("induction/teachers/<int:pk>/assign/", views.mentor_assign, name="assign"),
    path("induction/", views.mine, name="mine"),
    path("induction/mentoring/<int:pk>/logs/", views.log_add, name="log_add"),
    path("induction/logs/<int:pk>/edit/", views.log_edit, name="log_edit"),
    path("induction/logs/<int:pk>/confirm/", views.log_confirm, name="log_confirm"),
]
