from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "tandem.onboarding"
    verbose_name = "Onboarding"
