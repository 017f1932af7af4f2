from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "tandem.imports"
    verbose_name = "Imports"
