from django.urls import path, re_path

from tandem.rubrics import views

app_name = "rubrics"
urlpatterns = [
    path("rubrics/", views.framework_list, name="framework_list"),
    path("rubrics/import/", views.framework_import, name="framework_import"),
    path("rubrics/versions/<int:pk>/", views.framework_version_detail, name="version_detail"),
    re_path(
        r"^rubrics/versions/(?P<pk>[0-9]+)/export\.(?P<file_format>json|csv)$",
        views.framework_version_export,
        name="version_export",
    ),
    path(
        "rubrics/versions/<int:pk>/publish/",
        views.framework_version_publish,
        name="version_publish",
    ),
    path(
        "rubrics/versions/<int:pk>/revise/", views.framework_version_revise, name="version_revise"
    ),
    path("rubrics/versions/<int:pk>/adopt/", views.framework_version_adopt, name="version_adopt"),
]
