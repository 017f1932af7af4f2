from django.db import migrations, models

from tandem.collaboration.programs import program_terms, program_terms_install


def terms_fill(apps, schema_editor):
    """The installed programs get their terms; an engagement whose first meeting is held and
    that no key leader has agreed to yet keeps its program's terms, as the first meeting
    would now have kept them. Agreements already given keep what they covered."""
    program_terms_install(apps)
    Engagement = apps.get_model("collaboration", "Engagement")
    waiting = Engagement.objects.filter(status="met", agreements__isnull=True)
    for engagement in waiting.select_related("program").exclude(program__scope=""):
        Engagement.objects.filter(pk=engagement.pk).update(terms=program_terms(engagement.program))


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0012_meeting_length_and_stance_choice")]

    operations = [
        migrations.AddField(
            model_name='engagement',
            name='terms',
            field=models.JSONField(blank=True, default=dict, help_text="The program's terms as the first meeting presented them: what is agreed."),
        ),
        migrations.AddField(
            model_name='historicalengagement',
            name='terms',
            field=models.JSONField(blank=True, default=dict, help_text="The program's terms as the first meeting presented them: what is agreed."),
        ),
        migrations.AddField(
            model_name='program',
            name='committee_commits',
            field=models.TextField(blank=True, help_text='What the school committee commits to.'),
        ),
        migrations.AddField(
            model_name='program',
            name='district_cost',
            field=models.TextField(blank=True, help_text='What the district pays for.'),
        ),
        migrations.AddField(
            model_name='program',
            name='length',
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='program',
            name='length_unit',
            field=models.CharField(blank=True, choices=[('months', 'months'), ('school_years', 'school years')], max_length=20),
        ),
        migrations.AddField(
            model_name='program',
            name='management_commits',
            field=models.TextField(blank=True, help_text='What the superintendent and district management commit to.'),
        ),
        migrations.AddField(
            model_name='program',
            name='partnership_commits',
            field=models.TextField(blank=True, help_text='What the facilitator and the state commit to.'),
        ),
        migrations.AddField(
            model_name='program',
            name='scope',
            field=models.TextField(blank=True, help_text='What the program covers, and what not.'),
        ),
        migrations.AddField(
            model_name='program',
            name='state_covers',
            field=models.TextField(blank=True, help_text='What the state and the partnership pay for.'),
        ),
        migrations.AddField(
            model_name='program',
            name='union_commits',
            field=models.TextField(blank=True, help_text='What the union commits to.'),
        ),
        migrations.AddConstraint(
            model_name='program',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('length__isnull', True), ('length_unit', '')), models.Q(('length__gt', 0), models.Q(('length_unit', ''), _negated=True)), _connector='OR'), name='program_length_has_a_unit'),
        ),
        migrations.RunPython(terms_fill, migrations.RunPython.noop),
    ]
