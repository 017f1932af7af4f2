"""Sign-in for applicant accounts: their e-mail address must be confirmed, by allauth's own
mandatory verification, before they are signed in; staff accounts sign in as before."""

from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.stages import EmailVerificationStage

from tandem.people.adapters import AccountAdapter

ALLAUTH_STAGE = "allauth.account.stages.EmailVerificationStage"


class ApplicantEmailVerificationStage(EmailVerificationStage):
    def handle(self):
        if hasattr(self.login.user, "applicant_account"):
            self.login.email_verification = EmailVerificationMethod.MANDATORY
        return super().handle()


class ApplicantAccountAdapter(AccountAdapter):
    def get_login_stages(self) -> list[str]:
        return [
            f"{__name__}.ApplicantEmailVerificationStage" if path == ALLAUTH_STAGE else path
            for path in super().get_login_stages()
        ]
