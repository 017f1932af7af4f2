from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "tandem.newsletter"
    verbose_name = "Teachers' Top Three newsletter"
