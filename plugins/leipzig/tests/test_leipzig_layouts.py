"""Real layouts of Leipzig papers: free-text roles in the Beratungsfolge, the table put out column
by column in older republished PDFs, and the council system's own page (ALLRIS, text or HTML).

Fixtures give exact values; hypothesis renders generated papers the way real documents vary
(wrap positions, whitespace, page breaks, date spellings, order and presence of header fields)
and asserts that the parsed paper equals the one rendered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from integrationkonzept_leipzig.paper import read_papers
from integrationkonzept_leipzig.paper_consultations import NOTE_TITLE, normal_role
from leipzig_support import fixture_file

from integrationkonzept.contributions import InputFile
from integrationkonzept.errors import ParseError
from integrationkonzept.model import (
    Consultation,
    Decision,
    FileInfo,
    Paper,
    PaperRelation,
    RelationKind,
    Section,
    Source,
    SourceKind,
)
from integrationkonzept.testing.contracts import ImporterContract

D = dt.date
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_one(text: str, name: str = "vorlage.txt") -> Paper:
    (paper,) = read_papers([InputFile(name, text.encode())]).papers
    return paper


def refused(text: str, name: str = "vorlage.txt") -> ParseError:
    with pytest.raises(ParseError) as caught:
        read_papers([InputFile(name, text.encode())])
    return caught.value


class TestRealLayouts(ImporterContract):
    """The contract (random, truncated, re-encoded input) over the new layouts' fixtures."""

    importer_name = "leipzig-paper"

    def valid_inputs(self) -> list[list[InputFile]]:
        return [
            [fixture_file("spalten_verwaltungsstandpunkt.txt")],
            [fixture_file("allris_vorlage.txt")],
            [fixture_file("allris_vorlage.html")],
        ]

    def invalid_inputs(self) -> list[tuple[list[InputFile], str]]:
        return [
            (
                [InputFile("a.txt", b"Vorlage - VI-DS-08033\nBeratungsfolge:\n31.02.2020 Rat x\n")],
                "„31.02.2020“ ist kein gültiges Datum",
            ),
        ]


# --- fixtures with exact values -----------------------------------------------------------------


def test_columns_fixture_pairs_bodies_roles_and_dates() -> None:
    (paper,) = read_papers([fixture_file("spalten_verwaltungsstandpunkt.txt")]).papers
    assert (paper.reference, paper.kind, paper.title, paper.position) == (
        "VI-A-03511-VSP-01",
        "Verwaltungsstandpunkt",
        "Sprachmittlung in den Bürgerämtern",
        "Zustimmung",
    )
    assert paper.consultations == (
        Consultation("Dienstberatung des Oberbürgermeisters", D(2017, 2, 21), "Bestätigung"),
        Consultation("Migrantenbeirat", D(2017, 3, 8), "Vorberatung, Anhörung"),
        Consultation("FA Jugend, Soziales, Gesundheit und Schule", D(2017, 3, 21), "Vorberatung"),
        Consultation("Ratsversammlung", D(2017, 4, 12), "Beschlussfassung (mit Änderungen)"),
    )
    assert paper.file == FileInfo(
        "Leipzig",
        "1187342.pdf",
        "112 kB",
        dt.datetime(2017, 3, 8, 12),
        dt.datetime(2018, 12, 6, 16, 12),
    )
    assert paper.section(NOTE_TITLE) is None
    assert paper.decision is None


_FORTSCHREIBUNG = (
    "Fortschreibung des Gesamtkonzepts zur Integration der Migrantinnen und Migranten in Leipzig"
)


