from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "tandem.recognition"
    verbose_name = "Recognition programs"
