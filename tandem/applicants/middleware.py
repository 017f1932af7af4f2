"""An applicant account opens only the careers pages, its own applications and the public
pages: every other page and API answers 404, as for a record that is not theirs."""

from django.http import Http404, JsonResponse
from django.shortcuts import redirect

from tandem.applicants.rules import is_applicant_only

# What an applicant account may open, by URL name or namespace: beside its own records,
# the public careers pages and what the district sends it (an offer, an interview's invitation).
OPEN_NAMESPACES = {"applicants"}
OPEN_NAMES = {
    "healthz",
    "hiring:careers",
    "hiring:careers_feed",
    "hiring:careers_district",
    "hiring:careers_district_feed",
    "hiring:careers_posting",
    "api:list_postings",
    "offers:offer",
    "offers:offer_answer",
    "selection:interview_ics",
    "dashboards:public",
    "learning:verify",
    "newsletter:archive",
    "newsletter:feed",
    "newsletter:archive_issue",
    "newsletter:subscribe",
    "newsletter:confirm",
    "newsletter:unsubscribe",
    "recognition:honourees",
    "people:access_log",
    "people:access_log_csv",
    "api:my_applications",
    "api:openapi-json",
    "api:openapi-view",
    "evaluation:capture_service_worker",
}


class ApplicantOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not is_applicant_only(user):
            return None
        request.applicant_only = True
        match = request.resolver_match
        if match.view_name == "home":
            return redirect("applicants:mine")
        module = getattr(view_func, "__module__", "") or ""
        if (
            match.view_name in OPEN_NAMES
            or OPEN_NAMESPACES & set(match.namespaces)
            or module.startswith("allauth.")
            or match.view_name.startswith("account_")
        ):
            return None
        if "api" in match.namespaces:
            return JsonResponse({"detail": ["Not found."]}, status=404)
        raise Http404("Not found.")
