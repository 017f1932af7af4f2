from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "tandem.offers"
    verbose_name = "References and offers"
