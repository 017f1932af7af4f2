from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save


def _queue_refresh_after_import(sender, instance, **kwargs):
    """An import applied changes what the figures count: rebuild them once it is committed.
    (The import pipeline is a sibling app; it is named here, never imported.)"""
    if instance.status == "applied":
        from tandem.insights.tasks import insights_refresh

        transaction.on_commit(insights_refresh.enqueue)


class InsightsConfig(AppConfig):
    name = "tandem.insights"
    label = "insights"

    def ready(self):
        post_save.connect(
            _queue_refresh_after_import,
            sender="imports.ImportRun",
            dispatch_uid="insights_refresh_after_import",
        )
