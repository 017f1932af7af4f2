"""The demo's OneRoster 1.2 sets, as the district's student-information system would export
them: a bulk set (every school and every current staff member, the new hires of the educators
file, a school the district opens, and without the two educators who left), and a delta (one
educator leaves, one changes her name, one moves to another school)."""

import csv
import datetime
import io
import zipfile

from tandem.demo.accounts import DEMO_ACCOUNTS
from tandem.demo.record_files import new_school_code
from tandem.imports.kinds.oneroster_binding import HEADERS, MANIFEST, ORGS, ROLES, USERS
from tandem.organizations.models import District
from tandem.organizations.vocabulary import RoleGroup
from tandem.people.models import Employment, StaffAssignment

# The OneRoster role each role group is exported with; a superintendent is no staff role
# Tandem reads, so their user keeps what Tandem holds.
ROLES_OF = {
    RoleGroup.TEACHER: "teacher",
    RoleGroup.SISP: "counselor",
    RoleGroup.SCHOOL_ADMIN: "principal",
    RoleGroup.DISTRICT_ADMIN: "districtAdministrator",
    RoleGroup.SUPERINTENDENT: "systemAdministrator",
}
DISTRICT_ORG = "org-district"


def bulk_set(district: District, today: datetime.date, *, new_hires, left: int) -> bytes:
    """Every school, every current educator but the last ``left`` teachers, and the new hires
    ((first, last, role group, …) as the educators file has them)."""
    schools = list(district.schools.order_by("pk"))
    opened = new_school_code(district, 950)
    orgs = [
        {
            "sourcedId": DISTRICT_ORG,
            "name": district.name,
            "type": "district",
            "identifier": district.org_code,
        },
        *(
            {
                "sourcedId": f"org-{school.org_code}",
                "name": school.name,
                "type": "school",
                "identifier": school.org_code,
                "parentSourcedId": DISTRICT_ORG,
                "metadata.level": school.level,
            }
            for school in schools
        ),
        {
            "sourcedId": f"org-{opened}",
            "name": "Riverbend Middle",
            "type": "school",
            "identifier": opened,
            "parentSourcedId": DISTRICT_ORG,
            "metadata.level": "middle",
        },
    ]
    employments = _current(district)
    leaving = {e.pk for e in _teachers(employments)[-left:]}
    users, roles = [], []
    for employment in employments:
        if employment.pk in leaving:
            continue
        user, user_roles = _user(employment, _school_of(employment))
        users.append(user)
        roles += user_roles
    start = (today - datetime.timedelta(days=14)).isoformat()
    for n, (first, last, role_group, *_rest) in enumerate(new_hires, start=1):
        sourced = f"user-new-{n}"
        users.append(
            {
                "sourcedId": sourced,
                "enabledUser": "true",
                "username": f"{first}.{last}".lower(),
                "userIds": f"{{MEPID:98{district.pk:02d}{n:04d}}}",
                "givenName": first,
                "familyName": last,
                "identifier": f"HR-9{n:04d}",
                "email": f"{first}.{last}@example.org".lower(),
                "primaryOrgSourcedId": f"org-{opened}" if n == 1 else f"org-{schools[0].org_code}",
            }
        )
        roles.append(
            {
                "sourcedId": f"role-new-{n}",
                "userSourcedId": sourced,
                "roleType": "primary",
                "role": ROLES_OF[role_group],
                "orgSourcedId": users[-1]["primaryOrgSourcedId"],
                "beginDate": start,
            }
        )
    return _zip("bulk", {ORGS: orgs, USERS: users, ROLES: roles})


def delta_set(district: District, today: datetime.date) -> bytes:
    """Since the last exchange: a teacher left, another married, a third moved schools. The
    orgs are not in a delta, so its references name the schools by organization code."""
    teachers = _teachers(_current(district))
    gone, married, moving = teachers[-3], teachers[-4], teachers[-5]
    modified = datetime.datetime.combine(today, datetime.time(17), datetime.UTC).isoformat()
    users, roles = [], []
    user, _roles = _user(gone, _school_of(gone))
    users.append({**user, "status": "tobedeleted", "dateLastModified": modified})
    user, _roles = _user(married, _school_of(married))
    users.append(
        {
            **user,
            "status": "active",
            "dateLastModified": modified,
            "familyName": f"{married.person.last_name}-Ortiz",
        }
    )
    here = StaffAssignment.objects.filter(employment=moving, end_date=None).values("school")
    there = district.schools.exclude(pk__in=here).order_by("pk").first().org_code
    user, moved_roles = _user(moving, there)
    users.append({**user, "status": "active", "dateLastModified": modified})
    roles += [{**role, "status": "active", "dateLastModified": modified} for role in moved_roles]
    for user in users:
        user["primaryOrgSourcedId"] = user["primaryOrgSourcedId"].removeprefix("org-")
    for role in roles:
        role["orgSourcedId"] = role["orgSourcedId"].removeprefix("org-")
    return _zip("delta", {ORGS: [], USERS: users, ROLES: roles}, absent=(ORGS,))


