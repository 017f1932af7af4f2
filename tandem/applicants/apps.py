from django.apps import AppConfig


class ApplicantsConfig(AppConfig):
    name = "tandem.applicants"
    verbose_name = "Applicants"
