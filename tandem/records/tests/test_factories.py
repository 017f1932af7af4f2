"""The factories of the shared mechanisms build rows their models accept."""

import pytest

from tandem.people.tests.factories import EmploymentFactory, UserFactory
from tandem.records.selectors import access_log_for_person
from tandem.records.tests import factories

pytestmark = pytest.mark.django_db


def test_a_stored_file_is_valid_and_holds_its_content():
    stored = factories.StoredFileFactory(uploaded_by=UserFactory())
    stored.full_clean()
    with stored.file.open("rb") as content:
        assert content.read() == factories.TEXT


def test_an_access_log_entry_is_valid_and_shows_in_the_persons_log():
    employment = EmploymentFactory()
    entry = factories.AccessLogEntryFactory(user=UserFactory(), target=employment)
    entry.full_clean()
    assert (entry.subject_id, entry.district_id) == (employment.person_id, employment.district_id)
    assert list(access_log_for_person(person_id=employment.person_id)) == [entry]