def test_allris_text_fixture() -> None:
    (paper,) = read_papers([fixture_file("allris_vorlage.txt")]).papers
    assert (paper.reference, paper.kind, paper.title, paper.status, paper.submitter) == (
        "VI-DS-08033-NF-02",
        "Beschlussvorlage",
        _FORTSCHREIBUNG,
        "öffentlich (Vorlage freigegeben)",
        "Dezernat Allgemeine Verwaltung",
    )
    assert paper.consultations == (
        Consultation(
            "Dienstberatung des Oberbürgermeisters", D(2019, 12, 3), "Bestätigung", "bestätigt"
        ),
        Consultation(
            "Fachausschuss Allgemeine Verwaltung",
            D(2020, 1, 7),
            "Vorberatung, Anhörung",
            "empfohlen",
        ),
        Consultation("Migrantenbeirat", None, "Vorberatung"),
        Consultation("Ratsversammlung", D(2020, 1, 15), "Entscheidung", "vertagt"),
        Consultation("Ratsversammlung", D(2020, 1, 29), "Entscheidung", "ungeändert beschlossen"),
    )
    assert paper.decision == Decision(
        body="Ratsversammlung",
        date=D(2020, 1, 29),
        kind="ungeändert beschlossen",
        vote_text="ungeändert beschlossen",
        source=Source(
            SourceKind.DECISION,
            "VI-DS-08033-NF-02",
            title=_FORTSCHREIBUNG,
            date=D(2020, 1, 29),
            locator="allris_vorlage.txt: Beratungsfolge, Ratsversammlung am 29.01.2020",
        ),
    )
    assert paper.relations == (PaperRelation(RelationKind.REVISES, "VI-DS-08033"),)
    assert [section.title for section in paper.sections] == [
        "Federführend",
        "Beschlussvorschlag",
        "Sachverhalt",
    ]
    assert paper.section("Sachverhalt") == Section(
        "Sachverhalt", "Das Gesamtkonzept wird alle zwei Jahre überprüft."
    )


def test_allris_html_fixture_reads_like_its_text() -> None:
    (paper,) = read_papers([fixture_file("allris_vorlage.html")]).papers
    title = "Bericht zur Umsetzung des Gesamtkonzepts & der Maßnahmen 2021"
    assert (paper.reference, paper.kind, paper.title, paper.status) == (
        "VII-DS-04567-Ifo-01",
        "Informationsvorlage",
        title,
        "öffentlich (Vorlage freigegeben)",
    )
    assert paper.consultations == (
        Consultation("Migrantenbeirat", None, "Information"),
        Consultation(
            "Ratsversammlung", D(2022, 6, 23), "zur Kenntnisnahme", "zur Kenntnis genommen"
        ),
    )
    assert paper.decision is not None
    assert (paper.decision.body, paper.decision.date, paper.decision.kind) == (
        "Ratsversammlung",
        D(2022, 6, 23),
        "zur Kenntnis genommen",
    )
    assert paper.section("Sachverhalt") == Section(
        "Sachverhalt", "Der Bericht stellt den Stand der Maßnahmen dar."
    )
    assert "geheim" not in str(paper)  # the script is not text


def test_an_error_in_an_html_page_names_the_html_source_line() -> None:
    page = (
        "<html><body>\n<h1>Vorlage - VI-DS-08033</h1>\n<p>Beratungsfolge:</p>\n<table>\n"
        "<tr><td>Ratsversammlung</td><td>Entscheidung</td></tr>\n"
        "<tr><td>31.02.2020</td><td>Ratsversammlung</td><td>beschlossen</td></tr>\n"
        "</table></body></html>\n"
    )
    error = refused(page, "seite.html")
    assert str(error) == "seite.html, Zeile 6: „31.02.2020“ ist kein gültiges Datum"


def test_an_allris_meeting_before_any_body_is_refused_with_its_line() -> None:
    text = "Vorlage - VI-DS-08033\nStatus:öffentlich\nBeratungsfolge:\n29.01.2020 Ratsversammlung\n"
    error = refused(text)
    assert str(error) == (
        "vorlage.txt, Zeile 4: Beratungsfolge: Sitzung „29.01.2020 Ratsversammlung“ vor dem "
        "ersten Gremium"
    )


# --- free-text roles, row by row ----------------------------------------------------------------

_HEAD = "Antrag-Nr. VII-A-04800\nStatus: öffentlich\nBetreff: Test\n"


