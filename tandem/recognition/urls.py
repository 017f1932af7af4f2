from django.urls import path

from tandem.recognition import views

app_name = "recognition"
urlpatterns = [
    path("recognition/", views.cycle_list, name="cycle_list"),
    path("recognition/honourees/", views.honourees, name="honourees"),
    path("recognition/cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("recognition/cycles/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("recognition/cycles/<int:pk>/apply/", views.apply, name="apply"),
    path("recognition/cycles/<int:pk>/shortlist/", views.shortlist, name="shortlist"),
    path("recognition/nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("recognition/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("recognition/applications/<int:pk>/recuse/", views.recuse, name="recuse"),
    path("recognition/applications/<int:pk>/select/", views.select, name="select"),
]
