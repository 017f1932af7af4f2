"""Every URL name × every role × the status it must answer (issue 3).

A route added without a row here fails ``test_every_route_has_a_row``.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.people.models import RoleGrant, StaffAssignment

pytestmark = pytest.mark.django_db

EMAILS = {
    "teacher": "teacher@example.org",
    "union": "union.president@example.org",
    "principal": "principal@example.org",
    "hr": "hr@example.org",
    "district_admin": "district.admin@example.org",
    "superintendent": "superintendent@example.org",
    "committee": "committee.chair@example.org",
    "facilitator": "facilitator@example.org",
    "analyst": "analyst@example.org",
    "state_admin": "state.admin@example.org",
}
# ``applicant``: a confirmed applicant account with one application, which opens only its own
# applications and the public pages (tandem.applicants.middleware): 404 elsewhere.
ROLES = ["anonymous", *EMAILS, "other_hr", "applicant"]


def _everyone(status, anonymous=302, applicant=404):
    special = {"anonymous": anonymous, "applicant": applicant}
    return {role: special.get(role, status) for role in ROLES}


def _only(allowed, status=200, denied=404, anonymous=302, applicant=404):
    special = {"anonymous": anonymous, "applicant": status if "applicant" in allowed else applicant}
    return {role: special.get(role, status if role in allowed else denied) for role in ROLES}


STAFF_OF_DISTRICT_1 = {
    "teacher",
    "union",
    "principal",
    "hr",
    "district_admin",
    "superintendent",
    "committee",
}
PERSONNEL_OF_COLLEAGUE = {"principal", "hr", "district_admin", "superintendent"}
FRAMEWORK_MANAGERS = {"state_admin"}
# The first district's labor-management team: its three key leaders and the principal.
TEAM_OF_DISTRICT_1 = {"superintendent", "union", "committee", "principal"}
DISTRICT_LEADERS = {"union", "district_admin", "superintendent", "committee"}
# District 1's evaluation settings: read by its staff and district roles and the state.
SETTINGS_READERS = STAFF_OF_DISTRICT_1 | {"facilitator", "analyst", "state_admin"}
MANAGEMENT = {"district_admin", "superintendent"}
# District 1's state reporting: its HR and administrators, and the state administrator.
STATE_REPORTERS = {"hr", "district_admin", "superintendent", "state_admin"}
# District 1's HR and administrators (the superintendent is one) load its files (issue 12).
IMPORTERS = {"hr", "district_admin", "superintendent"}
# District 1's induction program: its HR and administrators (the superintendent is one).
INDUCTION_RUNNERS = {"hr", "district_admin", "superintendent"}
# The teacher's renewal: she, her evaluator (the principal) and district 1's HR and
# administrators; no colleague, no other district.
RENEWAL_READERS = {"teacher", "principal", "hr", "district_admin", "superintendent"}
# The state administrator loads the state's organizations: the import pages open for them too.
EDFI_EXPORTERS = {"hr", "district_admin", "superintendent", "state_admin", "other_hr"}


def _settings_act(actors):
    """Acting on bargained settings first asks for the password again (302), of the
    office-holders only; other readers are refused (403), the rest do not see it (404)."""
    return {
        role: 302 if role in actors else (403 if status == 200 else status)
        for role, status in _only(SETTINGS_READERS).items()
    }


# District 1's dashboards, and so its learning effectiveness: its HR, administrators, union
# and committee leaders, and the state's analysts and administrators.
EFFECTIVENESS_READERS = {
    "union",
    "hr",
    "district_admin",
    "superintendent",
    "committee",
    "analyst",
    "state_admin",
}


# A posting's selectors: district 1's HR and administrators, the principal, the panel (teacher).
SELECTORS = {"hr", "district_admin", "superintendent", "principal", "teacher"}
# Accounts with a person, who keep a profile and apply: the demo's educators (not the
# committee chair, who has no educator record) and applicants.
WITH_A_PERSON = (STAFF_OF_DISTRICT_1 - {"committee"}) | {"other_hr", "applicant"}

# url name → (how to build its arguments, expected status by role)
DISTRICT_FIGURE_READERS = {
    "union",
    "hr",
    "district_admin",
    "superintendent",
    "committee",
    "analyst",
    "state_admin",
}

MATRIX = {
    "home": ("none", _everyone(200, applicant=302)),
    "healthz": ("none", _everyone(200, anonymous=200, applicant=200)),
    "organizations:district_list": ("none", _everyone(200)),
    "organizations:district_detail": ("district", _everyone(200)),
    "bargaining:settings_detail": ("district", _only(SETTINGS_READERS)),
    "bargaining:settings_propose": ("district", _settings_act(MANAGEMENT)),
    # The demo's proposal for Unit A of district 1, waiting for the union.
    "bargaining:settings_proposal": ("proposal", _only(SETTINGS_READERS)),
    "bargaining:settings_proposal_agree": ("proposal", _settings_act({"union"})),
    "bargaining:settings_proposal_adopt": ("proposal", _settings_act({"committee"})),
    "bargaining:settings_proposal_decline": (
        "proposal",
        _settings_act(MANAGEMENT | {"union", "committee"}),
    ),
    "organizations:school_list": ("none", _everyone(200)),
    "organizations:school_detail": ("school", _everyone(200)),
    "people:educator_list": ("none", _only(STAFF_OF_DISTRICT_1 | {"other_hr"})),
    "people:educator_detail": ("colleague", _only(STAFF_OF_DISTRICT_1)),
    "imports:run_list": ("none", _only(IMPORTERS | {"other_hr", "state_admin"})),
    "imports:kind_help": ("import_kind", _only(IMPORTERS | {"other_hr", "state_admin"})),
    "imports:template_csv": ("import_kind", _only(IMPORTERS | {"other_hr", "state_admin"})),
    "imports:template_xlsx": ("import_kind", _only(IMPORTERS | {"other_hr", "state_admin"})),
    "imports:run_detail": ("import_run", _only(IMPORTERS)),
    "imports:run_status": ("import_run", _only(IMPORTERS)),
    "imports:run_problems_csv": ("import_run", _only(IMPORTERS)),
    "imports:run_changes_csv": ("import_run", _only(IMPORTERS)),
    "imports:run_file": ("import_run", _only(IMPORTERS)),
    "imports:run_apply": ("import_run", _everyone(405)),
    # The demo's files are written for the first district (and served in DEMO_MODE only).
    "imports:demo_file": ("demo_file", _only(IMPORTERS)),
    "evaluation:cycle_list": ("none", _everyone(200)),
    "evaluation:share_grant": ("cycle", _everyone(405)),
    # Every educator downloads their own record; accounts with no educator record get 404.
    "evaluation:record_archive": (
        "none",
        _only((STAFF_OF_DISTRICT_1 - {"committee"}) | {"other_hr"}),
    ),
    "evaluation:share_revoke": ("share", _everyone(405)),
    "evaluation:school_progress": (
        "school",
        _only({"principal", "hr", "district_admin", "superintendent"}),
    ),
    "evaluation:district_progress": (
        "district",
        _only({"union", "hr", "district_admin", "superintendent", "committee", "analyst"}),
    ),
    # Calibration: the district's HR and administrators whole, the state's staff as counts.
    "evaluation:district_calibration": (
        "district",
        _only({"hr", "district_admin", "superintendent", "analyst", "state_admin"}),
    ),
    "evaluation:state_calibration": ("none", _only({"analyst", "state_admin"}, denied=403)),
    # Dashboards: the state's for its analysts and administrators; a district's exact for its
    # HR and administrators (who alone open the educators behind a count), as counts for its
    # union and committee leaders and the state; the public figures for anyone.
    "dashboards:state": ("none", _only({"analyst", "state_admin"})),
    "dashboards:district": (
        "district",
        _only(
            {
                "union",
                "hr",
                "district_admin",
                "superintendent",
                "committee",
                "analyst",
                "state_admin",
            }
        ),
    ),
    "dashboards:district_educators": (
        "dashboard_figure",
        _only({"hr", "district_admin", "superintendent"}),
    ),
    "dashboards:public": ("none", _everyone(200, anonymous=200, applicant=200)),
    # Talent dashboard (issue 14, item 7): as the dashboards, exact for the district's HR and
    # administrators, counts for its leaders and the state's analysts and administrators.
    "dashboards:state_talent": ("none", _only({"analyst", "state_admin"})),
    "dashboards:district_talent": (
        "district",
        _only(
            {
                "union",
                "hr",
                "district_admin",
                "superintendent",
                "committee",
                "analyst",
                "state_admin",
            }
        ),
    ),
    # The figures' API: exact for the district's HR and administrators, counts for its union
    # and committee leaders and the state's analysts and administrators; nobody else.
    **{
        f"api:{name}": ("district_figures", _only(DISTRICT_FIGURE_READERS, anonymous=401))
        for name in ("rating_distribution", "equity", "retention")
    },
    # The observation has no co-observer yet: only its observer, none of these roles, opens
    # the page (to invite one); the principal, HR and the educator get 404 like a missing one.
    "evaluation:co_observation": ("observation", _everyone(404)),
    "evaluation:co_observation_invite": ("observation", _everyone(405)),
    "evaluation:co_observation_rate": ("observation", _everyone(405)),
    # GET and PUT share the path: with no co-observation, nobody reads ratings there.
    "api:get_co_ratings": ("observation_id", _everyone(404, anonymous=401)),
    "api:save_co_ratings": ("observation_id", _everyone(404, anonymous=401)),
    "evaluation:cycle_detail": ("cycle", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:self_assessment": ("cycle", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:self_assessment_submit": ("cycle", _everyone(405)),
    "evaluation:self_assessment_take_back": ("cycle", _everyone(405)),
    "evaluation:plan": ("cycle", _only(PERSONNEL_OF_COLLEAGUE)),
    # Signing first asks for the password again (302), but only of those who may open it.
    "evaluation:plan_sign": ("cycle", _only(PERSONNEL_OF_COLLEAGUE, status=302)),
    "evaluation:goal_add": ("cycle", _everyone(405)),
    "evaluation:goal_edit": ("goal", _everyone(405)),
    "evaluation:goal_remove": ("goal", _everyone(405)),
    "evaluation:plan_action": ("plan_action", _everyone(405)),
    "evaluation:evidence": ("cycle", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:evidence_add": ("cycle", _everyone(405)),
    "evaluation:evidence_file": ("evidence", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:evidence_item": ("evidence", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:evidence_replace": ("evidence", _everyone(405)),
    "evaluation:evidence_remove": ("evidence", _everyone(405)),
    "evaluation:evidence_removal_request": ("evidence", _everyone(405)),
    "evaluation:evidence_removal_decide": ("evidence_removal", _everyone(405)),
    "evaluation:observation_add": ("cycle", _everyone(405)),
    # Only the educator's evaluators capture notes; the colleague's is the principal.
    "evaluation:observation_capture": ("cycle", _only({"principal"})),
    "evaluation:capture_service_worker": (
        "none",
        _everyone(200, anonymous=200, applicant=200),
    ),
    "evaluation:observation": ("observation", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:observation_share": ("observation", _everyone(405)),
    "evaluation:form_pdf": ("plan_pdf", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:observation_pdf": ("observation", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:formative": ("cycle", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:formative_share": ("cycle", _everyone(405)),
    "evaluation:formative_respond": ("cycle", _everyone(405)),
    # Only the educator acknowledges a formative (and the matrix's cycle is a colleague's).
    "evaluation:formative_sign": ("cycle", _only(set())),
    "evaluation:summative": ("cycle", _only(PERSONNEL_OF_COLLEAGUE)),
    "evaluation:prior_ratings": ("colleague", _only(PERSONNEL_OF_COLLEAGUE)),
    # The colleague's cycle has no summative yet: nobody has one to sign.
    "evaluation:summative_sign": ("cycle", _only(set())),
    "evaluation:summative_respond": ("cycle", _everyone(405)),
    "evaluation:summative_amend": ("cycle", _everyone(405)),
    "collaboration:team_list": ("none", _everyone(200)),
    "collaboration:team_detail": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    # A caucus is its party's alone: not even the facilitator reads it.
    "collaboration:caucus": ("caucus", _only({"union"})),
    "collaboration:note_post": ("note_space", _everyone(405)),
    "collaboration:member_add": ("team", _everyone(405)),
    "collaboration:notice_preference": ("team", _everyone(405)),
    "collaboration:member_end": ("member", _everyone(405)),
    "collaboration:partnership": ("none", _only({"facilitator", "analyst", "state_admin"})),
    "collaboration:partnership_csv": ("none", _only({"facilitator", "analyst", "state_admin"})),
    "collaboration:program_list": ("none", _everyone(200)),
    "collaboration:inquire": ("none", _only(DISTRICT_LEADERS)),
    "collaboration:engagement_detail": ("engagement", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:engagement_agree": (
        "engagement",
        _only(TEAM_OF_DISTRICT_1 | {"facilitator"}, status=302),
    ),
    "collaboration:engagement_withdraw": ("engagement", _everyone(405)),
    "collaboration:plan_start": ("team", _everyone(405)),
    "collaboration:plan_detail": ("plan", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:plan_version": ("plan_version", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:plan_version_pdf": ("plan_version", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:plan_compare": ("plan", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:plan_edit": ("plan", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:plan_item": ("plan_item", _everyone(405)),
    "collaboration:plan_item_remove": ("plan", _everyone(405)),
    "collaboration:plan_sign": ("plan", _only(TEAM_OF_DISTRICT_1 | {"facilitator"}, status=302)),
    "collaboration:plan_version_start": ("plan", _everyone(405)),
    "collaboration:plan_publish": ("plan", _everyone(405)),
    "collaboration:plan_progress": ("plan", _everyone(405)),
    # A published plan is for every signed-in user; drafts and readings stay with the team.
    "collaboration:gallery": ("none", _everyone(200)),
    "collaboration:gallery_plan": ("plan", _everyone(200)),
    "collaboration:gallery_plan_pdf": ("plan", _everyone(200)),
    "collaboration:gallery_comment": ("plan", _everyone(405)),
    "collaboration:gallery_moderation": ("none", _only({"facilitator"})),
    "collaboration:resource_list": ("none", _everyone(200)),
    "collaboration:resource_file": ("resource", _everyone(200)),
    # A team's meetings, action items and survey are its members' and its facilitator's.
    "collaboration:meeting_list": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:meeting_add": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:meeting_length": ("team", _everyone(405)),
    "collaboration:meeting_detail": ("meeting", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:meeting_agenda": ("meeting", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:meeting_minutes": ("meeting", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:meeting_cancel": ("meeting", _everyone(405)),
    "collaboration:action_item_add": ("meeting", _everyone(405)),
    "collaboration:action_items": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:action_item_done": ("action_item", _everyone(405)),
    "collaboration:survey": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:survey_results": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    # Everyone manages their own calendar address; the page says so when there is no team.
    "collaboration:calendar": ("none", _everyone(200)),
    # The feed needs no sign-in: an unknown or revoked address answers 404 to everyone.
    "collaboration:calendar_feed": ("feed", _everyone(404, anonymous=404)),
    "collaboration:facilitator_dashboard": ("none", _only({"facilitator"})),
    # The team's problem solving and agreements: its members and facilitator read them.
    "collaboration:issue_list": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:issue_add": ("team", _everyone(405)),
    "collaboration:issue_detail": ("issue", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:issue_restate": ("issue", _everyone(405)),
    "collaboration:issue_stage": ("issue", _everyone(405)),
    "collaboration:issue_entry_add": ("issue_entry", _everyone(405)),
    "collaboration:interest_mutual": ("interest", _everyone(405)),
    "collaboration:issue_entry_change": ("issue_option", _everyone(405)),
    "collaboration:issue_weigh": ("issue", _everyone(405)),
    "collaboration:consensus_check": ("issue", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:issue_decide": ("issue", _everyone(405)),
    "collaboration:issue_stance_visibility": ("issue", _everyone(405)),
    "collaboration:agreement_add": ("team", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:agreement_detail": ("agreement", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:agreement_pdf": ("agreement", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    # The agreement is signed by the superintendent already: its edit page sends everyone
    # who may open it back to the agreement (302), and signing first asks for the password.
    "collaboration:agreement_edit": (
        "agreement",
        _only(TEAM_OF_DISTRICT_1 | {"facilitator"}, status=302),
    ),
    "collaboration:agreement_sign": (
        "agreement",
        _only(TEAM_OF_DISTRICT_1 | {"facilitator"}, status=302),
    ),
    "collaboration:agreement_revise": ("agreement", _everyone(405)),
    # A thread is the team's and its facilitator's, never a caucus's nor anyone else's.
    "collaboration:issue_thread": ("issue", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:option_thread": ("option_thread", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:agreement_thread": ("agreement", _only(TEAM_OF_DISTRICT_1 | {"facilitator"})),
    "collaboration:comment_edit": ("comment", _everyone(405)),
    "reporting:staff_roster": ("district", _only(STATE_REPORTERS)),
    # The demo's year has rows without a summative yet: the file sends them back to the page.
    "reporting:staff_roster_csv": ("district", _only(STATE_REPORTERS, status=302)),
    "reporting:exception_add": ("district", _everyone(405)),
    "reporting:exception_remove": ("reporting_exception", _everyone(405)),
    "people:access_log": ("none", _everyone(200, applicant=200)),
    # Everyone downloads the openings of their own records (none without an educator record).
    "people:access_log_csv": ("none", _everyone(200, applicant=200)),
    "people:token_list": ("none", _everyone(200)),
    "people:token_revoke": ("token", _everyone(405)),
    # Ed-Fi export: district HR and administrators (of any district, for their own) and the
    # state administrator; an export is opened and downloaded by whoever asked for it (HR).
    "interop:export_list": ("none", _only(EDFI_EXPORTERS)),
    "interop:export_detail": ("edfi_export", _only({"hr"})),
    "interop:export_download": ("edfi_export", _only({"hr"})),
    "rubrics:framework_list": ("none", _everyone(200)),
    "rubrics:framework_import": (
        "none",
        _only(FRAMEWORK_MANAGERS | {"district_admin", "superintendent"}, denied=403),
    ),
    "rubrics:version_detail": ("version", _everyone(200)),
    "rubrics:version_export": ("export", _everyone(200)),
    "rubrics:version_publish": ("version", _everyone(405)),
    "rubrics:version_revise": ("version", _everyone(405)),
    "rubrics:version_adopt": ("version", _everyone(405)),
    "api:api-root": ("none", _everyone(404, anonymous=404)),
    "api:openapi-json": ("none", _everyone(200, anonymous=200, applicant=200)),
    "api:openapi-view": ("none", _everyone(200, anonymous=200, applicant=200)),
    "api:list_districts": ("none", _everyone(200, anonymous=401)),
    "api:issue_stances": (
        "issue_id",
        _only(TEAM_OF_DISTRICT_1 | {"facilitator"}, anonymous=401),
    ),
    **{
        f"api:{name}": ("none", _only(EDFI_EXPORTERS, denied=403, anonymous=401))
        for name in (
            "performance_evaluations",
            "evaluations",
            "performance_evaluation_ratings",
            "evaluation_ratings",
            "evaluation_objective_ratings",
            # Staff and their associations are a district's personnel records.
            "staffs",
            "credentials",
            "staff_employment_associations",
            "staff_assignment_associations",
            "staff_school_associations",
            "evaluation_objectives",
            "evaluation_elements",
            "rubric_dimensions",
        )
    },
    # Education organizations are open to every signed-in user, as the district pages are.
    "api:local_education_agencies": ("none", _everyone(200, anonymous=401)),
    "api:schools": ("none", _everyone(200, anonymous=401)),
    "api:get_district": ("district_id", _everyone(200, anonymous=401)),
    # Read-only: no route writes settings (tandem/bargaining/tests/test_settings_paths.py).
    "api:list_settings_versions": ("district_id", _only(SETTINGS_READERS, anonymous=401)),
    "api:list_settings_proposals": ("district_id", _only(SETTINGS_READERS, anonymous=401)),
    "api:list_schools": ("none", _everyone(200, anonymous=401)),
    "api:get_school": ("school_id", _everyone(200, anonymous=401)),
    "api:list_educators": ("none", _everyone(200, anonymous=401)),
    "api:get_educator": ("educator_id", _only(STAFF_OF_DISTRICT_1, anonymous=401)),
    "api:get_personnel_record": ("educator_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:list_assignments": ("none", _everyone(200, anonymous=401)),
    "api:list_framework_versions": ("none", _everyone(200, anonymous=401)),
    "api:get_framework_version": ("version_id", _everyone(200, anonymous=401)),
    "api:list_cycles": ("none", _everyone(200, anonymous=401)),
    "api:get_cycle": ("cycle_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:list_goals": ("cycle_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    # GET and POST share these paths; GET is checked here, POST in the app's tests.
    "api:add_goal": ("cycle_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:list_observations": ("cycle_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:record_observation": ("cycle_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:get_summative": ("cycle_id", _only(set(), anonymous=401)),
    # GET and PUT share the path; GET is checked here, PUT in the app's tests.
    "api:save_summative": ("cycle_id", _only(set(), anonymous=401)),
    "api:list_evidence": ("cycle_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    # GET and PUT share the path; GET is checked here, PUT in the app's tests.
    "api:get_evidence": ("evidence_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:replace_evidence": ("evidence_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:replace_evidence_file": ("evidence_id", _everyone(405, anonymous=405)),
    "api:remove_evidence": ("evidence_id", _everyone(405, anonymous=405)),
    # GET and POST share the path; GET is checked here, POST in the app's tests.
    "api:list_removal_requests": ("evidence_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:request_removal": ("evidence_id", _only(PERSONNEL_OF_COLLEAGUE, anonymous=401)),
    "api:decide_removal": ("evidence_removal_id", _everyone(405, anonymous=405)),
    # Hiring, vacancies and postings (issue 14, item 1): the district's HR and administrators
    # manage them; the careers pages, their feeds and the postings API are open to everyone.
    "hiring:district_postings": ("district", _only(IMPORTERS)),
    "hiring:vacancy_create": ("district", _only(IMPORTERS)),
    "hiring:vacancy_detail": ("vacancy", _only(IMPORTERS)),
    "hiring:vacancy_edit": ("vacancy", _only(IMPORTERS)),
    "hiring:posting_create": ("vacancy", _only(IMPORTERS)),
    "hiring:posting_detail": ("posting", _only(IMPORTERS)),
    "hiring:posting_close": ("posting", _everyone(405, anonymous=405)),
    "hiring:posting_repost": ("posting", _only(IMPORTERS)),
    "hiring:careers": ("none", _everyone(200, anonymous=200, applicant=200)),
    "hiring:careers_feed": ("none", _everyone(200, anonymous=200, applicant=200)),
    "hiring:careers_district": ("district_code", _everyone(200, anonymous=200, applicant=200)),
    "hiring:careers_district_feed": ("district_code", _everyone(200, anonymous=200, applicant=200)),
    "hiring:careers_posting": ("posting", _everyone(200, anonymous=200, applicant=200)),
    "api:list_postings": ("none", _everyone(200, anonymous=200, applicant=200)),
    # Onboarding (issue 14, item 4): the district's HR and administrators, and the principal
    # of the new educator's school; another district's HR opens its own (empty) list.
    "onboarding:list": ("none", _only(PERSONNEL_OF_COLLEAGUE | {"other_hr"})),
    "onboarding:detail": ("onboarding", _only(PERSONNEL_OF_COLLEAGUE)),
    "onboarding:task_tick": ("onboarding_task", _everyone(405)),
    "onboarding:onboard": ("hired_application", _only(IMPORTERS)),
    "onboarding:step_list": ("district", _only(IMPORTERS)),
    "onboarding:step_remove": ("onboarding_step", _everyone(405)),
    "onboarding:steps_from_default": ("district", _everyone(405)),
    # Selection (issue 14, item 3): district 1's posting at the teacher's school, with the
    # teacher on its panel. Its HR and administrators, the school's principal and the panel
    # select; nobody else opens a candidate (another district's HR neither); only the panel
    # has scorecards; the stages are the district's HR's and administrators'.
    "selection:stages": ("district", _only(IMPORTERS)),
    "selection:candidates": ("selection_posting", _only(SELECTORS)),
    "selection:criterion_add": ("selection_posting", _everyone(405)),
    "selection:panel_add": ("selection_posting", _everyone(405)),
    "selection:candidate": ("selection_candidate", _only(SELECTORS)),
    "selection:candidate_advance": ("selection_candidate", _everyone(405)),
    "selection:candidate_not_selected": ("selection_candidate", _everyone(405)),
    "selection:screening_save": ("selection_candidate", _everyone(405)),
    "selection:interview_add": ("selection_candidate", _everyone(405)),
    "selection:out_of_field_reason": ("selection_candidate", _everyone(405)),
    "selection:interview_ics": ("selection_interview", _only(SELECTORS)),
    "selection:scorecard": ("selection_candidate", _only({"teacher"})),
    # No document was sent with the world's candidate: 404 to all (tandem/selection/tests).
    "selection:candidate_document": ("selection_document", _everyone(404)),
    "api:list_scorecards": ("selection_candidate_id", _only(SELECTORS, anonymous=401)),
    # Induction and mentoring (issue 14, item 5): the district's HR and administrators run it;
    # everyone has their own mentoring page (empty unless they mentor or are mentored).
    **{
        f"induction:{name}": ("district", _only(INDUCTION_RUNNERS))
        for name in ("district", "settings", "mentor_list", "report", "report_csv")
    },
    "induction:mentee": ("colleague", _only(INDUCTION_RUNNERS)),
    "induction:assign": ("colleague", _everyone(405)),
    "induction:mine": ("none", _everyone(200)),
    "induction:log_add": ("induction_log", _everyone(405)),
    "induction:log_edit": ("induction_log", _everyone(405)),
    "induction:log_confirm": ("induction_log", _everyone(405)),
    # Renewal (issue 15, item 2): the teacher's license is read by her, her supervisor and
    # her district's HR and administrators; acting is by POST only; HR's licensing view.
    **{
        f"licensure:{name}": ("license", _only(RENEWAL_READERS))
        for name in ("renewal", "summary_csv")
    },
    "licensure:mine": ("none", _everyone(200)),
    "licensure:activity_add": ("license", _everyone(405)),
    "licensure:ipdp_write": ("license", _everyone(405)),
    "licensure:entry_decide": ("points_entry", _everyone(405)),
    "licensure:ipdp_approve": ("ipdp", _everyone(405)),
    "licensure:ipdp_review": ("ipdp", _everyone(405)),
    "licensure:district": ("district", _only(INDUCTION_RUNNERS)),
    # Exits: separations are the district's HR and administrators'; the exit survey's link
    # needs no sign-in (an unknown one is 404 to all); its results and where leavers went are
    # also the state's, and each district's HR sees its own.
    "exits:separation_list": ("none", _only(IMPORTERS | {"other_hr"})),
    "exits:separation_csv": ("none", _only(IMPORTERS | {"other_hr"})),
    "exits:separation_new": ("colleague", _only(IMPORTERS)),
    "exits:separation_detail": ("separation", _only(IMPORTERS)),
    "exits:separation_correct": ("separation", _only(IMPORTERS)),
    "exits:exit_survey": ("survey_link", _everyone(404, anonymous=404)),
    "exits:exit_survey_results": ("district", _only(IMPORTERS | {"analyst", "state_admin"})),
    "exits:where_leavers_went": (
        "none",
        _only(IMPORTERS | {"other_hr", "analyst", "state_admin"}),
    ),
    # Learning (issue 15, item 1): the catalog and its offerings are open to everyone signed
    # in; an educator keeps their own learning; the offering's facilitator and those who run
    # it (the state administrator, for a registered provider) take attendance and assess; the
    # certificate is its educator's (the teacher's) and theirs; its check needs no sign-in.
    "learning:catalog": ("none", _everyone(200)),
    "learning:my_learning": ("none", _only(WITH_A_PERSON - {"applicant"})),
    "learning:offering_detail": ("learning_offering", _everyone(200)),
    "learning:register": ("learning_offering", _everyone(405)),
    "learning:cancel": ("learning_registration", _everyone(405)),
    "learning:attendance": ("learning_session", _only({"facilitator", "state_admin"})),
    "learning:assessment": ("learning_offering", _only({"facilitator", "state_admin"})),
    "learning:certificate": ("learning_completion", _only({"teacher", "state_admin"})),
    "learning:verify": ("learning_code", _everyone(200, anonymous=200, applicant=200)),
    # Teacher leadership (issue 15, item 3): the catalog is everyone's; district 1's HR and
    # administrators keep its roles, lattice and awards (the state administrator the state's
    # roles); the teacher's standing shows a rating: she, her evaluator and district 1's HR.
    "leadership:role_list": ("none", _everyone(200)),
    "leadership:role_create": ("none", _only(IMPORTERS | {"other_hr", "state_admin"})),
    "leadership:role_detail": ("leadership_role", _everyone(200)),
    "leadership:role_tenure": ("leadership_role", _everyone(405)),
    "leadership:role_post": ("leadership_role", _only(IMPORTERS)),
    "leadership:lattice": ("district", _only(SETTINGS_READERS)),
    "leadership:eligible": ("district", _only(IMPORTERS)),
    "leadership:level_edit": ("leadership_level", _only(IMPORTERS)),
    "leadership:my_position": ("none", _only(WITH_A_PERSON - {"applicant"})),
    "leadership:position": ("leadership_employment", _only(RENEWAL_READERS)),
    "leadership:level_award": ("leadership_employment", _everyone(405)),
    # Teachers' Top Three (issue 15, item 6): the archive, its feed, subscribing, confirming
    # and leaving are public (a signed token is the right to confirm or leave); the state's
    # staff compose, preview, schedule and follow the issues.
    "newsletter:archive": ("none", _everyone(200, anonymous=200, applicant=200)),
    "newsletter:feed": ("none", _everyone(200, anonymous=200, applicant=200)),
    "newsletter:archive_issue": ("newsletter_issue", _everyone(200, anonymous=200, applicant=200)),
    "newsletter:subscribe": ("none", _everyone(200, anonymous=200, applicant=200)),
    "newsletter:confirm": ("newsletter_confirm", _everyone(200, anonymous=200, applicant=200)),
    "newsletter:unsubscribe": (
        "newsletter_unsubscribe",
        _everyone(200, anonymous=200, applicant=200),
    ),
    "newsletter:issue_list": ("none", _only({"state_admin"})),
    "newsletter:issue_create": ("none", _only({"state_admin"})),
    "newsletter:issue_detail": ("newsletter_issue", _only({"state_admin"})),
    "newsletter:issue_edit": ("newsletter_draft", _only({"state_admin"})),
    "newsletter:issue_schedule": ("newsletter_draft", _everyone(405)),
    "newsletter:issue_unschedule": ("newsletter_draft", _everyone(405)),
    "learning:survey": ("learning_registration", _only({"teacher"})),
    # Learning effectiveness (issue 15, item 7): read as the dashboards are, every figure
    # suppressed (the world measures offerings from one completion, so the detail opens).
    "learning:effectiveness_state": ("none", _only({"analyst", "state_admin"})),
    "learning:effectiveness_state_detail": (
        "learning_measured",
        _only({"analyst", "state_admin"}),
    ),
    "learning:effectiveness_district": ("district", _only(EFFECTIVENESS_READERS)),
    "learning:effectiveness_district_detail": (
        "learning_measured_in_district",
        _only(EFFECTIVENESS_READERS),
    ),
    # Advisory cabinets (issue 15, item 4): the state administrator runs them; the teacher
    # serves on one (its pages, meetings and topics) and applied to its round (her own
    # application); every educator opens the application form; nobody else sees any of it.
    "cabinets:index": ("none", _everyone(200)),
    "cabinets:cabinet_detail": ("cabinet", _only({"teacher", "state_admin"})),
    "cabinets:calendar": ("cabinet", _only({"teacher", "state_admin"})),
    "cabinets:meeting_add": ("cabinet", _only({"state_admin"})),
    "cabinets:topic_add": ("cabinet", _only({"state_admin"})),
    "cabinets:apply": ("cabinet_round", _only(WITH_A_PERSON - {"applicant"})),
    "cabinets:selection": ("cabinet_round", _only({"state_admin"})),
    "cabinets:report": ("cabinet_round", _only({"state_admin"})),
    "cabinets:application_detail": ("cabinet_application", _only({"teacher", "state_admin"})),
    "cabinets:application_withdraw": ("cabinet_application", _everyone(405)),
    "cabinets:decide": ("cabinet_application", _everyone(405)),
    "cabinets:term_renew": ("cabinet_term", _everyone(405)),
    "cabinets:meeting_detail": ("cabinet_meeting", _only({"teacher", "state_admin"})),
    "cabinets:topic_detail": ("cabinet_topic", _only({"teacher", "state_admin"})),
    "cabinets:topic_close": ("cabinet_topic", _everyone(405)),
    # Recognition (issue 15, item 5): a state program's cycle, open to everyone signed in to
    # read and nominate. The principal nominated the teacher, who applied; the analyst reads
    # the cycle (no conflict: no district employs them). The nomination is the teacher's, the
    # principal's (their own) and the staff's (the state administrator); the application is
    # the teacher's, the staff's and the reader's. The honourees are public.
    "recognition:cycle_list": ("none", _everyone(200)),
    "recognition:honourees": ("none", _everyone(200, anonymous=200, applicant=200)),
    "recognition:cycle_detail": ("recognition_cycle", _everyone(200)),
    "recognition:nominate": ("recognition_cycle", _everyone(200)),
    "recognition:apply": ("recognition_cycle", _only({"teacher"})),
    "recognition:shortlist": ("recognition_cycle", _everyone(405)),
    "recognition:nomination_detail": (
        "recognition_nomination",
        _only({"teacher", "principal", "state_admin"}),
    ),
    "recognition:application_detail": (
        "recognition_application",
        _only({"teacher", "state_admin", "analyst"}),
    ),
    "recognition:recuse": ("recognition_application", _everyone(405)),
    "recognition:select": ("recognition_application", _everyone(405)),
    # Offers (issue 14, item 3): an external applicant's application at the teacher's school,
    # with an offer waiting. Its references and offer are for district 1's HR and the school's
    # principal (the applicant, not among these roles, opens the offer too); the referee's
    # link opens without a sign-in while it is valid (404 otherwise, in the app's tests).
    "offers:application": ("offer_application", _only({"hr", "principal"})),
    "offers:reference_request": ("offer_application", _everyone(405)),
    "offers:recommend": ("offer_application", _everyone(405)),
    "offers:approve": ("offer_application", _everyone(405)),
    "offers:not_selected": ("offer_application", _everyone(405)),
    "offers:offer_make": ("offer_application", _only({"hr"})),
    "offers:reference_answer": ("reference_token", _everyone(200, anonymous=200)),
    "offers:offer": ("offer", _only({"hr", "principal"})),
    "offers:offer_answer": ("offer", _everyone(405, applicant=405)),
    "offers:message_templates": ("district", _only({"hr"})),
    "offers:message_template_edit": ("message_kind", _only({"hr"})),
    # Applicants (issue 14): the account page is public; a profile and applying are for anyone
    # with a person; the applicant's own records are theirs alone; the equal-opportunity
    # counts are district HR's and the state's.
    "applicants:account_create": ("none", _everyone(302, anonymous=200, applicant=302)),
    "applicants:profile": ("none", _only(WITH_A_PERSON)),
    "applicants:profile_item_add": ("profile_part", _only(WITH_A_PERSON)),
    "applicants:profile_item_edit": ("profile_item", _only({"applicant"})),
    "applicants:profile_item_remove": ("profile_item", _everyone(405, applicant=405)),
    "applicants:document_add": ("none", _everyone(405, applicant=405)),
    "applicants:document_file": ("document", _only({"applicant"})),
    "applicants:apply": ("applicant_posting", _only(WITH_A_PERSON - {"applicant"}, applicant=302)),
    "applicants:mine": ("none", _everyone(200, applicant=200)),
    "applicants:application": ("application", _only({"applicant"})),
    "applicants:withdraw": ("application", _only({"applicant"})),
    "applicants:eeo_report": ("none", _only({"hr", "other_hr", "analyst", "state_admin"})),
    "api:my_applications": ("none", _everyone(200, anonymous=401, applicant=200)),
}
# Routes owned by libraries, checked as groups: Django's admin is for staff only
# (nobody in the demo is staff), and allauth's account pages must never fail.
GROUPS = {"admin": "admin:", "allauth": "allauth."}


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "")
            yield f"{namespace}{pattern.name}", module


def _group_of(name, module):
    if name.startswith(GROUPS["admin"]):
        return "admin"
    if module.startswith(GROUPS["allauth"]):
        return "allauth"
    return None


def test_every_route_has_a_row():
    missing = sorted(
        name for name, module in _url_names() if name not in MATRIX and not _group_of(name, module)
    )
    assert missing == [], f"routes without a permission-matrix row: {missing}"


@pytest.fixture
def world(user_of, settings):
    from conftest import TODAY
    from tandem.demo.import_files import files_write

    teacher = user_of("teacher@example.org")
    employment = teacher.person.employments.get()
    school = StaffAssignment.objects.filter(employment=employment).first().school
    colleague = (
        StaffAssignment.objects.filter(school=school, employment__role_group="teacher")
        .exclude(employment=employment)
        .exclude(employment__person__user__email="union.president@example.org")
        .filter(employment__evaluation_cycles__goals__isnull=False)
        .first()
        .employment
    )
    cycle = colleague.evaluation_cycles.get()
    evidence, observation = _evidence_and_shared_observation(cycle)
    from tandem.rubrics.models import FrameworkVersion

    version = FrameworkVersion.objects.order_by("pk").first()
    other_hr = (
        RoleGrant.objects.filter(role="district_hr")
        .exclude(district=employment.district)
        .first()
        .user
    )
    token = teacher.api_tokens.create(name="t", prefix="tdm_x", digest="0" * 64)
    team = employment.district.team
    engagement = team.engagements.get(status="met")
    plan = team.plans.get()
    from tandem.collaboration.services.comments import comment_post
    from tandem.organizations.models import SettingsProposal

    proposal = SettingsProposal.objects.get(district=employment.district, status="proposed")
    meeting = team.meetings.filter(action_items__isnull=False).first()
    issue = team.issues.get(stage="consensus")
    agreement = team.agreements.get(kind="shared_vision")
    resource = _resource_with_a_file(user_of("facilitator@example.org"))
    import_run = _import_run(employment.district, user_of("hr@example.org"))
    offer_application, reference_token, offer = _candidate_with_an_offer(
        school, user_of("hr@example.org")
    )
    applicant, application, profile_item, document = _applicant_with_an_application()
    settings.DEMO_MODE = True
    settings.LEARNING_EFFECTIVENESS_PARTICIPANTS = 1
    files_write(employment.district, TODAY)
    return {
        "application": {"pk": application.pk},
        "applicant_posting": {"pk": application.posting_id},
        "profile_part": {"part": "education"},
        "profile_item": {"part": "education", "pk": profile_item.pk},
        "document": {"pk": document.pk},
        "demo_file": {"name": "educators.csv"},
        "import_run": {"pk": import_run.pk},
        "import_kind": {"kind": "educators"},
        "proposal": {"pk": employment.district_id, "proposal_pk": proposal.pk},
        "none": {},
        "district": {"pk": employment.district_id},
        "dashboard_figure": {"pk": employment.district_id, "figure": "ratings"},
        "district_figures": {"_query": f"?year=2024-25&district_id={employment.district_id}"},
        "district_id": {"district_id": employment.district_id},
        "school": {"pk": school.pk},
        "school_id": {"school_id": school.pk},
        "colleague": {"pk": colleague.pk},
        "cycle": {"pk": cycle.pk},
        "goal": {"pk": cycle.pk, "goal_pk": cycle.goals.first().pk},
        "plan_action": {"pk": cycle.pk, "action": "approve"},
        "plan_pdf": {"pk": cycle.pk, "form": "educator-plan"},
        "share": {"pk": cycle.pk, "share_pk": 1},
        "cycle_id": {"cycle_id": cycle.pk},
        "evidence": {"pk": cycle.pk, "evidence_pk": evidence.pk},
        "evidence_removal": {"pk": cycle.pk, "evidence_pk": evidence.pk, "removal_pk": 1},
        "evidence_id": {"cycle_id": cycle.pk, "evidence_id": evidence.pk},
        "evidence_removal_id": {
            "cycle_id": cycle.pk,
            "evidence_id": evidence.pk,
            "removal_id": 1,
        },
        "observation": {"pk": cycle.pk, "observation_pk": observation.pk},
        "observation_id": {"cycle_id": cycle.pk, "observation_id": observation.pk},
        "educator_id": {"educator_id": colleague.pk},
        "version": {"pk": version.pk},
        "version_id": {"version_id": version.pk},
        "export": {"pk": version.pk, "file_format": "json"},
        "token": {"pk": token.pk},
        "team": {"pk": team.pk},
        "caucus": {"pk": team.pk, "party": "union"},
        "note_space": {"pk": team.pk, "space": "joint"},
        "member": {"pk": team.pk, "member_pk": team.members.first().pk},
        "engagement": {"pk": engagement.pk},
        "plan": {"pk": plan.pk},
        "plan_version": {"pk": plan.pk, "number": 1},
        "plan_item": {"pk": plan.pk, "kind": "goal"},
        "meeting": {"pk": team.pk, "meeting_pk": meeting.pk},
        "action_item": {"pk": team.pk, "item_pk": meeting.action_items.first().pk},
        "feed": {"token": "not-a-calendar-address"},
        "issue": {"pk": team.pk, "issue_pk": issue.pk},
        "issue_id": {"team_id": team.pk, "issue_id": issue.pk},
        "issue_entry": {"pk": team.pk, "issue_pk": issue.pk, "entry": "options"},
        "issue_option": {
            "pk": team.pk,
            "issue_pk": issue.pk,
            "entry": "options",
            "entry_pk": issue.options.first().pk,
        },
        "interest": {
            "pk": team.pk,
            "issue_pk": issue.pk,
            "interest_pk": issue.interests.first().pk,
        },
        "agreement": {"pk": team.pk, "agreement_pk": agreement.pk},
        "option_thread": {
            "pk": team.pk,
            "issue_pk": issue.pk,
            "option_pk": issue.options.first().pk,
        },
        "comment": {
            "pk": team.pk,
            "comment_pk": comment_post(
                by=user_of("principal@example.org"), body="Who pays?", issue_id=issue.pk
            ).pk,
        },
        "resource": {"resource_pk": resource.pk},
        "reporting_exception": {"pk": employment.district_id, "exception_pk": 1},
        "induction_log": {"pk": 1},
        **_licensure(teacher),
        "edfi_export": {"pk": _edfi_export(user_of("hr@example.org"), employment.district).pk},
        **_hiring(school, user_of("hr@example.org")),
        **_onboarding_world(school, user_of("hr@example.org")),
        **_selection(school, teacher),
        **_learning(teacher, user_of("facilitator@example.org"), employment.district_id),
        **_leadership(employment),
        **_newsletter(),
        **_cabinets(teacher),
        **_recognition(teacher, user_of("principal@example.org"), user_of("analyst@example.org")),
        "separation": {"pk": _separation(user_of("hr@example.org"), employment.district).pk},
        "survey_link": {"token": "not-a-survey-link"},
        "offer_application": {"pk": offer_application.pk},
        "reference_token": {"token": reference_token},
        "offer": {"pk": offer.pk},
        "message_kind": {"pk": employment.district_id, "kind": "offer"},
        "_users": {
            **{role: user_of(email) for role, email in EMAILS.items()},
            "other_hr": other_hr,
            "applicant": applicant,
        },
    }


def _licensure(teacher):
    """A Professional license of the teacher with an activity waiting and a plan."""
    import datetime

    from tandem.licensure.models import Ipdp, PointsEntry
    from tandem.licensure.tests.factories import PointsEntryFactory, ProfessionalLicenseFactory

    license = ProfessionalLicenseFactory(
        person=teacher.person,
        issued_on=datetime.date(2022, 7, 1),
        expires_on=datetime.date(2027, 6, 30),
    )
    entry = PointsEntryFactory(person=teacher.person, status=PointsEntry.Status.PENDING)
    ipdp = Ipdp.objects.create(
        license=license,
        goals="Sing",
        starts_on=license.issued_on,
        ends_on=license.expires_on,
        written_by=teacher,
    )
    return {
        "license": {"pk": license.pk},
        "points_entry": {"pk": entry.pk},
        "ipdp": {"pk": ipdp.pk},
    }


def _hiring(school, hr):
    """An open external posting at the teacher's school, for the hiring routes."""
    from tandem.hiring.tests.factories import PostingFactory, VacancyFactory

    posting = PostingFactory(vacancy=VacancyFactory(school=school, created_by=hr))
    return {
        "vacancy": {"pk": posting.vacancy_id},
        "posting": {"pk": posting.pk},
        "district_code": {"org_code": school.district.org_code},
    }