def test_free_text_roles_wrap_and_known_ones_are_normalised() -> None:
    text = (
        _HEAD + "Beratungsfolge (Änderungen vorbehalten):\n"
        "Gremium Voraussichtlicher Sitzungstermin Zuständigkeit\n"
        "Migrantenbeirat 8.3.17 Vorberatung,\nAnhörung\n"
        "Stadtbezirksbeirat Süd 21.03.2017 Votum\n"
        "Seite 2 von 3\nAntrag-Nr. VII-A-04800\n"
        "FA Allgemeine Verwaltung   zur    kenntnisnahme\n"
        "Ratsversammlung 12.04.2017 Beschlussfassung (mit\nÄnderungen)\n"
        "Betreff: doppelt\n"
    )
    paper = read_one(text)
    assert paper.consultations == (
        Consultation("Migrantenbeirat", D(2017, 3, 8), "Vorberatung, Anhörung"),
        Consultation("Stadtbezirksbeirat Süd", D(2017, 3, 21), "Votum"),
        Consultation("FA Allgemeine Verwaltung", None, "zur Kenntnisnahme"),
        Consultation("Ratsversammlung", D(2017, 4, 12), "Beschlussfassung (mit Änderungen)"),
    )


def test_a_row_whose_body_and_role_cannot_be_told_apart_is_kept_with_a_note() -> None:
    text = _HEAD + "Beratungsfolge:\nKleingartenbeirat Votum\n"
    paper = read_one(text)
    assert paper.consultations == (Consultation("Kleingartenbeirat Votum"),)
    note = paper.section(NOTE_TITLE)
    assert note is not None
    assert note.text.startswith("Zeile 5: „Kleingartenbeirat Votum“ – Gremium und Zuständigkeit")


def test_normal_role_keeps_unknown_roles_as_written() -> None:
    assert normal_role("  zur  kenntnisnahme ") == "zur Kenntnisnahme"
    assert normal_role("vorberatung, Anhörung") == "Vorberatung, Anhörung"
    assert normal_role("Kenntnis- nahme") == "Kenntnisnahme"
    assert normal_role("Votum des Beirats") == "Votum des Beirats"


# --- column by column: the pairing rule ---------------------------------------------------------

_VSP = "Verwaltungsstandpunkt Nr. VI-A-03511-VSP-01\nStatus: öffentlich\nBeratungsfolge:\n"


def _columns(bodies: list[str], dates: list[str], roles: list[str]) -> Paper:
    table = "Gremium\nTermin\nZuständigkeit\n" + "\n".join([*bodies, *dates, *roles]) + "\n"
    return read_one(_VSP + table + "Eingereicht von\nDezernat\n")


def test_columns_with_as_many_dates_as_bodies_pair_in_order() -> None:
    paper = _columns(
        ["Migrantenbeirat", "Ratsversammlung"], ["08.03.2017", "12.04.2017"], ["Anhörung", "Votum"]
    )
    assert paper.consultations == (
        Consultation("Migrantenbeirat", D(2017, 3, 8), "Anhörung"),
        Consultation("Ratsversammlung", D(2017, 4, 12), "Votum"),
    )
    assert paper.section(NOTE_TITLE) is None


def test_columns_without_dates() -> None:
    paper = _columns(["Migrantenbeirat", "Ratsversammlung"], [], ["Vorberatung", "Entscheidung"])
    assert paper.consultations == (
        Consultation("Migrantenbeirat", None, "Vorberatung"),
        Consultation("Ratsversammlung", None, "Entscheidung"),
    )


