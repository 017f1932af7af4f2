"""The applicant's pages: account, profile, apply, my applications and withdrawal; and the
equal-opportunity counts for district HR and the state."""

from allauth.account.internal.flows.signup import complete_signup
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tandem.applicants import rules, selectors, services
from tandem.applicants.forms import (
    PART_FORMS,
    AccountForm,
    ApplyForm,
    DocumentForm,
    WithdrawForm,
)
from tandem.applicants.models import Document
from tandem.hiring.models import Posting
from tandem.people.models import Person
from tandem.people.selectors import roles_of
from tandem.records.files import stored_file_response
from tandem.records.services import access_log_request
from tandem.records.uploads import upload_limit
from tandem.ui.forms import act_and_say, form_act

PART_TITLES = {
    "education": (gettext_lazy("Add education"), gettext_lazy("Change education")),
    "experience": (gettext_lazy("Add experience"), gettext_lazy("Change experience")),
    "reference": (gettext_lazy("Add a reference"), gettext_lazy("Change a reference")),
}


def _posted(request):
    """The form's data when the page is sent, even with nothing filled in (else None)."""
    return request.POST if request.method == "POST" else None


def account_create(request):
    """The public page where someone from outside makes an applicant account."""
    if request.user.is_authenticated:
        return redirect("applicants:mine")
    form = AccountForm(_posted(request))
    if request.method == "POST":
        user = form_act(
            request,
            form,
            lambda password_again, **values: services.applicant_account_create(**values),
            None,
        )
        if user is not None:
            return complete_signup(request, user=user)
    return render(request, "applicants/account_create.html", {"form": form})


def _person(request) -> Person:
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404(_("Your account has no applicant profile."))
    return person


@login_required
def profile(request):
    person = _person(request)
    return render(
        request,
        "applicants/profile.html",
        {"profile": selectors.profile_of(person), "document_form": DocumentForm()},
    )


@login_required
def profile_item(request, part, pk=None):
    """Add a part of the profile, or change one (``pk``)."""
    if part not in PART_FORMS:
        raise Http404(_("No such part of a profile."))
    person = _person(request)
    instance = None
    if pk is not None:
        instance = get_object_or_404(PART_FORMS[part]._meta.model, person=person, pk=pk)
    form = PART_FORMS[part](_posted(request), instance=instance)
    if request.method == "POST":
        saved = form_act(
            request,
            form,
            lambda **values: services.profile_item_save(
                user=request.user, part=part, pk=pk, **values
            ),
            _("Your profile is saved."),
        )
        if saved is not None:
            return redirect("applicants:profile")
    title = PART_TITLES[part][instance is not None]
    return render(request, "applicants/profile_item.html", {"form": form, "title": title})


@login_required
@require_POST
def profile_item_remove(request, part, pk):
    if part not in (*PART_FORMS, "document"):
        raise Http404(_("No such part of a profile."))
    act_and_say(
        request,
        lambda: services.profile_item_remove(user=request.user, part=part, pk=pk),
        _("Removed from your profile. Applications you sent keep what they held."),
    )
    return redirect("applicants:profile")


@login_required
@require_POST
@upload_limit("MAX_UPLOAD_BYTES")
def document_add(request):
    person = _person(request)
    form = DocumentForm(request.POST, request.FILES)

    def add(*, file, **values):
        return services.document_add(user=request.user, upload=file, **values)

    if form_act(request, form, add, _("The document is added to your profile.")):
        return redirect("applicants:profile")
    return render(
        request,
        "applicants/profile.html",
        {"profile": selectors.profile_of(person), "document_form": form},
    )


@login_required
def document_file(request, pk):
    """A document of the applicant's own profile, downloaded by them."""
    document = get_object_or_404(
        Document.objects.select_related("file"), person=_person(request), pk=pk
    )
    return stored_file_response(document.file)


@login_required
def apply(request, pk):
    """Apply to a posting with the profile and the posting's own questions."""
    posting = get_object_or_404(
        Posting.objects.select_related("vacancy__district", "vacancy__school"), pk=pk
    )
    person = _person(request)
    existing = selectors.applications_of(person.pk).filter(posting=posting).first()
    if existing is not None:
        messages.info(
            request, _("You have already applied to this posting; here is that application.")
        )
        return redirect(existing)
    refusal = rules.apply_refusal(request.user, posting)
    form = ApplyForm(_posted(request), questions=posting.questions.all())
    if request.method == "POST" and refusal is None:

        def submit(**_values):
            try:
                return services.application_submit(
                    user=request.user,
                    posting=posting,
                    answers=form.answers(),
                    eeo_answers=form.eeo_answers(),
                )
            except services.AlreadyApplied as already:  # sent twice at once
                return already.application

        submitted = form_act(request, form, submit, None)
        if submitted is not None:
            messages.success(request, _("Your application is sent to the district."))
            return redirect(submitted)
    return render(
        request,
        "applicants/apply.html",
        {
            "posting": posting,
            "form": form,
            "refusal": refusal,
            "profile": selectors.profile_of(person),
        },
    )


@login_required
def mine(request):
    person_id = roles_of(request.user).person_id
    applications = list(selectors.applications_of(person_id))
    access_log_request(request, applications)
    rows = [(a, selectors.status_words(a)) for a in applications]
    return render(request, "applicants/mine.html", {"rows": rows})


def _own_application(request, pk):
    application = selectors.application_of(roles_of(request.user).person_id, pk)
    if application is None:
        raise Http404(_("No such application of yours."))
    return application


@login_required
def application_detail(request, pk):
    application = _own_application(request, pk)
    access_log_request(request, [application])
    submission = getattr(application, "submission", None)
    return render(
        request,
        "applicants/application_detail.html",
        {
            "application": application,
            "status": selectors.status_words(application),
            "submission": submission,
            "answers": application.answers.select_related("question"),
            "may_withdraw": rules.may_withdraw(request.user, application),
        },
    )


@login_required
def withdraw(request, pk):
    """Withdraw, after a page that asks first; a stale version says so and changes nothing."""
    application = _own_application(request, pk)
    if not rules.may_withdraw(request.user, application):
        raise Http404(_("This application cannot be withdrawn."))
    form = WithdrawForm(_posted(request), initial={"version": application.version})
    if request.method == "POST" and request.POST.get("confirmed"):
        done = form_act(
            request,
            form,
            lambda version: services.application_withdraw(
                user=request.user, application=application, version=version
            ),
            _("You withdrew your application. The district is told."),
        )
        if done is not None:
            return redirect(application)
    return render(
        request,
        "applicants/withdraw.html",
        {"application": application, "form": form, "version": application.version},
    )


@login_required
def eeo_report(request):
    """The equal-opportunity counts a reader may see, per posting or per district."""
    districts = rules.eeo_report_districts(request.user)
    if districts is not None and not districts:
        raise Http404(_("No equal-opportunity counts for you."))
    by = "district" if request.GET.get("by") == "district" else "posting"
    tables = selectors.eeo_tables(selectors.eeo_postings(districts), by=by)
    return render(
        request,
        "applicants/eeo_report.html",
        {
            "tables": [
                (title, [label for _key, label in categories], tables[question].as_rows())
                for question, title, categories in selectors.EEO_QUESTIONS
            ],
            "by": by,
        },
    )
