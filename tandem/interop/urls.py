from django.urls import path

from tandem.interop import views

app_name = "interop"
urlpatterns = [
    path("exports/ed-fi/", views.export_list, name="export_list"),
    path("exports/ed-fi/<int:pk>/", views.export_detail, name="export_detail"),
    path("exports/ed-fi/<int:pk>/download/", views.export_download, name="export_download"),
]