def test_columns_with_fewer_dates_and_an_ambiguous_pairing_keep_no_dates() -> None:
    paper = _columns(
        ["Migrantenbeirat", "FA Allgemeine Verwaltung", "Ratsversammlung"],
        ["08.03.2017", "12.04.2017"],
        ["Vorberatung", "Vorberatung", "Beschlussfassung"],
    )
    assert paper.consultations == (
        Consultation("Migrantenbeirat", None, "Vorberatung"),
        Consultation("FA Allgemeine Verwaltung", None, "Vorberatung"),
        Consultation("Ratsversammlung", None, "Beschlussfassung"),
    )
    note = paper.section(NOTE_TITLE)
    assert note is not None
    assert "2 Termine (08.03.2017, 12.04.2017) für 3 Gremien nicht eindeutig" in note.text


def test_columns_with_a_confirmation_and_fewer_dates_keep_no_dates() -> None:
    # the Dienstberatung may be the row that is dated and a committee the one that is not yet:
    # the role does not say which row lacks its date
    paper = _columns(
        ["Dienstberatung des Oberbürgermeisters", "Migrantenbeirat", "Ratsversammlung"],
        ["03.12.2019", "29.01.2020"],
        ["Bestätigung", "Vorberatung", "Beschlussfassung"],
    )
    assert [row.date for row in paper.consultations] == [None, None, None]
    assert [row.role for row in paper.consultations] == [
        "Bestätigung",
        "Vorberatung",
        "Beschlussfassung",
    ]
    assert paper.section(NOTE_TITLE) is not None


def test_columns_with_as_many_roles_missing_as_bodies_mismatch_keep_a_note() -> None:
    paper = _columns(
        ["Migrantenbeirat", "FA Allgemeine Verwaltung", "Ratsversammlung"],
        ["08.03.2017", "12.04.2017"],
        ["Vorberatung", "Beschlussfassung"],
    )
    assert paper.consultations == ()
    note = paper.section(NOTE_TITLE)
    assert note is not None
    assert "3 Gremien und 2 Zuständigkeiten" in note.text


def test_an_unknown_role_in_the_one_line_layout_keeps_the_paper_with_a_note() -> None:
    text = (
        "Ratsversammlung Antrag Nr. VI-A-01999 Status: öffentlich Beratungsfolge: Gremium Termin "
        "Zuständigkeit Migrantenbeirat 1. Lesung Ratsversammlung Votum Eingereicht von "
        "Migrantenbeirat Betreff Dolmetschdienst\n"
    )
    paper = read_one(text)
    assert paper.title == "Dolmetschdienst"
    assert paper.consultations == (Consultation("Migrantenbeirat", None, "1. Lesung"),)
    note = paper.section(NOTE_TITLE)
    assert note is not None
    assert note.text == (
        "Zeile 1: „Ratsversammlung Votum“ – nicht in Gremium, Termin und Zuständigkeit zu trennen"
    )


def test_columns_without_dates_with_wrapped_bodies() -> None:
    paper = _columns(
        ["FA Jugend, Soziales,", "Gesundheit und Schule", "Migrantenbeirat"],
        [],
        ["Vorberatung,", "Anhörung", "zur", "Kenntnisnahme"],
    )
    assert paper.consultations == (
        Consultation("FA Jugend, Soziales, Gesundheit und Schule", None, "Vorberatung, Anhörung"),
        Consultation("Migrantenbeirat", None, "zur Kenntnisnahme"),
    )


# --- hypothesis: row by row ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    body: str
    day: dt.date | None
    role_parts: tuple[str, ...]  # the role as written, in the pieces it may wrap into
    role: str  # as read


_KNOWN_BODIES = (
    "Migrantenbeirat",
    "Ratsversammlung",
    "Fachausschuss Allgemeine Verwaltung",
    "FA Jugend, Soziales, Gesundheit und Schule",
)
_OTHER_BODIES = (
    "Stadtbezirksbeirat Süd",
    "Jugendparlament",
    "Dienstberatung des Oberbürgermeisters",
)
#: Roles as written (pieces a wrap may separate) and as read.
_ROLES_ANY = (
    (("Vorberatung",), "Vorberatung"),
    (("Vorberatung,", "Anhörung"), "Vorberatung, Anhörung"),
    (("Beschlussfassung", "(mit", "Änderungen)"), "Beschlussfassung (mit Änderungen)"),
    (("zur", "Kenntnisnahme"), "zur Kenntnisnahme"),
    (("zur", "kenntnisnahme"), "zur Kenntnisnahme"),
    (("schriftliche", "Beantwortung"), "schriftliche Beantwortung"),
    (("2.", "Lesung"), "2. Lesung"),
    (("Bestätigung",), "Bestätigung"),
)
#: Roles no list knows: readable only after a date cell.
_ROLES_DATED = (
    (("Votum",), "Votum"),
    (("Stellungnahme", "der", "Verwaltung"), "Stellungnahme der Verwaltung"),
)