def problems_set(district: District, today: datetime.date) -> bytes:
    """A bulk set with a bad row of every kind the OneRoster check finds, each on a row of its
    own, beside a few good ones."""
    school = district.schools.order_by("pk").first()
    theirs = (
        District.objects.exclude(pk=district.pk)
        .order_by("pk")
        .first()
        .schools.order_by("pk")
        .first()
    )
    school_org = f"org-{school.org_code}"
    orgs = [
        {
            "sourcedId": DISTRICT_ORG,
            "name": district.name,
            "type": "district",
            "identifier": "00000000",
        },
        {
            "sourcedId": school_org,
            "name": school.name,
            "type": "school",
            "identifier": school.org_code,
        },
        {"sourcedId": "org-short", "name": "Short code", "type": "school", "identifier": "350-05"},
        {
            "sourcedId": "org-theirs",
            "name": theirs.name,
            "type": "school",
            "identifier": theirs.org_code,
        },
        {
            "sourcedId": "org-new",
            "name": "No level given",
            "type": "school",
            "identifier": new_school_code(district, 960),
        },
        {
            "sourcedId": "org-odd",
            "name": "Odd level",
            "type": "school",
            "identifier": new_school_code(district, 970),
            "metadata.level": "primary",
        },
    ]
    teachers = _teachers(_current(district))
    users, roles = [], []
    for employment in teachers[:8]:
        user, user_roles = _user(employment, school.org_code)
        users.append(user)
        roles += user_roles
    users[0]["userIds"] = "{MEPID:1234}"  # not eight digits
    users[1]["givenName"] = ""  # required
    users[2]["primaryOrgSourcedId"] = "org-closed"  # in neither orgs.csv nor Tandem
    users[3]["status"] = "inactive"  # neither active nor tobedeleted
    users[4]["status"] = "tobedeleted"  # only in a delta
    users[5]["email"] = "not an address"
    users.append({**users[6], "sourcedId": "user-again"})  # the same educator twice
    roles.append({**roles[6], "sourcedId": "role-again", "userSourcedId": "user-again"})
    new = {
        "sourcedId": "user-new",
        "givenName": "Noor",
        "familyName": "Haddad",
        "identifier": "HR-99999",
        "primaryOrgSourcedId": school_org,
    }
    users.append(new)
    roles += [
        # A new educator with no first day.
        {
            "sourcedId": "role-new",
            "userSourcedId": "user-new",
            "roleType": "primary",
            "role": "teacher",
            "orgSourcedId": school_org,
        },
        {**roles[7], "sourcedId": "role-ghost", "userSourcedId": "user-ghost"},  # no such user
        {**roles[7], "sourcedId": "role-annex", "orgSourcedId": "org-annex"},  # no such org
        {**roles[7], "sourcedId": "role-soon", "beginDate": "next week"},
    ]
    return _zip("bulk", {ORGS: orgs, USERS: users, ROLES: roles})


def _current(district):
    return list(
        Employment.objects.filter(district=district, end_date=None)
        .select_related("person")
        .order_by("pk")
    )


def _teachers(employments) -> list:
    """The teachers who are not demo sign-ins, whose names the guide gives."""
    sign_ins = {account.email for account in DEMO_ACCOUNTS}
    return [
        e
        for e in employments
        if e.role_group == RoleGroup.TEACHER and e.person.email not in sign_ins
    ]


def _school_of(employment) -> str | None:
    """The school of the educator's first open assignment, by organization code."""
    return (
        StaffAssignment.objects.filter(employment=employment, end_date=None)
        .exclude(school=None)
        .order_by("start_date", "pk")
        .values_list("school__org_code", flat=True)
        .first()
    )


def _user(employment, school: str | None) -> tuple[dict, list[dict]]:
    person = employment.person
    sourced = f"user-{employment.pk}"
    org = f"org-{school}" if school else DISTRICT_ORG
    user = {
        "sourcedId": sourced,
        "enabledUser": "true",
        "username": (person.email or sourced).split("@")[0],
        "userIds": f"{{MEPID:{person.state_id}}}" if person.state_id else "",
        "givenName": person.first_name,
        "familyName": person.last_name,
        "identifier": employment.employee_number,
        "email": person.email,
        "primaryOrgSourcedId": org,
    }
    role = {
        "sourcedId": f"role-{employment.pk}",
        "userSourcedId": sourced,
        "roleType": "primary",
        "role": ROLES_OF[employment.role_group],
        "orgSourcedId": org,
        "beginDate": employment.start_date.isoformat(),
    }
    return user, [role]


def _zip(mode: str, files: dict[str, list[dict]], absent=()) -> bytes:
    manifest = {
        "manifest.version": "1.0",
        "oneroster.version": "1.2",
        "source.systemName": "Demo student-information system",
        **{
            f"file.{name.removesuffix('.csv')}": "absent" if name in absent else mode
            for name in files
        },
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            MANIFEST,
            _csv(HEADERS[MANIFEST], [{"propertyName": k, "value": v} for k, v in manifest.items()]),
        )
        for name, rows in files.items():
            if name in absent:
                continue
            header = HEADERS[name] + (["metadata.level"] if name == ORGS else [])
            archive.writestr(name, _csv(header, rows))
    return out.getvalue()


def _csv(header: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
