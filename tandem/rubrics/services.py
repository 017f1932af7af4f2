"""Writes to rubric frameworks: store an imported document, publish, revise, adopt."""

from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from tandem.errors import DomainError
from tandem.organizations.models import District
from tandem.people.models import User
from tandem.records.versions import version_check
from tandem.rubrics import interchange
from tandem.rubrics.models import Element, Framework, FrameworkVersion, Indicator, Standard

MODEL_FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"


@transaction.atomic
def framework_version_create(
    *,
    document: interchange.FrameworkDocument,
    district: District | None = None,
    based_on: FrameworkVersion | None = None,
    by: User | None = None,
) -> FrameworkVersion:
    """Store a validated document as a new draft version of its framework (made if new)."""
    framework, created = Framework.objects.select_for_update().get_or_create(
        slug=document.slug,
        defaults={"name": document.name, "role_group": document.role_group, "district": district},
    )
    if not created and framework.district_id != (district.pk if district else None):
        raise DomainError(
            _("The short name %(slug)s belongs to another framework; choose another.")
            % {"slug": document.slug}
        )
    number = (framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=number,
        edition=document.edition,
        note=document.note,
        based_on=based_on,
    )
    _store_structure(version, document.standards, by=by)
    return version


def _store_structure(
    version: FrameworkVersion, standards: list[dict], *, by: User | None = None
) -> None:
    """Write the standards, indicators and elements in bulk, with their history rows."""
    standard_rows = _parts_store(
        Standard,
        [(version, standards)],
        above="framework_version",
        fields=lambda s: {"description": s["description"]},
        by=by,
    )
    indicator_rows = _parts_store(
        Indicator,
        [(row, s["indicators"]) for row, s in zip(standard_rows, standards, strict=True)],
        above="standard",
        fields=lambda i: {"description": i["description"]},
        by=by,
    )
    indicators = [i for s in standards for i in s["indicators"]]
    _parts_store(
        Element,
        [(row, i["elements"]) for row, i in zip(indicator_rows, indicators, strict=True)],
        above="indicator",
        fields=lambda e: e["descriptors"],
        by=by,
    )


def _parts_store(model, parts_under, *, above: str, fields, by: User | None) -> list:
    """One level of the structure: for each (row above, its parts in the document), a row per
    part in order, with the part's code and name and the ``fields(part)`` of its level."""
    rows = [
        model(**{above: row}, code=part["code"], name=part["name"], position=n, **fields(part))
        for row, parts in parts_under
        for n, part in enumerate(parts)
    ]
    bulk_create_with_history(rows, model, default_user=by)
    return rows


@transaction.atomic
def framework_version_publish(*, version_id: int, version: int, by: User) -> FrameworkVersion:
    """Publish a draft: from now on it is frozen and evaluations may use it."""
    framework_version = FrameworkVersion.objects.select_for_update().get(pk=version_id)
    if framework_version.is_published:
        raise DomainError(_("This version is already published."))
    version_check(framework_version, version)
    if not Element.objects.filter(
        indicator__standard__framework_version=framework_version
    ).exists():
        raise DomainError(_("A framework needs at least one element before it is published."))
    framework_version.status = FrameworkVersion.Status.PUBLISHED
    framework_version.published_at = timezone.now()
    framework_version.published_by = by
    framework_version._change_reason = "published"
    framework_version.save()
    return framework_version


@transaction.atomic
def framework_version_revise(*, version_id: int, by: User) -> FrameworkVersion:
    """Copy a version into a new draft: the way to change a published framework."""
    source = FrameworkVersion.objects.select_related("framework").get(pk=version_id)
    Framework.objects.select_for_update().get(pk=source.framework_id)
    number = (source.framework.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = FrameworkVersion.objects.create(
        framework=source.framework,
        number=number,
        edition=source.edition,
        note=source.note,
        based_on=source,
    )
    _store_structure(draft, _document_of(source).standards, by=by)
    return draft


@transaction.atomic
def framework_adopt(*, version_id: int, district: District, by: User) -> FrameworkVersion:
    """Copy a state model framework into a draft of the district's own, for the district to
    check against the state's document and publish. The state's version stays as it was."""
    source = FrameworkVersion.objects.select_related("framework").get(pk=version_id)
    if source.framework.district_id is not None:
        raise DomainError(
            _("Only the state's model frameworks are adopted; revise your district's own instead.")
        )
    slug = f"{source.framework.slug}-{district.org_code}"
    if Framework.objects.filter(slug=slug).exists():
        raise DomainError(
            _("%(district)s has already adopted this framework: open it from the rubric list.")
            % {"district": district.name}
        )
    document = _document_of(source)
    document.slug = slug
    document.name = f"{source.framework.name} ({district.name})"
    return framework_version_create(document=document, district=district, based_on=source, by=by)


def _document_of(version: FrameworkVersion) -> interchange.FrameworkDocument:
    """A version's structure as a validated document, through the same path as an import."""
    standards = version.standards.prefetch_related("indicators__elements")
    return interchange.parse_framework(
        upload=interchange.export_json(version, standards).encode(), file_format="json"
    )


@transaction.atomic
def model_frameworks_install() -> list[FrameworkVersion]:
    """Install the state's model frameworks shipped with Tandem, once each.

    Frameworks whose element lists are unverified ship as drafts, for a district
    to check against the state's document and publish.
    """
    installed = []
    for path in sorted(MODEL_FRAMEWORKS_DIR.glob("*.json")):
        raw = path.read_bytes()
        document = interchange.parse_framework(upload=raw, file_format="json")
        if Framework.objects.filter(slug=document.slug).exists():
            continue
        version = framework_version_create(document=document)
        if interchange.json.loads(raw).get("status") == FrameworkVersion.Status.PUBLISHED:
            version = framework_version_publish(
                version_id=version.pk, version=version.version, by=None
            )
        installed.append(version)
    return installed
