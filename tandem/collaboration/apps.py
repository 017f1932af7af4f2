from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "tandem.collaboration"
    label = "collaboration"