def _onboarding_world(school, hr):
    """A new educator onboarded at the teacher's school, a step of the district's checklist,
    and a hired application not yet onboarded."""
    from tandem.onboarding.models import OnboardingStep
    from tandem.onboarding.services import onboard
    from tandem.onboarding.tests.factories import START, hired_application

    step = OnboardingStep.objects.create(district=school.district, title="Keys issued")
    vacancy = {"posting__vacancy__school": school, "posting__vacancy__district": school.district}
    onboarding = onboard(hired_application(**vacancy), actor=hr, start_date=START).onboarding
    return {
        "onboarding": {"pk": onboarding.pk},
        "onboarding_task": {"pk": onboarding.pk, "task_pk": onboarding.tasks.first().pk},
        "onboarding_step": {"pk": school.district_id, "step_pk": step.pk},
        "hired_application": {"application_pk": hired_application(**vacancy).pk},
    }


def _selection(school, teacher):
    """A posting at ``school`` with ``teacher`` on its panel, a candidate and an interview."""
    import datetime

    from django.utils import timezone

    from tandem.hiring.tests.factories import ApplicationFactory, VacancyFactory
    from tandem.selection.models import Interview, PanelMember

    application = ApplicationFactory(posting__vacancy=VacancyFactory(school=school))
    posting = application.posting
    member = PanelMember.objects.create(posting=posting, person=teacher.person, added_by=teacher)
    starts = timezone.now() + datetime.timedelta(days=7)
    interview = Interview.objects.create(
        application=application,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Room 12",
        organizer=teacher,
    )
    interview.panel.set([member])
    candidate = {"pk": posting.pk, "application_pk": application.pk}
    return {
        "selection_posting": {"pk": posting.pk},
        "selection_candidate": candidate,
        "selection_interview": {**candidate, "interview_pk": interview.pk},
        "selection_document": {**candidate, "document_pk": 2**31},
        "selection_candidate_id": {"posting_id": posting.pk, "application_id": application.pk},
    }


