"""The plan gallery: publishing an adopted plan, the published plans, comments and their
moderation."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.gallery import CommentForm
from tandem.collaboration.models import GalleryComment, StrategicPlan, Topic
from tandem.collaboration.selectors.gallery import gallery_list
from tandem.collaboration.selectors.teams import is_partnership_staff
from tandem.collaboration.services import gallery as gallery_services
from tandem.collaboration.views.plans import open_plan, plan_pdf
from tandem.errors import DomainError
from tandem.people.selectors import roles_of
from tandem.ui.forms import act_and_say, form_problems
from tandem.ui.params import int_or_none


@login_required
@require_POST
def plan_publish(request, pk):
    plan, _team = open_plan(request, pk)
    publish = request.POST.get("publish") == "1"
    act_and_say(
        request,
        partial(gallery_services.plan_publish, plan_id=plan.pk, by=request.user, publish=publish),
        _("Published in the gallery.") if publish else _("Taken down from the gallery."),
    )
    return redirect("collaboration:plan_detail", pk=plan.pk)


@login_required
def gallery(request):
    q = request.GET.get("q", "").strip()[:100]
    topic = request.GET.get("topic", "")
    page = Paginator(gallery_list(q=q, topic=topic), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboration/gallery.html",
        {"page": page, "q": q, "topic": topic, "topics": Topic.objects.all()},
    )


def _published_plan(pk) -> StrategicPlan:
    """A published plan, open to every signed-in user; 404 while it is not published."""
    return get_object_or_404(
        StrategicPlan.objects.select_related("team__district", "published_version"),
        pk=pk,
        published_version__isnull=False,
    )


@login_required
def gallery_plan(request, pk):
    """The version the team published, with the comments on it."""
    plan = _published_plan(pk)
    comments = plan.comments.select_related("author").filter(
        Q(status=GalleryComment.Status.APPROVED) | Q(author=request.user)
    )
    return render(
        request,
        "collaboration/gallery_plan.html",
        {
            "plan": plan,
            "content": plan.published_version.content,
            "comments": comments,
            "form": CommentForm(),
        },
    )


@login_required
def gallery_plan_pdf(request, pk):
    plan = _published_plan(pk)
    return plan_pdf(request, plan, plan.published_version)


@login_required
@require_POST
def gallery_comment(request, pk):
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            gallery_services.gallery_comment_post(
                plan_id=pk, by=request.user, body=form.cleaned_data["body"]
            )
            messages.success(
                request, _("Thank you. Your comment is shown once the partnership has read it.")
            )
        except DomainError as error:
            raise Http404(error.messages[0]) from error
    for problem in form_problems(form):
        messages.error(request, problem)
    return redirect("collaboration:gallery_plan", pk=pk)


@login_required
def gallery_moderation(request):
    if not is_partnership_staff(roles_of(request.user)):
        raise Http404(_("This page is for the partnership's staff."))
    if request.method == "POST":
        try:
            gallery_services.gallery_comment_moderate(
                comment_id=int_or_none(request.POST.get("comment")) or 0,
                by=request.user,
                approve=request.POST.get("approve") == "1",
            )
            messages.success(request, _("Done."))
        except GalleryComment.DoesNotExist:
            messages.error(request, _("That comment no longer exists."))
        return redirect("collaboration:gallery_moderation")
    pending = GalleryComment.objects.filter(status=GalleryComment.Status.PENDING).select_related(
        "author", "plan__team__district"
    )
    return render(request, "collaboration/gallery_moderation.html", {"pending": pending})
