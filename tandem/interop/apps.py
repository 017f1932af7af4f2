from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "tandem.interop"
    label = "interop"