def _candidate_with_an_offer(school, hr):
    """An external applicant's application to a vacancy at ``school``, a reference asked for
    and an offer waiting for the applicant's answer."""
    import datetime

    from tandem.hiring.tests.factories import ApplicationFactory
    from tandem.offers.models import Offer
    from tandem.offers.services import reference_request

    application = ApplicationFactory(
        posting__vacancy__school=school, posting__vacancy__created_by=hr, stage="offer"
    )
    _, token = reference_request(
        application, actor=hr, referee_name="Dana Okafor", referee_email="dana@example.test"
    )
    offer = Offer.objects.create(
        application=application,
        position="Grade 7 mathematics teacher",
        fte=1,
        salary=56000,
        start_date=datetime.date(2027, 8, 30),
        respond_by=datetime.date(2026, 12, 4),
        sent_by=hr,
    )
    return application, token, offer


def _applicant_with_an_application():
    """A confirmed applicant account with a profile and one application to an open posting."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tandem.applicants import services
    from tandem.applicants.models import Education
    from tandem.applicants.tests.factories import applicant
    from tandem.hiring.tests.factories import PostingFactory

    user = applicant()
    item = Education.objects.create(
        person=user.person, institution="Salem State", degree="BA", field="History", year=2019
    )
    document = services.document_add(
        user=user, kind="resume", title="Résumé", upload=SimpleUploadedFile("cv.txt", b"CV")
    )
    application = services.application_submit(user=user, posting=PostingFactory(), answers={})
    return user, application, item, document


def _import_run(district, hr):
    from tandem.imports import services
    from tandem.imports.tests.factories import csv_file, educator

    return services.run_start(
        district=district, kind="educators", upload=csv_file([educator(1)]), by=hr
    )


def _evidence_and_shared_observation(cycle):
    """An evidence file and an observation whose feedback is shared, for the routes that need
    them (the educator does not see an observation before its feedback is shared)."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tandem.evaluation.models import EvaluationCycle, Evidence, Observation
    from tandem.records.files import stored_file_save

    EvaluationCycle.objects.filter(pk=cycle.pk).update(step="implementation")
    evaluator = cycle.primary_evaluator.user
    stored = stored_file_save(
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        district_id=cycle.district_id,
        by=evaluator,
    )
    evidence = Evidence.objects.create(
        cycle=cycle, kind="artifact", title="Unit plan", file=stored, added_by=evaluator
    )
    observation = Observation.objects.create(
        cycle=cycle,
        kind="unannounced",
        observed_on=datetime.date(2026, 11, 2),
        duration_minutes=15,
        observer=cycle.primary_evaluator,
        feedback="Shared feedback.",
        feedback_due=datetime.date(2026, 11, 9),
        feedback_shared_at=datetime.datetime(2026, 11, 3, tzinfo=datetime.UTC),
        created_by=evaluator,
    )
    return evidence, observation


