"""Atom feeds of the newest open external postings, state-wide and per district, for job
boards and readers. Internal postings never go in a feed: a feed is read without signing in."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from tandem.hiring.selectors import PostingFilters, open_postings
from tandem.organizations.models import District

FEED_LENGTH = 50


class PostingsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, org_code=None):
        return get_object_or_404(District, org_code=org_code) if org_code else None

    def title(self, district):
        if district:
            return _("Open positions in %(district)s") % {"district": district.name}
        return _("Open positions in the state's public schools")

    def subtitle(self, district):
        return _("Newly opened postings of educator positions, newest first.")

    def link(self, district):
        if district:
            return reverse("hiring:careers_district", args=[district.org_code])
        return reverse("hiring:careers")

    def feed_url(self, district):
        if district:
            return reverse("hiring:careers_district_feed", args=[district.org_code])
        return reverse("hiring:careers_feed")

    def items(self, district):
        filters = PostingFilters(district_id=district.pk if district else None)
        return open_postings(filters)[:FEED_LENGTH]

    def item_title(self, posting):
        vacancy = posting.vacancy
        return f"{vacancy.title}, {vacancy.school or vacancy.district}"

    def item_description(self, posting):
        return posting.description

    def item_link(self, posting):
        return reverse("hiring:careers_posting", args=[posting.pk])

    def item_pubdate(self, posting):
        return timezone.make_aware(datetime.datetime.combine(posting.opens_on, datetime.time()))

    def item_updateddate(self, posting):
        return max(self.item_pubdate(posting), posting.created_at)

    def item_author_name(self, posting):
        return posting.vacancy.district.name

    def item_categories(self, posting):
        return [posting.vacancy.subject] if posting.vacancy.subject else []
