from django.urls import path

from tandem.onboarding import views

app_name = "onboarding"
urlpatterns = [
    path("onboarding/", views.onboarding_list, name="list"),
    path("onboarding/<int:pk>/", views.onboarding_detail, name="detail"),
    path("onboarding/<int:pk>/tasks/<int:task_pk>/tick/", views.task_tick, name="task_tick"),
    path("applications/<int:application_pk>/onboard/", views.onboard, name="onboard"),
    path("districts/<int:pk>/onboarding-steps/", views.step_list, name="step_list"),
    path(
        "districts/<int:pk>/onboarding-steps/<int:step_pk>/remove/",
        views.step_remove,
        name="step_remove",
    ),
    path(
        "districts/<int:pk>/onboarding-steps/default/",
        views.steps_from_default,
        name="steps_from_default",
    ),
]
