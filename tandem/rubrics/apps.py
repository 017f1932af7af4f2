from django.apps import AppConfig


class RubricsConfig(AppConfig):
    name = "tandem.rubrics"
    label = "rubrics"
