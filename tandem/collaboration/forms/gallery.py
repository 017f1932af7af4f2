"""The gallery's comment form."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
        help_text=_("The partnership reads comments before they are shown to others."),
    )
