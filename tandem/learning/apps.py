from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "tandem.learning"
    verbose_name = "Professional learning"
