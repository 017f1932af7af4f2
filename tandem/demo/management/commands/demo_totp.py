from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.management.base import BaseCommand

from tandem.demo.accounts import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the demo administrators' current two-factor code."

    def handle(self, *args, **options):
        counter = next(iter(yield_hotp_counters_from_time()))
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
