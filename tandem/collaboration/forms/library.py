"""The resource library's form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tandem.collaboration.models import Resource
from tandem.records.files import ACCEPTED, upload_checked


class ResourceForm(forms.ModelForm):
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("Where the resource can be read, if online."),
    )
    upload = forms.FileField(label=_("File"), required=False)

    class Meta:
        model = Resource
        fields = ["title", "kind", "summary", "link", "topics"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "topics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = _(
            "%(accepted)s, at most %(limit)d MB. Share a link, a file or both."
        ) % {"accepted": ACCEPTED, "limit": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_upload(self):
        """Check the file with the other fields, so that every problem is named at once; the
        service checks it again when it stores it."""
        upload = self.cleaned_data.get("upload")
        if upload is not None:
            try:
                upload_checked(upload)  # its DomainError is a ValidationError of this field
            finally:
                upload.seek(0)
        return upload
