"""Writes for joint agreements: drafting, signing and new versions."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.collaboration.models import CAUCUS_PARTIES, AgreementSignature, JointAgreement, Team
from tandem.collaboration.rules import (
    agreement_draft_refusal,
    agreement_revision_refusal,
    agreement_signing_refusal,
)
from tandem.collaboration.services.membership import team_work_required
from tandem.collaboration.services.signing import party_sign
from tandem.collaboration.services.text import text_checked
from tandem.errors import DomainError
from tandem.people.models import User
from tandem.records.versions import version_check


@transaction.atomic
def agreement_draft(
    *, team_id: int, by: User, kind: str, title: str, body: str, issue_id: int | None = None
) -> JointAgreement:
    """A member starts the first version of an agreement. A tentative agreement sets down the
    language of an issue the team has decided."""
    team = Team.objects.get(pk=team_id)
    team_work_required(user=by, team=team)
    if kind not in JointAgreement.Kind.values:
        raise DomainError(_("Choose the kind of agreement."))
    issue = None
    if kind == JointAgreement.Kind.TENTATIVE:
        issue = team.issues.filter(pk=issue_id).first() if issue_id else None
        if issue is None or not issue.is_decided:
            raise DomainError(
                _(
                    "A tentative agreement sets down the language of one of the team's decided issues."
                )
            )
    return JointAgreement.objects.create(
        team=team,
        kind=kind,
        issue=issue,
        title=text_checked(title, missing=_("Give the agreement a title."), limit=200),
        body=text_checked(body, missing=_("Write the agreement's text."), limit=100_000),
        drafted_by=by,
    )


def _agreement_for_update(*, agreement_id: int) -> JointAgreement:
    return (
        JointAgreement.objects.select_for_update(of=("self",))
        .select_related("team__district", "issue", "supersedes")
        .get(pk=agreement_id)
    )


@transaction.atomic
def agreement_edit(
    *, agreement_id: int, version: int, by: User, title: str, body: str
) -> JointAgreement:
    """Members redraft a version nobody has signed yet."""
    agreement = _agreement_for_update(agreement_id=agreement_id)
    if refusal := agreement_draft_refusal(by, agreement):
        raise DomainError(refusal)
    version_check(agreement, version)
    agreement.title = text_checked(title, missing=_("Give the agreement a title."), limit=200)
    agreement.body = text_checked(body, missing=_("Write the agreement's text."), limit=100_000)
    agreement.version += 1
    agreement.save(update_fields=["title", "body", "version"])
    return agreement


@transaction.atomic
def agreement_sign(*, by: User, agreement_id: int) -> AgreementSignature:
    """The signed-in key leader signs this version for their party, after confirming their
    password. The third party's signature puts it in effect and supersedes earlier versions."""
    day = timezone.localdate()
    agreement = _agreement_for_update(agreement_id=agreement_id)
    if refusal := agreement_signing_refusal(agreement):
        raise DomainError(refusal)
    signed = party_sign(
        by=by,
        record=agreement,
        team=agreement.team,
        signatures=agreement.signatures,
        day=day,
        lapses=False,
    )
    agreement.status = JointAgreement.Status.SIGNING
    agreement.effective_on = None
    if set(agreement.signatures.values_list("party", flat=True)) >= set(CAUCUS_PARTIES):
        agreement.status = JointAgreement.Status.IN_EFFECT
        agreement.effective_on = day
        for earlier in JointAgreement.objects.filter(
            Q(pk=agreement.line_id) | Q(original_id=agreement.line_id),
            number__lt=agreement.number,
        ).exclude(status=JointAgreement.Status.SUPERSEDED):
            earlier.status = JointAgreement.Status.SUPERSEDED
            earlier.save(update_fields=["status"])
    agreement.save(update_fields=["status", "effective_on"])
    return signed


@transaction.atomic
def agreement_revise(*, agreement_id: int, by: User) -> JointAgreement:
    """Start a new version of a signed agreement; the signed one stays as it was, and in effect
    if it was, until the new version has all three signatures."""
    agreement = _agreement_for_update(agreement_id=agreement_id)
    if refusal := agreement_revision_refusal(by, agreement):
        raise DomainError(refusal)
    return JointAgreement.objects.create(
        team=agreement.team,
        kind=agreement.kind,
        issue=agreement.issue,
        title=agreement.title,
        body=agreement.body,
        number=agreement.number + 1,
        original_id=agreement.line_id,
        supersedes=agreement,
        drafted_by=by,
    )
