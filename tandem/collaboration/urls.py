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
    path("partnership/engagements.csv", views.partnership_csv, name="partnership_csv"),
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
    path("teams/<int:pk>/plans/", views.plan_start, name="plan_start"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/versions/<int:number>/", views.plan_version, name="plan_version"),
    path(
        "plans/<int:pk>/versions/<int:number>/pdf/",
        views.plan_version_pdf,
        name="plan_version_pdf",
    ),
    path("plans/<int:pk>/compare/", views.plan_compare, name="plan_compare"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/edit/remove/", views.plan_item_remove, name="plan_item_remove"),
    path("plans/<int:pk>/edit/<str:kind>/", views.plan_item, name="plan_item"),
    path("plans/<int:pk>/sign/", views.plan_sign, name="plan_sign"),
    path("plans/<int:pk>/new-version/", views.plan_version_start, name="plan_version_start"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/progress/", views.plan_progress, name="plan_progress"),
    path("gallery/", views.gallery, name="gallery"),
    path("gallery/moderation/", views.gallery_moderation, name="gallery_moderation"),
    path("gallery/<int:pk>/", views.gallery_plan, name="gallery_plan"),
    path("gallery/<int:pk>/pdf/", views.gallery_plan_pdf, name="gallery_plan_pdf"),
    path("gallery/<int:pk>/comments/", views.gallery_comment, name="gallery_comment"),
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/<int:resource_pk>/file/", views.resource_file, name="resource_file"),
    # Meetings, action items, calendar feeds and the relationship survey (issue 5)
    path("teams/<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("teams/<int:pk>/meetings/new/", views.meeting_add, name="meeting_add"),
    path("teams/<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting_detail"),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/agenda/",
        views.meeting_agenda,
        name="meeting_agenda",
    ),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/minutes/",
        views.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/cancel/",
        views.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/action-items/",
        views.action_item_add,
        name="action_item_add",
    ),
    path("teams/<int:pk>/action-items/", views.action_items, name="action_items"),
    path(
        "teams/<int:pk>/action-items/<int:item_pk>/done/",
        views.action_item_done,
        name="action_item_done",
    ),
    path("teams/<int:pk>/survey/", views.survey, name="survey"),
    path("teams/<int:pk>/survey/results/", views.survey_results, name="survey_results"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("partnership/facilitator/", views.facilitator_dashboard, name="facilitator_dashboard"),
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
        "teams/<int:pk>/issues/<int:issue_pk>/<str:entry>/<int:entry_pk>/",
        views.issue_entry_change,
        name="issue_entry_change",
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
        "teams/<int:pk>/agreements/<int:agreement_pk>/pdf/",
        views.agreement_pdf,
        name="agreement_pdf",
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
