from django.urls import path

from tandem.exits import views

app_name = "exits"
urlpatterns = [
    path("separations/", views.separation_list, name="separation_list"),
    path("separations.csv", views.separation_csv, name="separation_csv"),
    path("separations/<int:pk>/", views.separation_detail, name="separation_detail"),
    path("separations/<int:pk>/correct/", views.separation_correct, name="separation_correct"),
    path("educators/<int:pk>/separation/", views.separation_new, name="separation_new"),
    path("exit-survey/<str:token>/", views.exit_survey, name="exit_survey"),
    path(
        "districts/<int:pk>/exit-survey/",
        views.exit_survey_results,
        name="exit_survey_results",
    ),
    path("where-leavers-went/", views.where_leavers_went, name="where_leavers_went"),
]