def _edfi_export(hr, district):
    """A finished Ed-Fi export that district 1's HR asked for."""
    from django.core.files.base import ContentFile

    from tandem.interop.models import EdfiExport

    export = EdfiExport.objects.create(district=district, requested_by=hr, status="done")
    export.file.save("edfi-test.zip", ContentFile(b"PK\x05\x06" + b"\x00" * 18))
    return export


def _learning(teacher, facilitator, district_id):
    """A registered provider's course that ``facilitator`` leads, which the teacher attended,
    passed and holds a certificate of."""
    from tandem.learning.services import (
        attendance_record,
        completion_record,
        registration_register,
    )
    from tandem.learning.tests.factories import OfferingFactory

    offering = OfferingFactory(facilitator=facilitator)
    registration = registration_register(offering_id=offering.pk, person_id=teacher.person.pk)
    session = offering.sessions.get()
    attendance_record(session=session, present={registration.pk}, by=facilitator)
    completion = completion_record(registration=registration, passed=True, by=facilitator)
    return {
        "learning_offering": {"pk": offering.pk},
        "learning_registration": {"pk": registration.pk},
        "learning_session": {"pk": offering.pk, "session_pk": session.pk},
        "learning_completion": {"pk": completion.pk},
        "learning_code": {"code": completion.code},
        "learning_measured": {"offering_pk": offering.pk},
        "learning_measured_in_district": {"pk": district_id, "offering_pk": offering.pk},
    }


