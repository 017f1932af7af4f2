"""Years employed, as the lattice counts them: whole years over every employment."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from tandem.leadership.selectors import _years
from tandem.people.models import Employment

days = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(start=days, later=st.integers(min_value=0, max_value=4000), day=days)
def test_years_never_fall_as_time_passes_and_never_count_the_future(start, later, day):
    employment = Employment(start_date=start, end_date=None)
    after = day + datetime.timedelta(days=later)
    assert _years([employment], day) <= _years([employment], after)
    assert _years([employment], day) <= max(0, (day - start).days) / 365


@given(start=days, length=st.integers(min_value=0, max_value=4000), after=st.integers(0, 4000))
def test_an_ended_employment_counts_its_own_length_whenever_asked(start, length, after):
    ended = Employment(start_date=start, end_date=start + datetime.timedelta(days=length))
    day = ended.end_date + datetime.timedelta(days=after)
    assert _years([ended], day) == int(length / 365.25)
