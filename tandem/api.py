"""The Tandem API under /api/: one NinjaAPI, a router per app, one error shape."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from tandem.errors import DomainError
from tandem.people.services import api_token_authenticate
from tandem.records.versions import StaleVersion


class TokenAuth(HttpBearer):
    """Bearer tokens for other systems; see /me/tokens/."""

    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


ERROR_RESPONSE = {
    "description": "The request was refused; detail says why.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"detail": {"type": "array", "items": {}}},
                "required": ["detail"],
            }
        }
    },
}
ERROR_STATUSES = {
    "400": "The request body could not be read",
    "401": "Not signed in",
    "403": "Not yours to change",
    "404": "Not found or not yours to see",
    "409": "Someone saved a newer version first",
    "422": "Invalid input",
}


class TandemAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Document the one error shape on every operation, as the handlers below answer it."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, summary in ERROR_STATUSES.items():
                    operation["responses"].setdefault(
                        status, {**ERROR_RESPONSE, "description": summary}
                    )
        return schema


api = TandemAPI(
    title="Tandem API",
    version="1",
    description=(
        "Organizations, educators, assignments and rubric frameworks, and evaluation cycles "
        "with their goals, observations, evidence and ratings, and the state's figures (rating "
        "distribution, equity, retention; suppressed for readers of aggregates only), with the "
        "same permissions as "
        "Tandem's pages. Authenticate with a bearer token made on the API tokens page, or "
        "with a signed-in session."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, error: DomainError):
    """422 for input the rules refuse; 409 when someone saved a newer version first."""
    status = 409 if isinstance(error, StaleVersion) else 422
    return api.create_response(request, {"detail": error.messages}, status=status)


@api.exception_handler(Http404)
def not_found(request, error):
    return api.create_response(request, {"detail": [str(error) or "Not found."]}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    return api.create_response(
        request, {"detail": ["You may read this record but not change it."]}, status=403
    )


@api.exception_handler(ValidationError)
def invalid_request(request, error: ValidationError):
    return api.create_response(request, {"detail": error.errors}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, error):
    return api.create_response(
        request, {"detail": ["Sign in, or send a valid bearer token."]}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request, error: HttpError):
    return api.create_response(request, {"detail": [str(error)]}, status=error.status_code)


from tandem.applicants.api import router as applicants_router  # noqa: E402
from tandem.bargaining.api import router as bargaining_router  # noqa: E402
from tandem.collaboration.api import router as collaboration_router  # noqa: E402
from tandem.evaluation.api import router as evaluation_router  # noqa: E402
from tandem.hiring.api import router as hiring_router  # noqa: E402
from tandem.insights.api import router as insights_router  # noqa: E402
from tandem.interop.api import router as edfi_router  # noqa: E402
from tandem.organizations.api import router as organizations_router  # noqa: E402
from tandem.people.api import router as people_router  # noqa: E402
from tandem.rubrics.api import router as rubrics_router  # noqa: E402
from tandem.selection.api import router as selection_router  # noqa: E402

api.add_router("/", organizations_router)
api.add_router("/", bargaining_router)
api.add_router("/", people_router)
api.add_router("/", rubrics_router)
api.add_router("/", evaluation_router)
api.add_router("/", insights_router)
api.add_router("/", hiring_router)
api.add_router("/", selection_router)
api.add_router("/", applicants_router)
api.add_router("/", collaboration_router)
api.add_router("/ed-fi/", edfi_router)
