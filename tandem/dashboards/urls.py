from django.urls import path

from tandem.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("dashboards/state/", views.state_dashboard, name="state"),
    path("districts/<int:pk>/dashboard/", views.district_dashboard, name="district"),
    path(
        "districts/<int:pk>/dashboard/<slug:figure>/educators/",
        views.district_educators,
        name="district_educators",
    ),
    path("dashboards/state/talent/", views.state_talent, name="state_talent"),
    path("districts/<int:pk>/dashboard/talent/", views.district_talent, name="district_talent"),
    path("figures/", views.public_figures, name="public"),
]