def _leadership(employment):
    """A role and a lattice level of the teacher's district."""
    from tandem.leadership.tests.factories import LatticeLevelFactory, LeadershipRoleFactory

    role = LeadershipRoleFactory(district=employment.district)
    level = LatticeLevelFactory(district=employment.district, rank=99)
    return {
        "leadership_role": {"pk": role.pk},
        "leadership_level": {"pk": level.pk},
        "leadership_employment": {"pk": employment.pk},
    }


def _newsletter():
    """A sent issue to everyone, a draft, and a subscriber's links to confirm and to leave."""
    from django.utils import timezone

    from tandem.newsletter.models import Issue
    from tandem.newsletter.services import confirm_token, unsubscribe_token
    from tandem.newsletter.tests.factories import IssueFactory, SubscriberFactory

    sent = IssueFactory(status=Issue.Status.SENT, sent_at=timezone.now())
    subscriber = SubscriberFactory(confirmed_at=None)
    return {
        "newsletter_issue": {"pk": sent.pk},
        "newsletter_draft": {"pk": IssueFactory().pk},
        "newsletter_confirm": {"token": confirm_token(subscriber)},
        "newsletter_unsubscribe": {"token": unsubscribe_token(subscriber.pk)},
    }


def _cabinets(teacher):
    """A teacher cabinet the teacher serves on, with a meeting and a topic, and its next
    round, to which she has applied."""
    from tandem.cabinets.services import application_submit
    from tandem.cabinets.tests.factories import (
        MeetingFactory,
        RoundFactory,
        TermFactory,
        TopicFactory,
    )

    term = TermFactory(person=teacher.person)
    round = RoundFactory(cabinet=term.cabinet)
    application = application_submit(round_id=round.pk, by=teacher, statement="I would serve.")
    return {
        "cabinet": {"pk": term.cabinet_id},
        "cabinet_round": {"pk": round.pk},
        "cabinet_application": {"pk": application.pk},
        "cabinet_term": {"pk": term.pk},
        "cabinet_meeting": {"pk": MeetingFactory(cabinet=term.cabinet).pk},
        "cabinet_topic": {"pk": TopicFactory(cabinet=term.cabinet).pk},
    }


