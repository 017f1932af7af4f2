"""HR's and the state's link on the home page to the applicants' equal-opportunity counts."""

from django import template

from tandem.applicants.rules import eeo_report_districts

register = template.Library()


@register.inclusion_tag("applicants/_home_eeo.html", takes_context=True)
def applicants_home(context):
    user = context["request"].user
    districts = eeo_report_districts(user) if user.is_authenticated else frozenset()
    return {"shown": districts is None or bool(districts)}
