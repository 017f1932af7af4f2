from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "tandem.evaluation"
    label = "evaluation"