def _recognition(teacher, principal, analyst):
    """A state program's cycle in which the principal nominated the teacher, who applied, and
    which the analyst reads."""
    from tandem.recognition.models import Reader
    from tandem.recognition.services import nomination_create
    from tandem.recognition.tests.factories import ApplicationFactory, CycleFactory

    cycle = CycleFactory()
    nomination = nomination_create(
        cycle=cycle,
        nominator=principal,
        nominee=teacher.person,
        relationship="supervisor",
        reason="Her students write every day.",
    )
    application = ApplicationFactory(
        cycle=cycle, person=teacher.person, district=nomination.district
    )
    Reader.objects.create(cycle=cycle, user=analyst)
    return {
        "recognition_cycle": {"pk": cycle.pk},
        "recognition_nomination": {"pk": nomination.pk},
        "recognition_application": {"pk": application.pk},
    }


def _separation(hr, district):
    """A separation district 1's HR recorded, of an employment made for it."""
    import datetime

    from tandem.exits.services import separation_record
    from tandem.people.tests.factories import EmploymentFactory

    return separation_record(
        employment_id=EmploymentFactory(district=district).pk,
        by=hr,
        last_day=datetime.date(2027, 6, 30),
        kind="retired",
        reason="retirement",
        send_survey=False,
    )


