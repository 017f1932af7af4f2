"""The relationship survey and its results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tandem.collaboration.forms.survey import SurveyForm
from tandem.collaboration.models import SURVEY_MINIMUM_ANSWERS, SURVEY_STATEMENTS
from tandem.collaboration.rules import is_team_member
from tandem.collaboration.selectors import survey as survey_selectors
from tandem.collaboration.services import survey as survey_services
from tandem.collaboration.views.teams import open_team
from tandem.errors import DomainError
from tandem.organizations.selectors import school_year_for
from tandem.people.selectors import roles_of


@login_required
def survey(request, pk):
    """This school year's relationship survey: members answer it once."""
    team = open_team(request, pk)
    day = roles_of(request.user).day
    school_year = school_year_for(district_id=team.district_id, day=day)
    if school_year is None:
        raise Http404(_("The district has no school year on its calendar yet."))
    year = school_year.start_date.year
    is_member = is_team_member(request.user, team)
    answered = survey_selectors.survey_has_answered(team=team, user=request.user, school_year=year)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and is_member and not answered and form.is_valid():
        try:
            survey_services.survey_answer(
                team_id=team.pk,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you. Your answers were added to the team's totals."))
            return redirect("collaboration:survey_results", pk=team.pk)
        except DomainError as error:
            form.add_error(None, error)
    return render(
        request,
        "collaboration/survey.html",
        {
            "team": team,
            "form": form,
            "is_member": is_member,
            "answered": answered,
            "year_label": school_year.name,
            "minimum": SURVEY_MINIMUM_ANSWERS,
        },
    )


@login_required
def survey_results(request, pk):
    team = open_team(request, pk)
    years = survey_selectors.survey_results(team=team)
    return render(
        request,
        "collaboration/survey_results.html",
        {
            "team": team,
            "years": years,
            "rows": [
                (text, [year.statements[i].mean for year in years])
                for i, (_key, text) in enumerate(SURVEY_STATEMENTS)
            ],
            "minimum": SURVEY_MINIMUM_ANSWERS,
        },
    )
