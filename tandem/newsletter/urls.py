from django.urls import path

from tandem.newsletter import views
from tandem.newsletter.feeds import IssuesFeed

app_name = "newsletter"
urlpatterns = [
    path("top-three/", views.archive, name="archive"),
    path("top-three/feed.atom", IssuesFeed(), name="feed"),
    path("top-three/<int:pk>/", views.archive_issue, name="archive_issue"),
    path("top-three/subscribe/", views.subscribe, name="subscribe"),
    path("top-three/confirm/<str:token>/", views.confirm, name="confirm"),
    path("top-three/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("top-three/issues/", views.issue_list, name="issue_list"),
    path("top-three/issues/new/", views.issue_create, name="issue_create"),
    path("top-three/issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("top-three/issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("top-three/issues/<int:pk>/schedule/", views.issue_schedule, name="issue_schedule"),
    path("top-three/issues/<int:pk>/unschedule/", views.issue_unschedule, name="issue_unschedule"),
]
