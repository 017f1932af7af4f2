from django.urls import path, re_path

from tandem.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("cycles/", views.cycle_list, name="cycle_list"),
    path("cycles/sw.js", views.capture_service_worker, name="capture_service_worker"),
    path("me/evaluation-record.zip", views.record_archive, name="record_archive"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/shares/", views.share_grant, name="share_grant"),
    path("cycles/<int:pk>/shares/<int:share_pk>/revoke/", views.share_revoke, name="share_revoke"),
    path("schools/<int:pk>/evaluations/", views.school_progress, name="school_progress"),
    path("districts/<int:pk>/evaluations/", views.district_progress, name="district_progress"),
    path("cycles/<int:pk>/self-assessment/", views.self_assessment, name="self_assessment"),
    path(
        "cycles/<int:pk>/self-assessment/submit/",
        views.self_assessment_submit,
        name="self_assessment_submit",
    ),
    path(
        "cycles/<int:pk>/self-assessment/take-back/",
        views.self_assessment_take_back,
        name="self_assessment_take_back",
    ),
    path("cycles/<int:pk>/plan/", views.plan, name="plan"),
    path("cycles/<int:pk>/plan/sign/", views.plan_sign, name="plan_sign"),
    path("cycles/<int:pk>/plan/goals/", views.goal_add, name="goal_add"),
    path("cycles/<int:pk>/plan/goals/<int:goal_pk>/", views.goal_edit, name="goal_edit"),
    path("cycles/<int:pk>/plan/goals/<int:goal_pk>/remove/", views.goal_remove, name="goal_remove"),
    path("cycles/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("cycles/<int:pk>/evidence/add/", views.evidence_add, name="evidence_add"),
    path(
        "cycles/<int:pk>/evidence/<int:evidence_pk>/file/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("cycles/<int:pk>/observations/", views.observation_add, name="observation_add"),
    path(
        "cycles/<int:pk>/observations/capture/",
        views.observation_capture,
        name="observation_capture",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/",
        views.observation,
        name="observation",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/share/",
        views.observation_share,
        name="observation_share",
    ),
    re_path(
        r"^cycles/(?P<pk>[0-9]+)/forms/(?P<form>self-assessment|educator-plan|formative|summative)\.pdf$",
        views.form_pdf,
        name="form_pdf",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/feedback.pdf",
        views.observation_pdf,
        name="observation_pdf",
    ),
    path("cycles/<int:pk>/formative/", views.formative, name="formative"),
    path("cycles/<int:pk>/formative/share/", views.formative_share, name="formative_share"),
    path("cycles/<int:pk>/summative/", views.summative, name="summative"),
    path("cycles/<int:pk>/summative/sign/", views.summative_sign, name="summative_sign"),
    path("cycles/<int:pk>/summative/respond/", views.summative_respond, name="summative_respond"),
    path("cycles/<int:pk>/summative/amend/", views.summative_amend, name="summative_amend"),
    path(
        "cycles/<int:pk>/plan/<str:action>/",
        views.plan_action,
        name="plan_action",
    ),
]
