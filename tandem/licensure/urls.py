from django.urls import path

from tandem.licensure import views

app_name = "licensure"
urlpatterns = [
    path("licenses/", views.mine, name="mine"),
    path("licenses/<int:pk>/renewal/", views.renewal, name="renewal"),
    path("licenses/<int:pk>/renewal.csv", views.summary_csv, name="summary_csv"),
    path("licenses/<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("licenses/<int:pk>/plans/", views.ipdp_write, name="ipdp_write"),
    path("licenses/points/<int:pk>/decide/", views.entry_decide, name="entry_decide"),
    path("licenses/plans/<int:pk>/approve/", views.ipdp_approve, name="ipdp_approve"),
    path("licenses/plans/<int:pk>/review/", views.ipdp_review, name="ipdp_review"),
    path("districts/<int:pk>/licensing/", views.district, name="district"),
]
