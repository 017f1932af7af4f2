from django.urls import path

from tandem.selection import views

app_name = "selection"
CANDIDATE = "postings/<int:pk>/candidates/<int:application_pk>/"
urlpatterns = [
    path("districts/<int:pk>/selection-stages/", views.stages, name="stages"),
    path("postings/<int:pk>/candidates/", views.candidates, name="candidates"),
    path("postings/<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("postings/<int:pk>/panel/", views.panel_add, name="panel_add"),
    path(CANDIDATE, views.candidate, name="candidate"),
    path(f"{CANDIDATE}advance/", views.candidate_advance, name="candidate_advance"),
    path(f"{CANDIDATE}not-selected/", views.candidate_not_selected, name="candidate_not_selected"),
    path(f"{CANDIDATE}screening/", views.screening_save, name="screening_save"),
    path(f"{CANDIDATE}interviews/", views.interview_add, name="interview_add"),
    path(
        f"{CANDIDATE}interviews/<int:interview_pk>/invitation.ics",
        views.interview_ics,
        name="interview_ics",
    ),
    path(f"{CANDIDATE}scorecard/", views.scorecard, name="scorecard"),
    path(
        f"{CANDIDATE}documents/<int:document_pk>/",
        views.candidate_document,
        name="candidate_document",
    ),
    path(f"{CANDIDATE}out-of-field/", views.out_of_field_reason, name="out_of_field_reason"),
]
