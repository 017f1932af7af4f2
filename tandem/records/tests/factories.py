"""Factories of the shared mechanisms' rows.

``records`` sits below every app whose rows it holds, so these factories take the user, the
district and the record from the caller instead of building them.
"""

import hashlib

import factory
from django.contrib.contenttypes.models import ContentType
from factory.django import DjangoModelFactory

from tandem.records.models import AccessLogEntry, StoredFile

TEXT = b"Exit tickets, week of 16 November.\n"


class StoredFileFactory(DjangoModelFactory):
    """A small text file of the partnership (no district); pass ``uploaded_by``."""

    class Meta:
        model = StoredFile

    district = None
    name = factory.Sequence(lambda n: f"notes-{n}.txt")
    content_type = "text/plain"
    size = len(TEXT)
    sha256 = hashlib.sha256(TEXT).hexdigest()
    file = factory.django.FileField(data=TEXT, filename="notes.txt")


class AccessLogEntryFactory(DjangoModelFactory):
    """One opening of ``target`` (a confidential record) by ``user``; pass both. Who the
    record is about and its district come from ``target.confidential_owner()``."""

    class Meta:
        model = AccessLogEntry
        exclude = ("target",)

    subject_id = factory.LazyAttribute(lambda e: e.target.confidential_owner()[0])
    district_id = factory.LazyAttribute(lambda e: e.target.confidential_owner()[1])
    content_type = factory.LazyAttribute(lambda e: ContentType.objects.get_for_model(e.target))
    object_id = factory.SelfAttribute("target.pk")
    channel = AccessLogEntry.Channel.PAGE
    path = factory.LazyAttribute(lambda e: f"/records/{e.object_id}/")
