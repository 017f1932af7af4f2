from django.urls import path

from tandem.collaboration import views

app_name = "collaboration"
urlpatterns = [
    path("teams/", views.team_list, name="team_list"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/caucus/<str:party>/", views.caucus, name="caucus"),
    path("teams/<int:pk>/notes/<str:space>/", views.note_post, name="note_post"),
    path("teams/<int:pk>/members/", views.member_add, name="member_add"),
    path("teams/<int:pk>/members/<int:member_pk>/end/", views.member_end, name="member_end"),
    path("partnership/", views.partnership, name="partnership"),
    path("partnership/programs/", views.program_list, name="program_list"),
    path("partnership/inquire/", views.inquire, name="inquire"),
    path("partnership/engagements/<int:pk>/", views.engagement_detail, name="engagement_detail"),
    path(
        "partnership/engagements/<int:pk>/agree/", views.engagement_agree, name="engagement_agree"
    ),
    path(
        "partnership/engagements/<int:pk>/withdraw/",
        views.engagement_withdraw,
        name="engagement_withdraw",
    ),
]