@st.composite
def _days(draw: st.DrawFn) -> dt.date:
    return draw(st.dates(min_value=D(2010, 1, 1), max_value=D(2030, 12, 31)))


def _date_text(day: dt.date, style: int) -> str:
    if style == 0:
        return f"{day:%d.%m.%Y}"
    if style == 1:
        return f"{day.day}.{day.month}.{day:%y}"
    return f"{day.day}.{day.month}.{day.year}"


@st.composite
def _rows(draw: st.DrawFn) -> _Row:
    body = draw(st.sampled_from(_KNOWN_BODIES + _OTHER_BODIES))
    day = draw(st.none() | _days())
    pool = _ROLES_ANY + (_ROLES_DATED if day is not None else ())
    parts, role = draw(st.sampled_from(pool))
    return _Row(body, day, parts, role)


_SPACE = st.sampled_from([" ", "  ", "\t", " \t "])


@st.composite
def _row_table(draw: st.DrawFn) -> tuple[str, tuple[Consultation, ...]]:
    rows = draw(st.lists(_rows(), min_size=1, max_size=5))
    out: list[str] = []
    for index, row in enumerate(rows):
        cells = [row.body]
        if row.day is not None:
            cells.append(_date_text(row.day, draw(st.integers(0, 2))))
        wrap = draw(st.integers(0, len(row.role_parts) - 1))  # 0: on one line
        first = [*cells, *row.role_parts[: len(row.role_parts) - wrap]]
        line = draw(_SPACE).join(first) + draw(st.sampled_from(["", " ", "  "]))
        out.append(line)
        if wrap:
            out.append(draw(_SPACE).join(row.role_parts[len(row.role_parts) - wrap :]))
        if index + 1 < len(rows) and draw(st.booleans()):
            out += ["", f"Seite {index + 1} von 5", "Antrag-Nr. VII-A-04800", ""]
    expected = tuple(Consultation(row.body, row.day, row.role) for row in rows)
    return "\n".join(out), expected


@_SETTINGS
@given(_row_table(), st.booleans())
def test_generated_row_tables_read_back(
    table: tuple[str, tuple[Consultation, ...]], head: bool
) -> None:
    text, expected = table
    heading = "Gremium Voraussichtlicher Sitzungstermin Zuständigkeit\n" if head else ""
    paper = read_one(_HEAD + "Beratungsfolge (Änderungen vorbehalten):\n" + heading + text + "\n")
    assert (paper.reference, paper.kind, paper.title) == ("VII-A-04800", "Antrag", "Test")
    assert paper.consultations == expected
    assert paper.section(NOTE_TITLE) is None


# --- hypothesis: column by column ---------------------------------------------------------------

_COLUMN_BODIES = (
    ("Migrantenbeirat",),
    ("Ratsversammlung",),
    ("FA Jugend, Soziales,", "Gesundheit und Schule"),
    ("Fachausschuss Allgemeine Verwaltung", "und Digitales"),
    ("Stadtbezirksbeirat Süd",),
    ("Dienstberatung des", "Oberbürgermeisters"),
)
_COLUMN_ROLES = (
    *_ROLES_ANY,
    (("Information",), "Information"),
    (("zur Information",), "zur Information"),
    *_ROLES_DATED,
)


