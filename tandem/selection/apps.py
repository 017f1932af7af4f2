from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "tandem.selection"
    verbose_name = "Selection"