def _resource_with_a_file(facilitator):
    """A library resource whose file is in this test's own file directory (the demo's file was
    stored in another, at the start of the session)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tandem.collaboration.models import Topic
    from tandem.collaboration.services.library import resource_share

    return resource_share(
        by=facilitator,
        title="Meeting norms",
        kind="template",
        summary="Norms for our meetings.",
        link="",
        topics=[Topic.objects.first()],
        upload=SimpleUploadedFile("norms.txt", b"Start and end on time."),
    )


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, role):
    """Each route answers each role with the status in its row."""
    if role != "anonymous":
        client.force_login(world["_users"][role])
    failures = []
    for name, (args, expected) in MATRIX.items():
        kwargs = dict(world[args])
        query = kwargs.pop("_query", "")
        response = client.get(reverse(name, kwargs=kwargs) + query)
        if response.status_code != expected[role]:
            failures.append(f"{name}: {response.status_code} != {expected[role]}")
    assert failures == []


@pytest.mark.parametrize("role", ["anonymous", "teacher", "hr", "analyst"])
def test_admin_is_closed_to_everyone_who_is_not_staff(client, world, role):
    if role != "anonymous":
        client.force_login(world["_users"][role])
    checked = 0
    for name, module in _url_names():
        if _group_of(name, module) != "admin":
            continue
        pattern_kwargs: dict = {}
        try:
            url = reverse(name)
        except Exception:
            for kwargs in (
                {"object_id": "1"},
                {"app_label": "people"},
                {"content_type_id": 1, "object_id": "1"},
            ):
                try:
                    url = reverse(name, kwargs=kwargs)
                    pattern_kwargs = kwargs
                    break
                except Exception:
                    url = None
            if url is None:
                continue
        response = client.get(url)
        assert response.status_code in (302, 403, 404), (name, pattern_kwargs, response.status_code)
        if response.status_code == 302:
            assert "/login" in response["Location"] or name == "admin:logout", name
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("role", ["anonymous", "teacher", "hr"])
def test_account_pages_never_fail(client, world, role):
    if role != "anonymous":
        client.force_login(world["_users"][role])
    for name, module in _url_names():
        if _group_of(name, module) != "allauth":
            continue
        try:
            url = reverse(name)
        except Exception:
            continue
        assert client.get(url).status_code < 500, name


# Who adds and removes the members of each party of district 1's team (issue 16, item 1):
# each party's key leader its own; community members any key leader or the facilitator.
# POSTs, so they are rows of their own: the page offers the action exactly where the
# server allows it.
MEMBERSHIP = {
    "management": {"superintendent"},
    "union": {"union"},
    "committee": {"committee"},
    "community": {"superintendent", "union", "committee", "facilitator"},
}
MEMBERSHIP_ACTORS = ["superintendent", "union", "committee", "facilitator", "principal"]


def _member_of(team, party, added_by):
    """A member of ``party`` seated a year ago (district staff, or an outsider for the
    community), not one of ``EMAILS``."""
    import datetime

    from tandem.collaboration.models import TeamMember
    from tandem.people.models import Employment

    seated = set(team.members.values_list("user_id", flat=True))
    staff = (
        Employment.objects.filter(district=team.district, person__user__isnull=False)
        .exclude(person__user__email__in=EMAILS.values())
        .exclude(person__user__in=seated)
        .exclude(person__user__role_grants__office__gt="")
    )
    if party == "community":
        staff = Employment.objects.exclude(district=team.district).filter(
            person__user__isnull=False
        )
    user = staff.order_by("pk").first().person.user
    return TeamMember.objects.create(
        team=team,
        user=user,
        party=party,
        start_date=datetime.date(2025, 11, 24),
        added_by=added_by,
    )


@pytest.mark.parametrize("party", MEMBERSHIP)
@pytest.mark.parametrize("role", MEMBERSHIP_ACTORS)
def test_membership_matrix(client, user_of, role, party):
    from tandem.collaboration.models import TeamMember

    actor = user_of(EMAILS[role])
    team = user_of(EMAILS["superintendent"]).person.employments.get().district.team
    allowed = role in MEMBERSHIP[party]
    member = _member_of(team, party, added_by=user_of(EMAILS["superintendent"]))
    client.force_login(actor)
    page = client.get(reverse("collaboration:team_detail", kwargs={"pk": team.pk}))
    end = reverse("collaboration:member_end", kwargs={"pk": team.pk, "member_pk": member.pk})
    assert (end in page.content.decode()) is allowed
    assert (f'value="{party}"' in page.content.decode()) is allowed
    client.post(end)
    member.refresh_from_db()
    assert (member.end_date is not None) is allowed

    newcomer = "analyst@example.org" if party == "community" else EMAILS["teacher"]
    client.post(
        reverse("collaboration:member_add", kwargs={"pk": team.pk}),
        {"email": newcomer, "party": party},
    )
    joined = TeamMember.objects.filter(team=team, user__email=newcomer, party=party)
    assert joined.exists() is allowed
