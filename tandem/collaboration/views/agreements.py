"""Joint agreements: drafting, the agreement and its PDF, redrafting, signing and new versions."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.collaboration.forms.agreements import AgreementEditForm, AgreementForm
from tandem.collaboration.models import SHARED_VISION_ELEMENTS, IssueStatement, JointAgreement, Team
from tandem.collaboration.rules import (
    agreement_draft_refusal,
    agreement_signing_refusal,
    is_team_member,
    may_edit_agreement,
    may_revise_agreement,
)
from tandem.collaboration.selectors.agreements import (
    agreement_in_effect,
    agreement_versions,
    signing_status,
)
from tandem.collaboration.selectors.consent import own_consent
from tandem.collaboration.services import agreements
from tandem.collaboration.views.teams import open_team
from tandem.people.selectors import roles_of
from tandem.records.selectors import signed_record
from tandem.ui.forms import act_and_say, form_act
from tandem.ui.pdf import pdf_response
from tandem.ui.signing import sign_after_password, signed_saying


def _open_agreement(request, pk, agreement_pk) -> tuple[Team, JointAgreement]:
    team = open_team(request, pk)
    agreement = get_object_or_404(
        JointAgreement.objects.select_related(
            "team__district", "issue", "supersedes", "drafted_by"
        ),
        pk=agreement_pk,
        team=team,
    )
    return team, agreement


@login_required
def agreement_add(request, pk):
    """Draft the first version of a tentative agreement, an MOU or a joint statement."""
    team = open_team(request, pk)
    issues = team.issues.filter(stage=IssueStatement.Stage.DECIDED)
    kind = request.GET.get("kind")
    initial = {"kind": kind, "issue": request.GET.get("issue")}
    if kind == JointAgreement.Kind.SHARED_VISION:
        initial |= {
            "title": _("Our shared vision for the teaching profession"),
            "body": "\n\n".join(
                f"{n}. {element}\n" for n, element in enumerate(SHARED_VISION_ELEMENTS, 1)
            ),
        }
    form = AgreementForm(request.POST or None, issues=issues, initial=initial)

    def draft(*, issue, **agreement):
        return agreements.agreement_draft(
            team_id=team.pk, by=request.user, issue_id=issue, **agreement
        )

    if request.method == "POST" and (
        agreement := form_act(
            request, form, draft, _("Draft saved. The key leaders can sign it when ready.")
        )
    ):
        return redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
    return render(
        request,
        "collaboration/agreement_form.html",
        {"team": team, "form": form, "is_member": is_team_member(request.user, team)},
    )


def _agreement_context(request, team, agreement):
    day = roles_of(request.user).day
    standing = signing_status(agreement=agreement, day=day)
    versions = agreement_versions(agreement=agreement)
    latest = versions[0]
    signable = agreement_signing_refusal(agreement) is None
    mine = own_consent(standing, user=request.user)
    return {
        "team": team,
        "agreement": agreement,
        "may_edit": may_edit_agreement(request.user, agreement),
        "may_revise": may_revise_agreement(request.user, agreement),
        "standing": standing,
        "my_standing": mine if signable and mine and not mine.signed else None,
        "signed": signed_record(record=agreement),
        "versions": versions,
        "in_effect": agreement_in_effect(agreement=agreement),
        "is_latest": latest.pk == agreement.pk,
    }


@login_required
def agreement_detail(request, pk, agreement_pk):
    team, agreement = _open_agreement(request, pk, agreement_pk)
    return render(
        request,
        "collaboration/agreement_detail.html",
        {
            **_agreement_context(request, team, agreement),
            "comment_count": agreement.comments.count(),
        },
    )


@login_required
def agreement_pdf(request, pk, agreement_pk):
    team, agreement = _open_agreement(request, pk, agreement_pk)
    return pdf_response(
        template="collaboration/pdf/agreement.html",
        context={
            **_agreement_context(request, team, agreement),
            "printed_at": timezone.now(),
            "printed_by": request.user,
        },
        filename=f"{slugify(team.district.name)}-{slugify(agreement.title)}-v{agreement.number}.pdf",
    )


@login_required
def agreement_edit(request, pk, agreement_pk):
    """Redraft a version nobody has signed; a signed one sends the user back with the reason."""
    team, agreement = _open_agreement(request, pk, agreement_pk)
    back = redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
    if refusal := agreement_draft_refusal(request.user, agreement):
        messages.error(request, refusal)
        return back
    form = AgreementEditForm(
        request.POST or None,
        initial={"title": agreement.title, "body": agreement.body, "version": agreement.version},
    )
    redraft = partial(agreements.agreement_edit, agreement_id=agreement.pk, by=request.user)
    if request.method == "POST" and form_act(request, form, redraft, _("Draft saved.")):
        return back
    return render(
        request,
        "collaboration/agreement_edit.html",
        {"team": team, "agreement": agreement, "form": form},
    )


@login_required
def agreement_sign(request, pk, agreement_pk):
    """Confirm the password again, then sign this version for one's own party."""
    team, agreement = _open_agreement(request, pk, agreement_pk)
    signed = signed_saying(
        agreement,
        complete_status=JointAgreement.Status.IN_EFFECT,
        complete=_("Signed. All three parties have signed: in effect."),
        waiting=_("Signed. It takes effect when all three have signed."),
    )
    sign = partial(agreements.agreement_sign, by=request.user, agreement_id=agreement.pk)
    detail = reverse(
        "collaboration:agreement_detail", kwargs={"pk": team.pk, "agreement_pk": agreement.pk}
    )
    return sign_after_password(request, sign=sign, done=signed, signed_url=detail) or render(
        request,
        "collaboration/agreement_sign.html",
        _agreement_context(request, team, agreement),
    )


@login_required
@require_POST
def agreement_revise(request, pk, agreement_pk):
    team, agreement = _open_agreement(request, pk, agreement_pk)
    draft = act_and_say(
        request,
        partial(agreements.agreement_revise, agreement_id=agreement.pk, by=request.user),
        lambda draft: (
            _("Version %(n)s started. The signed version stays as it is until this one is signed.")
            % {"n": draft.number}
        ),
    )
    if draft:
        return redirect("collaboration:agreement_edit", pk=team.pk, agreement_pk=draft.pk)
    return redirect("collaboration:agreement_detail", pk=team.pk, agreement_pk=agreement.pk)
