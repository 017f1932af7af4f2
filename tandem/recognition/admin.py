"""Staff set programs up here: their eligibility rules and rubric, each year's cycle with its
stages and readers. Nominations, applications and scores are read on the program's pages,
where every read is logged."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tandem.recognition.models import Criterion, Cycle, EligibilityRule, Program, Reader, Stage


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["name", "district"]
    inlines = [EligibilityRuleInline, CriterionInline]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


class ReaderInline(admin.TabularInline):
    model = Reader
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["program", "year", "shortlist_size"]
    list_filter = ["program"]
    inlines = [StageInline, ReaderInline]
