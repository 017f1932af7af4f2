from django.urls import path, re_path

from tandem.hiring import views
from tandem.hiring.feeds import PostingsFeed

app_name = "hiring"
urlpatterns = [
    path("districts/<int:pk>/postings/", views.district_postings, name="district_postings"),
    path("districts/<int:pk>/vacancies/new/", views.vacancy_create, name="vacancy_create"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy_detail"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy_edit"),
    path("vacancies/<int:pk>/post/", views.posting_create, name="posting_create"),
    path("postings/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("postings/<int:pk>/close/", views.posting_close, name="posting_close"),
    path("postings/<int:pk>/repost/", views.posting_repost, name="posting_repost"),
    path("careers/", views.careers, name="careers"),
    path("careers/feed.atom", PostingsFeed(), name="careers_feed"),
    path("careers/postings/<int:pk>/", views.careers_posting, name="careers_posting"),
    # A district's organization code is digits, so that /careers/account/ and the applicants'
    # other pages are never read as a district.
    re_path(r"^careers/(?P<org_code>[0-9]+)/$", views.careers_district, name="careers_district"),
    re_path(
        r"^careers/(?P<org_code>[0-9]+)/feed\.atom$", PostingsFeed(), name="careers_district_feed"
    ),
]
