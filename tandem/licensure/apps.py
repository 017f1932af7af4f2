from django.apps import AppConfig


class LicensureConfig(AppConfig):
    name = "tandem.licensure"
    verbose_name = "Licensure"
