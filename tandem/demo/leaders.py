"""The key leaders of a district that its labor-management team is made of."""

from dataclasses import dataclass

from tandem.people.models import User


@dataclass
class DistrictLeaders:
    superintendent: User
    union_president: User
    committee_chair: User
    teachers: list[User]
    principal: User

    def people(self) -> list[User]:
        """The team's people, in the order the meetings and surveys draw from."""
        return [
            self.teachers[0],
            self.principal,
            self.teachers[1],
            self.superintendent,
            self.union_president,
            self.committee_chair,
        ]
