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

# Interest-based problem solving and joint agreements (issue 5, item 4)
urlpatterns += [
    path("teams/<int:pk>/issues/", views.issue_list, name="issue_list"),
    path("teams/<int:pk>/issues/add/", views.issue_add, name="issue_add"),
    path("teams/<int:pk>/issues/<int:issue_pk>/", views.issue_detail, name="issue_detail"),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/restate/",
        views.issue_restate,
        name="issue_restate",
    ),
    path("teams/<int:pk>/issues/<int:issue_pk>/step/", views.issue_stage, name="issue_stage"),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/<str:entry>/add/",
        views.issue_entry_add,
        name="issue_entry_add",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/interests/<int:interest_pk>/mutual/",
        views.interest_mutual,
        name="interest_mutual",
    ),
    path("teams/<int:pk>/issues/<int:issue_pk>/weigh/", views.issue_weigh, name="issue_weigh"),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/consensus/",
        views.consensus_check,
        name="consensus_check",
    ),
    path("teams/<int:pk>/issues/<int:issue_pk>/decide/", views.issue_decide, name="issue_decide"),
    path("teams/<int:pk>/agreements/new/", views.agreement_add, name="agreement_add"),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/",
        views.agreement_detail,
        name="agreement_detail",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/edit/",
        views.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/sign/",
        views.agreement_sign,
        name="agreement_sign",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/revise/",
        views.agreement_revise,
        name="agreement_revise",
    ),
]
