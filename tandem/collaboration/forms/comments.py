"""Forms of a thread: a comment, the people of the team it mentions, and its rewording."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import COMMENT_MAX_CHARS


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=COMMENT_MAX_CHARS
    )
    mentioned = forms.TypedMultipleChoiceField(
        label=_("Mention"),
        help_text=_(
            "Each person you mention finds the comment waiting on them until they open this "
            "thread, and in their next e-mail notice."
        ),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, people, **kwargs):
        """Offers the team's people (its key leaders, members and facilitator) but the writer."""
        super().__init__(*args, **kwargs)
        self.fields["mentioned"].choices = [
            (person.pk, f"@{person.get_full_name() or person.email}") for person in people
        ]


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=COMMENT_MAX_CHARS,
    )
