"""Rebuilding the precomputed figures (``models``) from the live tables."""

from django.db import transaction
from django.utils import timezone

from tandem.insights.models import EquityCount, FiguresBuild, RatingCount, RetentionCount
from tandem.insights.selectors import equity, figures, retention
from tandem.insights.selectors.population import year_names
from tandem.organizations.models import School


def figures_refresh() -> FiguresBuild:
    """Count every school year's figures again and put them in place of the last build's, in
    one transaction: a reader sees the old build or the new one, never half of one. The
    build is as of the moment the counting began."""
    started = timezone.now()
    years = year_names()
    school_district = dict(School.objects.values_list("pk", "district_id"))
    ratings, counts = [], []
    for year in years:
        ratings += [
            dict(
                school_year=year,
                district_id=group.district_id,
                schools=RatingCount.schools_text(group.schools),
                role_group=group.role_group,
                has_pts=group.has_pts,
                plan_type=group.plan_type,
                rating=group.rating,
                count=n,
            )
            for group, n in figures.rating_groups_counted(figures.Filters(year)).items()
        ]
        for school_id, row in equity.counted(year, "school").items():
            counts.append(
                dict(
                    school_year=year,
                    school_id=school_id,
                    district_id=school_district[school_id],
                    **vars(row),
                )
            )
        for district_id, row in equity.counted(year, "school__district").items():
            counts.append(dict(school_year=year, district_id=district_id, **vars(row)))
        counts.append(dict(school_year=year, **vars(equity.counted(year, None)[None])))
    kept = []
    for before, after in retention.year_pairs():
        for level in (retention.DISTRICT, retention.STATE):
            for by in (None, *retention.GROUPINGS):
                kept += [
                    dict(
                        school_year=before,
                        level=level,
                        grouping=by or "",
                        organization=organization,
                        job_class=job_class,
                        group=group or "",
                        staff=staff,
                        retained=retained,
                    )
                    for organization, job_class, group, staff, retained in retention.counted(
                        before, after, level, by
                    )
                ]
    with transaction.atomic():
        build = FiguresBuild.objects.create(built_at=started, school_years=years)
        RatingCount.objects.bulk_create(
            (RatingCount(build=build, **row) for row in ratings), batch_size=2000
        )
        EquityCount.objects.bulk_create(
            (EquityCount(build=build, **row) for row in counts), batch_size=2000
        )
        RetentionCount.objects.bulk_create(
            (RetentionCount(build=build, **row) for row in kept), batch_size=2000
        )
        FiguresBuild.objects.exclude(pk=build.pk).delete()
    return build