@st.composite
def _column_table(draw: st.DrawFn) -> tuple[str, tuple[Consultation, ...], bool]:
    count = draw(st.integers(2, 5))
    bodies = [draw(st.sampled_from(_COLUMN_BODIES)) for _ in range(count)]
    roles = [draw(st.sampled_from(_COLUMN_ROLES)) for _ in range(count)]
    dated = draw(st.lists(st.booleans(), min_size=count, max_size=count).filter(any))
    days = sorted(draw(st.lists(_days(), min_size=count, max_size=count)))
    style = draw(st.integers(0, 2))
    lines: list[str] = []
    for parts in bodies:
        if len(parts) > 1 and draw(st.booleans()):
            lines += list(parts)  # the cell wraps where a real one does
        else:
            lines.append(" ".join(parts))
    dates = [_date_text(day, style) for day, has in zip(days, dated, strict=True) if has]
    lines += dates
    for parts, _role in roles:
        if len(parts) > 1 and draw(st.booleans()):
            lines += list(parts)  # wrapped where the next piece visibly goes on
        else:
            lines.append(" ".join(parts))
    if draw(st.booleans()):
        at = draw(st.integers(1, len(lines) - 1))
        lines[at:at] = ["Seite 1 von 2", "Verwaltungsstandpunkt Nr. VI-A-03511-VSP-01"]
    read_roles = [role for _parts, role in roles]
    names = [" ".join(parts) for parts in bodies]
    placed = all(dated)  # fewer dates than rows: which rows lack one is not written
    expected = tuple(
        Consultation(name, day if placed else None, role)
        for name, day, role in zip(names, days, read_roles, strict=True)
    )
    return "\n".join(lines), expected, placed


@_SETTINGS
@given(_column_table())
def test_generated_column_tables_never_misdate(
    table: tuple[str, tuple[Consultation, ...], bool],
) -> None:
    text, expected, placed = table
    paper = read_one(
        _VSP + "Gremium\nTermin\nZuständigkeit\n" + text + "\nEingereicht von\nDezernat\n"
    )
    assert paper.consultations == expected
    assert (paper.section(NOTE_TITLE) is None) == placed


# --- hypothesis: the ALLRIS page ----------------------------------------------------------------

_RESULTS = (
    "empfohlen",
    "vertagt",
    "ungeändert beschlossen",
    "geändert beschlossen",
    "zur Kenntnis genommen",
    "bestätigt",
)
_FINAL = ("ungeändert beschlossen", "geändert beschlossen", "zur Kenntnis genommen")
_DECIDING = ("Beschlussfassung", "Entscheidung", "zur Kenntnisnahme", "Information")


