"""Staff compose, preview, schedule and follow issues; anyone reads the archive, subscribes,
confirms and leaves."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tandem.errors import DomainError
from tandem.newsletter import selectors, services
from tandem.newsletter.forms import IssueEditForm, IssueForm, ScheduleForm, SubscribeForm
from tandem.newsletter.models import Issue
from tandem.newsletter.rules import edits_newsletter
from tandem.newsletter.sending import preview
from tandem.ui.forms import act_and_say, form_act_with_messages


def _editor(request):
    if not edits_newsletter(request.user):
        raise Http404(_("There is no such page."))


def _issue(pk) -> Issue:
    issue = selectors.issue_get(pk)
    if issue is None:
        raise Http404(_("There is no such issue."))
    return issue


@login_required
def issue_list(request):
    _editor(request)
    page = Paginator(selectors.issue_list(), 20).get_page(request.GET.get("page"))
    counts = selectors.delivery_counts([issue.pk for issue in page])
    rows = [(issue, counts[issue.pk]) for issue in page]
    return render(request, "newsletter/issue_list.html", {"page": page, "rows": rows})


@login_required
def issue_create(request):
    _editor(request)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.issue_create(user=request.user, **form.service_arguments())
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Preview it before you schedule it."))
            return redirect("newsletter:issue_detail", issue.pk)
    return render(request, "newsletter/issue_form.html", {"form": form, "issue": None})


@login_required
def issue_edit(request, pk):
    _editor(request)
    issue = _issue(pk)
    form = IssueEditForm(request.POST or None, initial=IssueForm.initial_of(issue))
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_update(
                user=request.user,
                issue_id=issue.pk,
                version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved as a new version."))
            return redirect("newsletter:issue_detail", issue.pk)
    return render(request, "newsletter/issue_form.html", {"form": form, "issue": issue})


@login_required
def issue_detail(request, pk):
    """The issue as it will arrive (HTML and plain text), its schedule and delivery counts."""
    _editor(request)
    issue = _issue(pk)
    subject, text, html = preview(issue)
    context = {
        "issue": issue,
        "subject": subject,
        "text": text,
        "html": html,
        "counts": selectors.delivery_counts([issue.pk])[issue.pk],
        "audience": selectors.audience_of(issue).count(),
        "versions": issue.history.count(),
        "editable": issue.status in services.EDITABLE,
        "schedule_form": ScheduleForm(),
    }
    return render(request, "newsletter/issue_detail.html", context)


@login_required
@require_POST
def issue_schedule(request, pk):
    _editor(request)
    issue = _issue(pk)
    form = ScheduleForm(request.POST)
    form_act_with_messages(
        request,
        form,
        lambda send_at: services.issue_schedule(
            user=request.user, issue_id=issue.pk, send_at=send_at
        ),
        _("The issue is scheduled."),
    )
    return redirect("newsletter:issue_detail", issue.pk)


@login_required
@require_POST
def issue_unschedule(request, pk):
    _editor(request)
    issue = _issue(pk)
    act_and_say(
        request,
        lambda: services.issue_unschedule(user=request.user, issue_id=issue.pk),
        _("The issue is held back as a draft."),
    )
    return redirect("newsletter:issue_detail", issue.pk)


def archive(request):
    page = Paginator(selectors.archive(), 20).get_page(request.GET.get("page"))
    context = {"page": page, "edits": edits_newsletter(request.user)}
    return render(request, "newsletter/archive.html", context)


def archive_issue(request, pk):
    issue = selectors.archived_issue(pk)
    if issue is None:
        raise Http404(_("There is no such issue in the archive."))
    return render(request, "newsletter/archive_issue.html", {"issue": issue})


def subscribe(request):
    own = selectors.subscription_of(request.user)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            services.subscription_request(email=form.cleaned_data["email"], user=user)
        except DomainError as error:
            form.add_error("email", error)
        else:
            return render(
                request, "newsletter/subscribe_sent.html", {"email": form.cleaned_data["email"]}
            )
    return render(request, "newsletter/subscribe.html", {"form": form, "own": own})


def confirm(request, token):
    try:
        subscriber = services.subscription_confirm(token=token)
    except DomainError as error:
        return render(
            request, "newsletter/confirm.html", {"problem": " ".join(error.messages)}, status=400
        )
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@csrf_exempt
def unsubscribe(request, token):
    """RFC 8058: a POST to the address of ``List-Unsubscribe`` leaves at once, with no sign-in
    and no CSRF token (a mail program sends it); a GET, from the link, asks first."""
    if request.method == "POST":
        try:
            subscriber = services.subscription_end(token=token)
        except DomainError as error:
            return render(
                request,
                "newsletter/unsubscribe.html",
                {"problem": " ".join(error.messages)},
                status=400,
            )
        return render(
            request, "newsletter/unsubscribe.html", {"subscriber": subscriber, "done": True}
        )
    subscriber = services.subscriber_of_unsubscribe(token)
    if subscriber is None:
        return render(
            request,
            "newsletter/unsubscribe.html",
            {"problem": _("This unsubscribe link is not valid.")},
            status=400,
        )
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber})
