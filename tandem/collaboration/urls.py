from django.urls import path

from tandem.collaboration.views import (
    agreements,
    comments,
    dashboard,
    enrollment,
    gallery,
    library,
    meetings,
    plans,
    problem_solving,
    survey,
    teams,
)

app_name = "collaboration"
urlpatterns = [
    path("teams/", teams.team_list, name="team_list"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/caucus/<str:party>/", teams.caucus, name="caucus"),
    path("teams/<int:pk>/notes/<str:space>/", teams.note_post, name="note_post"),
    path("teams/<int:pk>/members/", teams.member_add, name="member_add"),
    path("teams/<int:pk>/notices/", teams.notice_preference, name="notice_preference"),
    path("teams/<int:pk>/members/<int:member_pk>/end/", teams.member_end, name="member_end"),
    path("partnership/", enrollment.partnership, name="partnership"),
    path("partnership/engagements.csv", enrollment.partnership_csv, name="partnership_csv"),
    path("partnership/programs/", enrollment.program_list, name="program_list"),
    path("partnership/inquire/", enrollment.inquire, name="inquire"),
    path(
        "partnership/engagements/<int:pk>/", enrollment.engagement_detail, name="engagement_detail"
    ),
    path(
        "partnership/engagements/<int:pk>/agree/",
        enrollment.engagement_agree,
        name="engagement_agree",
    ),
    path(
        "partnership/engagements/<int:pk>/withdraw/",
        enrollment.engagement_withdraw,
        name="engagement_withdraw",
    ),
    path("teams/<int:pk>/plans/", plans.plan_start, name="plan_start"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/versions/<int:number>/", plans.plan_version, name="plan_version"),
    path(
        "plans/<int:pk>/versions/<int:number>/pdf/",
        plans.plan_version_pdf,
        name="plan_version_pdf",
    ),
    path("plans/<int:pk>/compare/", plans.plan_compare, name="plan_compare"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/edit/remove/", plans.plan_item_remove, name="plan_item_remove"),
    path("plans/<int:pk>/edit/<str:kind>/", plans.plan_item, name="plan_item"),
    path("plans/<int:pk>/sign/", plans.plan_sign, name="plan_sign"),
    path("plans/<int:pk>/new-version/", plans.plan_version_start, name="plan_version_start"),
    path("plans/<int:pk>/publish/", gallery.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/progress/", plans.plan_progress, name="plan_progress"),
    path("gallery/", gallery.gallery, name="gallery"),
    path("gallery/moderation/", gallery.gallery_moderation, name="gallery_moderation"),
    path("gallery/<int:pk>/", gallery.gallery_plan, name="gallery_plan"),
    path("gallery/<int:pk>/pdf/", gallery.gallery_plan_pdf, name="gallery_plan_pdf"),
    path("gallery/<int:pk>/comments/", gallery.gallery_comment, name="gallery_comment"),
    path("resources/", library.resource_list, name="resource_list"),
    path("resources/<int:resource_pk>/file/", library.resource_file, name="resource_file"),
    # Meetings, action items, calendar feeds and the relationship survey (issue 5)
    path("teams/<int:pk>/meetings/", meetings.meeting_list, name="meeting_list"),
    path("teams/<int:pk>/meetings/new/", meetings.meeting_add, name="meeting_add"),
    path("teams/<int:pk>/meetings/length/", meetings.meeting_length, name="meeting_length"),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/", meetings.meeting_detail, name="meeting_detail"
    ),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/agenda/",
        meetings.meeting_agenda,
        name="meeting_agenda",
    ),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/minutes/",
        meetings.meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/cancel/",
        meetings.meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "teams/<int:pk>/meetings/<int:meeting_pk>/action-items/",
        meetings.action_item_add,
        name="action_item_add",
    ),
    path("teams/<int:pk>/action-items/", meetings.action_items, name="action_items"),
    path(
        "teams/<int:pk>/action-items/<int:item_pk>/done/",
        meetings.action_item_done,
        name="action_item_done",
    ),
    path("teams/<int:pk>/survey/", survey.survey, name="survey"),
    path("teams/<int:pk>/survey/results/", survey.survey_results, name="survey_results"),
    path("calendar/", meetings.calendar, name="calendar"),
    path("calendar/<slug:token>.ics", meetings.calendar_feed, name="calendar_feed"),
    path("partnership/facilitator/", dashboard.facilitator_dashboard, name="facilitator_dashboard"),
]

# Interest-based problem solving and joint agreements (issue 5, item 4)
urlpatterns += [
    path("teams/<int:pk>/issues/", problem_solving.issue_list, name="issue_list"),
    path("teams/<int:pk>/issues/add/", problem_solving.issue_add, name="issue_add"),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/", problem_solving.issue_detail, name="issue_detail"
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/restate/",
        problem_solving.issue_restate,
        name="issue_restate",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/step/",
        problem_solving.issue_stage,
        name="issue_stage",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/<str:entry>/add/",
        problem_solving.issue_entry_add,
        name="issue_entry_add",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/<str:entry>/<int:entry_pk>/",
        problem_solving.issue_entry_change,
        name="issue_entry_change",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/interests/<int:interest_pk>/mutual/",
        problem_solving.interest_mutual,
        name="interest_mutual",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/weigh/",
        problem_solving.issue_weigh,
        name="issue_weigh",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/consensus/",
        problem_solving.consensus_check,
        name="consensus_check",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/stance-visibility/",
        problem_solving.issue_stance_visibility,
        name="issue_stance_visibility",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/decide/",
        problem_solving.issue_decide,
        name="issue_decide",
    ),
    path("teams/<int:pk>/agreements/new/", agreements.agreement_add, name="agreement_add"),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/",
        agreements.agreement_detail,
        name="agreement_detail",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/pdf/",
        agreements.agreement_pdf,
        name="agreement_pdf",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/edit/",
        agreements.agreement_edit,
        name="agreement_edit",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/sign/",
        agreements.agreement_sign,
        name="agreement_sign",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/revise/",
        agreements.agreement_revise,
        name="agreement_revise",
    ),
    # Threads where decisions are made (issue 16, item 8)
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/discussion/",
        comments.issue_thread,
        name="issue_thread",
    ),
    path(
        "teams/<int:pk>/issues/<int:issue_pk>/options/<int:option_pk>/discussion/",
        comments.option_thread,
        name="option_thread",
    ),
    path(
        "teams/<int:pk>/agreements/<int:agreement_pk>/discussion/",
        comments.agreement_thread,
        name="agreement_thread",
    ),
    path(
        "teams/<int:pk>/comments/<int:comment_pk>/edit/",
        comments.comment_edit,
        name="comment_edit",
    ),
]
