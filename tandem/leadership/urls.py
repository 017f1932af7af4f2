from django.urls import path

from tandem.leadership import views

app_name = "leadership"
urlpatterns = [
    path("leadership/roles/", views.role_list, name="role_list"),
    path("leadership/roles/new/", views.role_create, name="role_create"),
    path("leadership/roles/<int:pk>/", views.role_detail, name="role_detail"),
    path("leadership/roles/<int:pk>/holders/", views.role_tenure, name="role_tenure"),
    path("leadership/roles/<int:pk>/post/", views.role_post, name="role_post"),
    path("leadership/districts/<int:pk>/lattice/", views.lattice, name="lattice"),
    path("leadership/districts/<int:pk>/eligible/", views.eligible, name="eligible"),
    path("leadership/levels/<int:pk>/edit/", views.level_edit, name="level_edit"),
    path("leadership/mine/", views.my_position, name="my_position"),
    path("leadership/educators/<int:pk>/", views.position, name="position"),
    path("leadership/educators/<int:pk>/award/", views.level_award, name="level_award"),
]
