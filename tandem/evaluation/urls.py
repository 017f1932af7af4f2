from django.urls import path

from tandem.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
]
