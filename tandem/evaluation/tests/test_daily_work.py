import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def test_the_days_work_queues_every_apps_daily_task_once(settings):
    """Offers lapse and licenses are reminded only if something queues their tasks: the one
    daily command queues each task the settings list, each once a run."""
    assert "tandem.offers.tasks.daily_offer_work" in settings.DAILY_WORK
    assert "tandem.licensure.tasks.daily_renewal_reminders" in settings.DAILY_WORK
    before = set(DBTaskResult.objects.values_list("pk", flat=True))

    call_command("daily_work")

    queued = DBTaskResult.objects.exclude(pk__in=before)
    assert sorted(queued.values_list("task_path", flat=True)) == sorted(settings.DAILY_WORK)
