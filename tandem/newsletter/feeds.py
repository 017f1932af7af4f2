"""An Atom feed of the archive: sent issues to everyone, newest first. Built like hiring's
feed of postings, on Django's syndication framework."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from tandem.newsletter.selectors import archive

FEED_LENGTH = 30


class IssuesFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Teachers' Top Three")

    def subtitle(self):
        return _("The state's short newsletter for teachers: three items every other week.")

    def link(self):
        return reverse("newsletter:archive")

    def feed_url(self):
        return reverse("newsletter:feed")

    def items(self):
        return archive()[:FEED_LENGTH]

    def item_title(self, issue):
        return issue.title

    def item_description(self, issue):
        return " · ".join(item.title for item in issue.items.all())

    def item_link(self, issue):
        return reverse("newsletter:archive_issue", args=[issue.pk])

    def item_pubdate(self, issue):
        return issue.sent_at

    def item_updateddate(self, issue):
        return issue.sent_at
