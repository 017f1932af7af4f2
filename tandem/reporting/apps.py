from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tandem.reporting"
    label = "reporting"
