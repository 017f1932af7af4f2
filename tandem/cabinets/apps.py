from django.apps import AppConfig


class CabinetsConfig(AppConfig):
    name = "tandem.cabinets"
    verbose_name = "Advisory cabinets"
