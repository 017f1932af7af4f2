from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "tandem.leadership"
    verbose_name = "Teacher leadership"
