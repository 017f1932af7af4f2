import pytest

from tandem.newsletter.tests.smtp_server import LoopbackSmtp


@pytest.fixture
def smtp(settings):
    """Mail goes through a real SMTP server on loopback; the fixture is its mailbox."""
    with LoopbackSmtp() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield server.mailbox
