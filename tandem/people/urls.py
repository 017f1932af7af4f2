from django.urls import path

from tandem.people import views

app_name = "people"
urlpatterns = [
    path("educators/", views.educator_list, name="educator_list"),
    path("educators/<int:pk>/", views.educator_detail, name="educator_detail"),
    path("me/access-log/", views.access_log, name="access_log"),
    path("me/access-log.csv", views.access_log_csv, name="access_log_csv"),
    path("me/tokens/", views.token_list, name="token_list"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