@st.composite
def _allris(draw: st.DrawFn) -> tuple[str, Paper]:
    title_words = draw(
        st.lists(
            st.sampled_from(
                [
                    "Integration",
                    "Gesamtkonzept",
                    "für",
                    "Migrantinnen",
                    "Fortschreibung",
                    "Maßnahmen",
                    "2021/22",
                ]
            ),
            min_size=2,
            max_size=9,
        )
    )
    title = " ".join(title_words)
    kind = draw(st.sampled_from(["Beschlussvorlage", "Informationsvorlage", "Antrag"]))
    fields: list[tuple[str, str]] = [
        ("Betreff", title),
        ("Status", "öffentlich (Vorlage freigegeben)"),
    ]
    if draw(st.booleans()):
        fields.append(("Vorlage-Art", kind))
    submitter = draw(st.sampled_from(["", "Dezernat Allgemeine Verwaltung", "Oberbürgermeister"]))
    if submitter:
        fields.append(("Einreicher", submitter))
    lead = draw(st.sampled_from(["", "Referat für Migration und Integration"]))
    if lead:
        fields.append(("Federführend", lead))
    related = draw(st.booleans())
    if related:
        fields.append(("Bezüglich", "VII-A-04711"))
    fields = draw(st.permutations(fields))
    header_lines: list[str] = []
    for label, value in [*fields, ("Beratungsfolge", "")]:
        glue = draw(st.sampled_from(["", " ", "\n"])) if header_lines else "\n"
        colon = draw(st.sampled_from([":", ": ", " : "]))
        if label == "Betreff" and len(title_words) > 2 and draw(st.booleans()):
            cut = draw(st.integers(1, len(title_words) - 1))
            value = " ".join(title_words[:cut]) + "\n" + " ".join(title_words[cut:])
        piece = f"{label}{colon}{value}"
        if glue == "\n" or not header_lines:
            header_lines.append(piece)
        else:
            header_lines[-1] += glue + piece
    groups = draw(
        st.lists(
            st.tuples(_rows(), st.lists(st.tuples(_days(), st.sampled_from(_RESULTS)), max_size=2)),
            min_size=1,
            max_size=4,
        )
    )
    table: list[str] = []
    rows: list[Consultation] = []
    for row, meetings in groups:
        if not meetings and row.role in [role for _parts, role in _ROLES_DATED]:
            meetings = [(D(2020, 1, 29), "empfohlen")]
        wrap = draw(st.integers(0, len(row.role_parts) - 1))
        parts = row.role_parts
        table.append(" ".join([row.body, *parts[: len(parts) - wrap]]))
        if wrap:
            table.append(" ".join(parts[len(parts) - wrap :]))
        for day, result in sorted(meetings):
            words = result.split()
            if len(words) > 1 and result != "zur Kenntnis genommen" and draw(st.booleans()):
                table.append(f"{_date_text(day, 0)} {row.body} {words[0]}")
                table.append(" ".join(words[1:]))
            else:
                table.append(f"{_date_text(day, 0)} {row.body} {result}")
            rows.append(Consultation(row.body, day, row.role, result))
        if not meetings:
            rows.append(Consultation(row.body, None, row.role))
    decision_row = next(
        (row for row in reversed(rows) if row.result in _FINAL and row.role.startswith(_DECIDING)),
        None,
    )
    reference = "VII-DS-00547"
    decision = None
    if decision_row is not None and decision_row.date is not None:
        decision = Decision(
            body=decision_row.body,
            date=decision_row.date,
            kind=decision_row.result,
            vote_text=decision_row.result,
            source=Source(
                SourceKind.DECISION,
                reference,
                title=title,
                date=decision_row.date,
                locator=f"vorlage.txt: Beratungsfolge, {decision_row.body} am "
                f"{decision_row.date:%d.%m.%Y}",
            ),
        )
    text = "\n".join(
        [
            f"Vorlage {draw(st.sampled_from(['-', '–']))} {reference}",
            *header_lines,
            *table,
            "Sachverhalt:",
            "Text.",
        ]
    )
    expected = Paper(
        reference=reference,
        kind=kind if ("Vorlage-Art", kind) in fields else "Vorlage",
        title=title,
        submitter=submitter,
        status="öffentlich (Vorlage freigegeben)",
        consultations=tuple(rows),
        decision=decision,
        relations=(PaperRelation(RelationKind.RELATED, "VII-A-04711"),) if related else (),
        sections=((Section("Federführend", lead),) if lead else ())
        + (Section("Sachverhalt", "Text."),),
        source=Source(SourceKind.PAPER, reference, title=title, locator="vorlage.txt"),
    )
    return text, expected


@_SETTINGS
@given(_allris())
def test_generated_allris_pages_read_back(page: tuple[str, Paper]) -> None:
    text, expected = page
    paper = read_one(text)
    assert paper == expected


@_SETTINGS
@given(_allris())
def test_generated_allris_pages_read_the_same_as_html(page: tuple[str, Paper]) -> None:
    text, expected = page
    cells = "".join(f"<tr><td>{line}</td></tr>\n" for line in text.split("\n")[1:])
    head = text.split("\n")[0]
    html = f"<!DOCTYPE html>\n<html><body><h1>{head}</h1>\n<table>\n{cells}</table></body></html>"
    paper = read_one(html, "vorlage.txt")
    assert paper == expected
