"""Framework import and export as JSON or CSV.

Both formats become the same flat rows (one per element) before validation, so
a district gets the same checks and messages whichever it uploads. Every bad
row is reported with where it is and why; nothing is loaded unless all are good.
"""

import csv
import io
import json
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tandem.organizations.vocabulary import RoleGroup
from tandem.rubrics.models import FrameworkVersion, PerformanceLevel
from tandem.ui.spreadsheet import spreadsheet_cell, spreadsheet_text

LEVELS = [level.value for level in PerformanceLevel]
CSV_COLUMNS = [
    "standard_code",
    "standard_name",
    "standard_description",
    "indicator_code",
    "indicator_name",
    "indicator_description",
    "element_code",
    "element_name",
    *LEVELS,
]
REQUIRED_COLUMNS = [c for c in CSV_COLUMNS if not c.endswith("_description")]
STANDARD_CODE = re.compile(r"^[IVX]{1,4}$")
MAX_DESCRIPTOR = 2000
MAX_ROWS = 500
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


@dataclass
class ElementRow:
    where: str
    values: dict[str, str]


@dataclass
class FrameworkDocument:
    """A validated framework ready to be stored."""

    slug: str
    name: str
    role_group: str
    edition: str
    note: str
    standards: list[dict]


class ImportRejected(Exception):
    """The file was refused; ``problems`` lists each bad row and the reason."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _rows_from_json(raw: str) -> tuple[dict, list[ElementRow]]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ImportRejected(
            [
                _("Line %(line)d: not valid JSON (%(msg)s).")
                % {"line": error.lineno, "msg": error.msg}
            ]
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("standards"), list):
        raise ImportRejected([_("The JSON must be an object with a list of standards.")])
    rows: list[ElementRow] = []
    problems: list[str] = []
    for si, standard in enumerate(data["standards"]):
        if not isinstance(standard, dict) or not isinstance(standard.get("indicators"), list):
            problems.append(
                _("standards[%(i)d]: must be an object with a list of indicators.") % {"i": si}
            )
            continue
        for ii, indicator in enumerate(standard["indicators"]):
            where_ind = f"standards[{si}].indicators[{ii}]"
            if not isinstance(indicator, dict) or not isinstance(indicator.get("elements"), list):
                problems.append(
                    _("%(where)s: must be an object with a list of elements.")
                    % {"where": where_ind}
                )
                continue
            for ei, element in enumerate(indicator["elements"]):
                where = f"{where_ind}.elements[{ei}]"
                if not isinstance(element, dict):
                    problems.append(_("%(where)s: must be an object.") % {"where": where})
                    continue
                descriptors = element.get("descriptors")
                descriptors = descriptors if isinstance(descriptors, dict) else {}
                rows.append(
                    ElementRow(
                        where,
                        {
                            "standard_code": _text(standard.get("code")),
                            "standard_name": _text(standard.get("name")),
                            "standard_description": _text(standard.get("description")),
                            "indicator_code": _text(indicator.get("code")),
                            "indicator_name": _text(indicator.get("name")),
                            "indicator_description": _text(indicator.get("description")),
                            "element_code": _text(element.get("code")),
                            "element_name": _text(element.get("name")),
                            **{level: _text(descriptors.get(level)) for level in LEVELS},
                        },
                    )
                )
    if problems:
        raise ImportRejected(problems)
    meta = {key: _text(data.get(key)) for key in ("slug", "name", "role_group", "edition", "note")}
    return meta, rows


def _rows_from_csv(raw: str) -> list[ElementRow]:
    reader = csv.DictReader(io.StringIO(raw))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportRejected(
            [_("Line 1: the header lacks the columns %(cols)s.") % {"cols": ", ".join(missing)}]
        )
    rows = []
    for record in reader:
        if None in record:
            raise ImportRejected(
                [_("Line %(line)d: more values than columns.") % {"line": reader.line_num}]
            )
        rows.append(
            ElementRow(
                _("line %(line)d") % {"line": reader.line_num},
                {column: spreadsheet_text(_text(record.get(column))) for column in CSV_COLUMNS},
            )
        )
    return rows


def _decode(upload: bytes) -> str:
    if len(upload) > MAX_UPLOAD_BYTES:
        raise ImportRejected([_("The file is larger than 2 MB.")])
    try:
        return upload.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRejected([_("The file is not UTF-8 text.")]) from error


def parse_framework(
    *, upload: bytes, file_format: str, meta: dict | None = None
) -> FrameworkDocument:
    """Parse and validate a whole framework file; raise ImportRejected listing every problem."""
    raw = _decode(upload)
    if file_format == "json":
        file_meta, rows = _rows_from_json(raw)
        meta = {**file_meta, **{k: v for k, v in (meta or {}).items() if v}}
    elif file_format == "csv":
        rows = _rows_from_csv(raw)
        meta = meta or {}
    else:
        raise ImportRejected([_("Choose JSON or CSV.")])
    problems = _check_meta(meta)
    if not rows:
        problems.append(_("The file has no elements."))
    if len(rows) > MAX_ROWS:
        problems.append(_("The file has more than %(n)d elements.") % {"n": MAX_ROWS})
    standards = _assemble(rows, problems)
    if problems:
        raise ImportRejected(problems)
    return FrameworkDocument(
        slug=meta["slug"],
        name=meta["name"],
        role_group=meta["role_group"],
        edition=meta["edition"],
        note=meta.get("note", ""),
        standards=standards,
    )


def _check_meta(meta: dict) -> list[str]:
    problems = []
    for key, label in (("slug", _("short name")), ("name", _("name")), ("edition", _("edition"))):
        if not meta.get(key):
            problems.append(_("The framework needs a %(field)s.") % {"field": label})
    if meta.get("slug") and not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,59}", meta["slug"]):
        problems.append(_("The short name may hold only lower-case letters, digits and hyphens."))
    if meta.get("role_group") not in RoleGroup.values:
        problems.append(
            _("The role group must be one of %(groups)s.") % {"groups": ", ".join(RoleGroup.values)}
        )
    return problems


def _assemble(rows: list[ElementRow], problems: list[str]) -> list[dict]:
    """Check each row and build the nested standards; append a message for every bad row."""
    standards: dict[str, dict] = {}
    seen_elements: set[str] = set()
    for row in rows:
        v = row.values
        reasons = [
            _("%(column)s is empty") % {"column": column}
            for column in REQUIRED_COLUMNS
            if not v[column]
        ]
        std, ind, el = v["standard_code"], v["indicator_code"], v["element_code"]
        if std and not STANDARD_CODE.match(std):
            reasons.append(_("standard code %(code)s is not a Roman numeral") % {"code": std})
        if std and ind and not re.fullmatch(re.escape(std) + r"-[A-Z]", ind):
            reasons.append(
                _("indicator code %(ind)s does not belong to standard %(std)s")
                % {"ind": ind, "std": std}
            )
        if ind and el and not re.fullmatch(re.escape(ind) + r"-[0-9]{1,2}", el):
            reasons.append(
                _("element code %(el)s does not belong to indicator %(ind)s")
                % {"el": el, "ind": ind}
            )
        if el and el in seen_elements:
            reasons.append(_("element %(el)s appears twice") % {"el": el})
        for level in LEVELS:
            if len(v[level]) > MAX_DESCRIPTOR:
                reasons.append(_("%(level)s is longer than 2000 characters") % {"level": level})
        texts = [v[level] for level in LEVELS if v[level]]
        if len(set(texts)) < len(texts):
            reasons.append(_("two performance levels have the same descriptor"))
        standard = standards.get(std)
        if standard and standard["name"] != v["standard_name"]:
            reasons.append(_("standard %(std)s has another name on an earlier row") % {"std": std})
        indicator = standard["indicators"].get(ind) if standard else None
        if indicator and indicator["name"] != v["indicator_name"]:
            reasons.append(_("indicator %(ind)s has another name on an earlier row") % {"ind": ind})
        if reasons:
            problems.append(f"{row.where}: " + "; ".join(reasons) + ".")
            continue
        seen_elements.add(el)
        if standard is None:
            standard = standards[std] = {
                "code": std,
                "name": v["standard_name"],
                "description": v["standard_description"],
                "indicators": {},
            }
        if indicator is None:
            indicator = standard["indicators"][ind] = {
                "code": ind,
                "name": v["indicator_name"],
                "description": v["indicator_description"],
                "elements": [],
            }
        indicator["elements"].append(
            {"code": el, "name": v["element_name"], "descriptors": {lv: v[lv] for lv in LEVELS}}
        )
    return [
        {**standard, "indicators": list(standard["indicators"].values())}
        for standard in standards.values()
    ]


def export_json(version: FrameworkVersion, standards) -> str:
    framework = version.framework
    document = {
        "slug": framework.slug,
        "name": framework.name,
        "role_group": framework.role_group,
        "edition": version.edition,
        "status": version.status,
        "version": version.number,
        "note": version.note,
        "standards": [
            {
                "code": s.code,
                "name": s.name,
                "description": s.description,
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "description": i.description,
                        "elements": [
                            {
                                "code": e.code,
                                "name": e.name,
                                "descriptors": {lv: getattr(e, lv) for lv in LEVELS},
                            }
                            for e in i.elements.all()
                        ],
                    }
                    for i in s.indicators.all()
                ],
            }
            for s in standards
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def export_csv(standards) -> str:
    """The rows as CSV, every cell through ``spreadsheet_cell`` so none runs as a formula."""
    out = io.StringIO()
    # RFC 4180 line ends: a cell holding a carriage return is then quoted and reads back.
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for s in standards:
        for i in s.indicators.all():
            for e in i.elements.all():
                row = {
                    "standard_code": s.code,
                    "standard_name": s.name,
                    "standard_description": s.description,
                    "indicator_code": i.code,
                    "indicator_name": i.name,
                    "indicator_description": i.description,
                    "element_code": e.code,
                    "element_name": e.name,
                    **{lv: getattr(e, lv) for lv in LEVELS},
                }
                writer.writerow({column: spreadsheet_cell(value) for column, value in row.items()})
    return out.getvalue()
