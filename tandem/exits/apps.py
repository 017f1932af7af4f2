from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "tandem.exits"
    verbose_name = "Separations and exits"
