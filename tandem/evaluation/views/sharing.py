"""The educator's consent for a union representative to read a cycle."""

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tandem.evaluation.services import sharing as sharing_services
from tandem.evaluation.views.opening import cycle_open
from tandem.ui.forms import act_and_say
from tandem.ui.params import int_or_none


@login_required
@require_POST
def share_grant(request, pk):
    _roles, cycle = cycle_open(request, pk)
    grant = partial(
        sharing_services.record_share_grant,
        cycle_id=cycle.pk,
        by=request.user,
        shared_with_id=int_or_none(request.POST.get("shared_with")) or 0,
    )
    act_and_say(
        request,
        grant,
        lambda share: (
            _("%(name)s can now read this cycle, until you withdraw your consent.")
            % {"name": share.shared_with}
        ),
    )
    return redirect("evaluation:cycle_detail", pk=cycle.pk)


@login_required
@require_POST
def share_revoke(request, pk, share_pk):
    _roles, cycle = cycle_open(request, pk)
    revoke = partial(
        sharing_services.record_share_revoke, cycle_id=cycle.pk, by=request.user, share_id=share_pk
    )
    act_and_say(request, revoke, _("Consent withdrawn."))
    return redirect("evaluation:cycle_detail", pk=cycle.pk)
