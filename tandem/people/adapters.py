from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Districts create accounts; nobody signs themselves up."""

    def is_open_for_signup(self, request):
        return False
