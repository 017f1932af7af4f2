from django.urls import path, re_path

from tandem.evaluation.views import (
    archive,
    calibration,
    co_observation,
    cycles,
    formative,
    observations,
    plan,
    printables,
    prior,
    progress,
    self_assessment,
    sharing,
    summative,
)

app_name = "evaluation"
urlpatterns = [
    path("cycles/", cycles.cycle_list, name="cycle_list"),
    path("cycles/sw.js", observations.capture_service_worker, name="capture_service_worker"),
    path("me/evaluation-record.zip", archive.record_archive, name="record_archive"),
    path("educators/<int:pk>/prior-ratings/", prior.prior_ratings, name="prior_ratings"),
    path("cycles/<int:pk>/", cycles.cycle_detail, name="cycle_detail"),
    path("cycles/<int:pk>/shares/", sharing.share_grant, name="share_grant"),
    path(
        "cycles/<int:pk>/shares/<int:share_pk>/revoke/", sharing.share_revoke, name="share_revoke"
    ),
    path("schools/<int:pk>/evaluations/", progress.school_progress, name="school_progress"),
    path("districts/<int:pk>/evaluations/", progress.district_progress, name="district_progress"),
    path(
        "districts/<int:pk>/calibration/",
        calibration.district_calibration,
        name="district_calibration",
    ),
    path("calibration/", calibration.state_calibration, name="state_calibration"),
    path(
        "cycles/<int:pk>/self-assessment/", self_assessment.self_assessment, name="self_assessment"
    ),
    path(
        "cycles/<int:pk>/self-assessment/submit/",
        self_assessment.self_assessment_submit,
        name="self_assessment_submit",
    ),
    path(
        "cycles/<int:pk>/self-assessment/take-back/",
        self_assessment.self_assessment_take_back,
        name="self_assessment_take_back",
    ),
    path("cycles/<int:pk>/plan/", plan.plan, name="plan"),
    path("cycles/<int:pk>/plan/sign/", plan.plan_sign, name="plan_sign"),
    path("cycles/<int:pk>/plan/goals/", plan.goal_add, name="goal_add"),
    path("cycles/<int:pk>/plan/goals/<int:goal_pk>/", plan.goal_edit, name="goal_edit"),
    path("cycles/<int:pk>/plan/goals/<int:goal_pk>/remove/", plan.goal_remove, name="goal_remove"),
    path("cycles/<int:pk>/evidence/", observations.evidence, name="evidence"),
    path("cycles/<int:pk>/evidence/add/", observations.evidence_add, name="evidence_add"),
    path(
        "cycles/<int:pk>/evidence/<int:evidence_pk>/",
        observations.evidence_item,
        name="evidence_item",
    ),
    path(
        "cycles/<int:pk>/evidence/<int:evidence_pk>/file/",
        observations.evidence_file,
        name="evidence_file",
    ),
    path(
        "cycles/<int:pk>/evidence/<int:evidence_pk>/replace/",
        observations.evidence_replace,
        name="evidence_replace",
    ),
    path(
        "cycles/<int:pk>/evidence/<int:evidence_pk>/remove/",
        observations.evidence_remove,
        name="evidence_remove",
    ),
    path(
        "cycles/<int:pk>/evidence/<int:evidence_pk>/removal-requests/",
        observations.evidence_removal_request,
        name="evidence_removal_request",
    ),
    path(
        "cycles/<int:pk>/evidence/<int:evidence_pk>/removal-requests/<int:removal_pk>/",
        observations.evidence_removal_decide,
        name="evidence_removal_decide",
    ),
    path("cycles/<int:pk>/observations/", observations.observation_add, name="observation_add"),
    path(
        "cycles/<int:pk>/observations/capture/",
        observations.observation_capture,
        name="observation_capture",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/",
        observations.observation,
        name="observation",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/co-observation/",
        co_observation.co_observation,
        name="co_observation",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/co-observation/invite/",
        co_observation.co_observation_invite,
        name="co_observation_invite",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/co-observation/ratings/",
        co_observation.co_observation_rate,
        name="co_observation_rate",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/share/",
        observations.observation_share,
        name="observation_share",
    ),
    re_path(
        r"^cycles/(?P<pk>[0-9]+)/forms/(?P<form>self-assessment|educator-plan|formative|summative)\.pdf$",
        printables.form_pdf,
        name="form_pdf",
    ),
    path(
        "cycles/<int:pk>/observations/<int:observation_pk>/feedback.pdf",
        printables.observation_pdf,
        name="observation_pdf",
    ),
    path("cycles/<int:pk>/formative/", formative.formative, name="formative"),
    path("cycles/<int:pk>/formative/share/", formative.formative_share, name="formative_share"),
    path(
        "cycles/<int:pk>/formative/respond/", formative.formative_respond, name="formative_respond"
    ),
    path("cycles/<int:pk>/formative/sign/", formative.formative_sign, name="formative_sign"),
    path("cycles/<int:pk>/summative/", summative.summative, name="summative"),
    path("cycles/<int:pk>/summative/sign/", summative.summative_sign, name="summative_sign"),
    path(
        "cycles/<int:pk>/summative/respond/", summative.summative_respond, name="summative_respond"
    ),
    path("cycles/<int:pk>/summative/amend/", summative.summative_amend, name="summative_amend"),
    path(
        "cycles/<int:pk>/plan/<str:action>/",
        plan.plan_action,
        name="plan_action",
    ),
]
