"""The official schemas' verdict on an export folder, as the kit's validate.py gives it:
XML interchanges against the Data Standard 5.2 or TPDM 1.1 XSDs (xmlschema), TPDM JSON
resources against the resources API's insert schemas (jsonschema), and every
``uri://ed-fi.org/`` value against the Data Standard's descriptor files."""

import functools
import json
import re
from pathlib import Path

import xmlschema
from jsonschema import Draft202012Validator, FormatChecker
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"
NS = "{http://ed-fi.org/5.2.0}"
XSD = {
    "InterchangeEducationOrganization": "Interchange-EducationOrganization.xsd",
    "InterchangeStaffAssociation": "Interchange-StaffAssociation.xsd",
    "InterchangeDescriptors": "EXTENSION-Interchange-Descriptors-Extension.xsd",
    "InterchangePerformanceEvaluation": "EXTENSION-Interchange-PerformanceEvaluation-Extension.xsd",
}
CORE_VALUE = re.compile(r"^uri://ed-fi\.org/([A-Za-z]+Descriptor)#(.+)$")


@functools.cache
def _xsd(name: str):
    return xmlschema.XMLSchema10(str(SCHEMAS / "xsd" / name))


@functools.cache
def _resources() -> dict:
    project = json.loads((SCHEMAS / "json" / "tpdm-api-schema-authoritative.json").read_text())
    return {
        name: Draft202012Validator(schema["jsonSchemaForInsert"], format_checker=FormatChecker())
        for name, schema in project["projectSchema"]["resourceSchemas"].items()
        if "jsonSchemaForInsert" in schema
    }


@functools.cache
def core_codes(name: str) -> frozenset[str]:
    path = SCHEMAS / "descriptors" / f"{name}.xml"
    return frozenset(e.text for e in etree.parse(str(path)).iter(f"{NS}CodeValue"))


def _descriptor_problems(where: str, value: str) -> list[str]:
    match = CORE_VALUE.match(value)
    if match and match[2] not in core_codes(match[1]):
        return [f"{where}: {value} is not a Data Standard 5.2 value"]
    return []


def problems(folder: Path) -> list[str]:
    """Every failure in the folder's documents; empty when all of them conform."""
    found = []
    for path in sorted(folder.glob("*.xml")):
        root = next(etree.iterparse(str(path), events=("start",)))[1].tag.removeprefix(NS)
        found += [
            f"{path.name}: {e.reason} at {e.path}" for e in _xsd(XSD[root]).iter_errors(str(path))
        ]
        for _event, node in etree.iterparse(str(path)):
            if node.text and not len(node):
                found += _descriptor_problems(path.name, node.text)
            node.clear()
    for path in sorted((folder / "json").glob("*.json")):
        validator = _resources()[path.stem]
        for index, document in enumerate(json.loads(path.read_text())):
            found += [f"{path.name}#{index}: {e.message}" for e in validator.iter_errors(document)]
            found += [
                p
                for value in _strings(document)
                for p in _descriptor_problems(f"{path.name}#{index}", value)
            ]
    return found


def _strings(value):
    if isinstance(value, dict):
        for each in value.values():
            yield from _strings(each)
    elif isinstance(value, list):
        for each in value:
            yield from _strings(each)
    elif isinstance(value, str):
        yield value
