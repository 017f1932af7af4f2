from django.urls import path

from tandem.imports import views

app_name = "imports"
urlpatterns = [
    path("imports/", views.run_list, name="run_list"),
    path("imports/kinds/<slug:kind>/", views.kind_help, name="kind_help"),
    path("imports/kinds/<slug:kind>/template.csv", views.kind_template_csv, name="template_csv"),
    path("imports/kinds/<slug:kind>/template.xlsx", views.kind_template_xlsx, name="template_xlsx"),
    path("imports/demo/<str:name>", views.demo_file, name="demo_file"),
    path("imports/<int:pk>/", views.run_detail, name="run_detail"),
    path("imports/<int:pk>/status/", views.run_status, name="run_status"),
    path("imports/<int:pk>/problems.csv", views.run_problems_csv, name="run_problems_csv"),
    path("imports/<int:pk>/changes.csv", views.run_changes_csv, name="run_changes_csv"),
    path("imports/<int:pk>/file/", views.run_file, name="run_file"),
    path("imports/<int:pk>/apply/", views.run_apply, name="run_apply"),
]
