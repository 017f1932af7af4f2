"""Every table of a page fits a phone (issue 11): a list of records stacks, a matrix scrolls in a
labelled box. A scan of the templates, because a table reaches a phone from any page."""

import re
from pathlib import Path

import tandem

TEMPLATES = Path(tandem.__file__).parent
# Printables are PDFs, never read at a phone's width.
PRINTABLES = "pdf"
# Edited in another branch of issue 11 at the time of writing; they still get tables.js's box.
CONVERTED_ELSEWHERE = {"evaluation/evidence.html", "evaluation/self_assessment.html"}

TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
STACKED = re.compile(
    r'^<table class="usa-table usa-table--borderless usa-table--stacked(-header)?"'
)
SCROLLABLE = re.compile(
    r'<div class="usa-table-container--scrollable" tabindex="0" role="region"'
    r' aria-labelledby="(?P<label>[^"]+)">\s*$'
)
CELL = re.compile(r"<td\b[^>]*>")


def page_templates():
    for path in sorted(TEMPLATES.glob("**/templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        if PRINTABLES not in Path(name).parts and name not in CONVERTED_ELSEWHERE:
            yield name, path.read_text()


def table_problems(name, text):
    problems = []
    for match in TABLE.finditer(text):
        table = match.group()
        line = text.count("\n", 0, match.start()) + 1
        if STACKED.match(table):
            unnamed = [
                c for c in CELL.findall(table) if "data-label=" not in c and "colspan=" not in c
            ]
            if unnamed:
                problems.append(
                    f"{name}:{line}: a stacked table's cell has no data-label: {unnamed[0]}"
                )
            continue
        box = SCROLLABLE.search(text[: match.start()])
        if box and f'id="{box["label"]}"' in table and table.startswith('<table class="usa-table'):
            continue
        problems.append(
            f"{name}:{line}: neither usa-table--stacked nor in a labelled usa-table-container--scrollable"
        )
    return problems


def test_every_table_stacks_on_a_phone_or_scrolls_in_a_labelled_box():
    problems = [p for name, text in page_templates() for p in table_problems(name, text)]
    assert problems == []


def test_the_scan_finds_a_bare_table_and_a_stacked_cell_without_its_name():
    bare = "<table><tr><td>1</td></tr></table>"
    unnamed = '<table class="usa-table usa-table--borderless usa-table--stacked"><td>1</td></table>'
    unlabelled_box = (
        '<div class="usa-table-container--scrollable" tabindex="0" role="region"'
        ' aria-labelledby="c">\n<table class="usa-table"><caption id="other"></caption></table>'
    )
    assert len(table_problems("t.html", bare + unnamed + unlabelled_box)) == 3


def test_the_scan_accepts_a_stacked_list_and_a_matrix_in_its_labelled_box():
    stacked = (
        '<table class="usa-table usa-table--borderless usa-table--stacked-header">'
        '<td data-label="Step">1</td><td colspan="2">None</td></table>'
    )
    matrix = (
        '<div class="usa-table-container--scrollable" tabindex="0" role="region"'
        ' aria-labelledby="c">\n<table class="usa-table"><caption id="c">Counts</caption></table>'
    )
    assert table_problems("t.html", stacked + matrix) == []
