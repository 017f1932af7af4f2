"""The parties of a labor-management team, their key offices, and a key leader's signature for a
party."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tandem.people.models import RoleGrant


class Party(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    UNION = "union", _("Union")
    COMMITTEE = "committee", _("School committee")
    COMMUNITY = "community", _("Community")


# The parties that keep a caucus and whose key leader must agree; community members join
# the joint work only.
CAUCUS_PARTIES = (Party.MANAGEMENT, Party.UNION, Party.COMMITTEE)


KEY_OFFICES = {
    Party.MANAGEMENT: (RoleGrant.Office.SUPERINTENDENT,),
    Party.UNION: (RoleGrant.Office.UNION_PRESIDENT,),
    Party.COMMITTEE: (RoleGrant.Office.COMMITTEE_CHAIR, RoleGrant.Office.COMMITTEE_VICE_CHAIR),
}


PARTY_OF_OFFICE = {office: party for party, offices in KEY_OFFICES.items() for office in offices}


class PartySignature(models.Model):
    """A key leader's signature for their party: the office grant it was given under, and the
    signature that keeps the digest of exactly what was signed."""

    party = models.CharField(max_length=20, choices=Party.choices)
    grant = models.ForeignKey(RoleGrant, on_delete=models.PROTECT, related_name="+")
    signature = models.OneToOneField(
        "records.Signature", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
