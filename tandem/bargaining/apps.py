from django.apps import AppConfig


class BargainingConfig(AppConfig):
    name = "tandem.bargaining"
    label = "bargaining"
    verbose_name = "Bargained evaluation settings"
