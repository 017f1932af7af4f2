from django.apps import AppConfig


class InductionConfig(AppConfig):
    name = "tandem.induction"
    verbose_name = "Induction and mentoring"
