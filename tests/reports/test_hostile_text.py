"""Text from the data reaches a terminal, a text file or a browser harmless.

* No terminal control character (C0 but tab and newline, DEL, C1) from a data set reaches stdout or
  stderr of ``check``, ``report text``, ``history`` or an error of ``set-status``.
* An address with bidi overrides or zero-width characters is no link in the HTML report; it is
  shown as text with those characters written visibly (``\\u202e``).
* Text that starts a formula once cleaned (``"\\r=…"`` becomes ``"\\n=…"``) is guarded in the CSV
  and the workbook.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

from integrationkonzept import Dataset
from integrationkonzept.cli import main
from integrationkonzept.model import Measure, Source, SourceKind
from integrationkonzept.serialize import dump
from integrationkonzept.testing.strategies import HOSTILE_TEXTS

#: What a terminal would act on: C0 controls but tab and newline, DEL, and the C1 controls.
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: Appended to every text of the data set: colour, bell, C1 "erase screen", NUL, OSC title.
PAYLOAD = " \x1b[31mrot\x07 \x9b2J \x00 \x1b]0;Titel\x07 \x85\x90"

# Text fields of the native format (ids, keys, dates and references to other objects stay).
_TEXT_KEYS = frozenset(
    {
        "title",
        "title_en",
        "reference",
        "locator",
        "label_de",
        "label_en",
        "name",
        "note",
        "reasons",
        "description",
        "timeframe_text",
        "role",
        "submitter",
        "message",
    }
)


def _hostile(
    value: Any, counter: Iterator[int], key: str | None = None, keys: frozenset[str] = _TEXT_KEYS
) -> Any:
    if isinstance(value, dict):
        return {k: _hostile(v, counter, k, keys) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(item, counter, key, keys) for item in value]
    if isinstance(value, str) and key in keys:
        extra = HOSTILE_TEXTS[next(counter) % len(HOSTILE_TEXTS)]
        return f"{value}{PAYLOAD} {extra}"
    return value


def _count() -> Iterator[int]:
    n = 0
    while True:
        yield n
        n += 1


def hostile_file(city: str, folder: Path, keys: frozenset[str] = _TEXT_KEYS) -> Path:
    """The example of ``city`` with hostile text appended to every text of ``keys``."""
    raw = json.loads(files("integrationkonzept").joinpath("data", f"{city}.json").read_text())
    path = folder / f"{city}-feindlich.json"
    hostile = _hostile(raw, _count(), keys=keys)
    path.write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def assert_clean(*texts: str) -> None:
    for shown in texts:
        found = TERMINAL_CONTROLS.search(shown)
        assert found is None, (
            f"{found.group()!r} in …{shown[max(found.start() - 80, 0) :][:160]!r}…"
        )


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INTEGRATIONKONZEPT_AUTHOR", "anna\x1b[2J")
    monkeypatch.delenv("INTEGRATIONKONZEPT_WORKSPACE", raising=False)
    return tmp_path


def test_the_payload_reaches_the_data(tmp_path: Path) -> None:
    data = json.loads(hostile_file("leipzig", tmp_path).read_text(encoding="utf-8"))
    for char in "\x1b\x07\x9b\x00":
        assert char in data["data"]["municipality"]["name"]


@pytest.mark.parametrize("city", ["leipzig", "magdeburg"])
def test_check_prints_no_terminal_controls(
    city: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_file(city, tmp_path)
    path = path.rename(tmp_path / "daten\x1b[31m.json")
    _status, out, err = run(capsys, "check", str(path))
    assert out.strip()  # the hostile references give findings
    assert_clean(out, err)


@pytest.mark.parametrize("city", ["leipzig", "magdeburg"])
def test_report_text_prints_no_terminal_controls(
    city: str, office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_file(city, office)
    status, out, err = run(capsys, "report", "text", str(path), "--as-of", "31.12.2024")
    assert status == 0, err
    assert "rot" in out
    assert_clean(out, err)
    status, out, err = run(
        capsys, "report", "text", str(path), "--as-of", "31.12.2024", "-o", "bericht.txt"
    )
    assert status == 0, err
    assert_clean(Path("bericht.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("city", "format"),
    [("leipzig", "leipzig-sachstandsbericht"), ("magdeburg", "magdeburg-stellungnahme")],
)
def test_city_markdown_has_no_terminal_controls(
    city: str, format: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_file(city, tmp_path)
    target = tmp_path / "bericht.md"
    status, out, err = run(
        capsys, "report", format, str(path), "--as-of", "31.12.2024", "-o", str(target)
    )
    assert status == 0, err
    shown = target.read_text(encoding="utf-8")
    assert "rot" in shown
    assert_clean(shown, out, err)


def _a_measure(data: dict[str, Any]) -> str:
    for edition in data["data"]["concept"]["editions"][::-1]:
        for measure in edition.get("measures", []):
            return str(measure["id"])
    raise AssertionError("no measure")


def _workspace(office: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """A workspace from the hostile Leipzig data: a measure id and a status key."""
    # A workspace refuses paper numbers with control characters (they are ids): texts only.
    path = hostile_file("leipzig", office, _TEXT_KEYS - {"reference"})
    status, out, err = run(capsys, "init", "--from", str(path), "--source", "Import\x1b[31m")
    assert status == 0, err
    assert_clean(out, err)
    data = json.loads(path.read_text(encoding="utf-8"))
    return _a_measure(data), data["data"]["concept"]["statuses"][-1]["key"]


def test_history_prints_no_terminal_controls(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measure, key = _workspace(office, capsys)
    status, out, err = run(
        capsys,
        "set-status",
        measure,
        key,
        "--date",
        "01.01.2099",
        "--source",
        "Mail\x1b[31m\x07",
        "--note",
        "Notiz\x9b2J\x00",
    )
    assert status == 0, err
    assert_clean(out, err)
    status, out, err = run(capsys, "history", measure)
    assert status == 0, err
    assert "Notiz2J" in out
    assert_clean(out, err)


def test_set_status_errors_print_no_terminal_controls(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measure, key = _workspace(office, capsys)
    for args in (
        (measure, "\x1b[31mfalsch\x07\x9b2J"),
        ("\x1b]0;Titel\x07\x00", key),
    ):
        status, out, err = run(capsys, "set-status", *args, "--source", "S\x1b[1m")
        assert status == 2
        assert err.startswith("Fehler:")
        assert "falsch" in err or "Titel" in err
        assert_clean(out, err)


def test_strip_controls_keeps_tab_and_newline() -> None:
    from integrationkonzept.safe import strip_controls

    assert strip_controls("a\tb\nc\r\nd\re\x1b[31m\x07\x9b\x00\x7f") == "a\tb\nc\nd\ne[31m"


# --- links that are not what they show -----------------------------------------------------------

#: Addresses that show something other than where they lead (bidi overrides, zero-width joins).
SPOOFED_URLS = (
    "https://example.org/\u202egpj.exe",
    "https://example.org/\u202aa\u202bb\u202cc\u202dd",
    "https://exa\u2066mple\u2067.org/\u2068x\u2069",
    "https://ex\u200bample.org/",
    "https://ex\u200cam\u200dple.org/",
    "https://example\u2060.org/",
    "https://example.org/\ufeff",
)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _with_sources(rich: Dataset, sources: list[Source]) -> Dataset:
    lines = tuple(
        attrs.evolve(line, source=sources[index]) if index < len(sources) else line
        for index, line in enumerate(rich.budget_lines)
    )
    assert len(lines) >= len(sources)
    return attrs.evolve(rich, budget_lines=lines)


def _write(data: Dataset, path: Path) -> Path:
    path.write_bytes(dump(data).encode())
    return path


def test_spoofed_addresses_are_shown_as_text_not_links(
    rich: Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = [
        Source(SourceKind.PRESS, f"Meldung {n}", f"Titel {n}", url=url)
        for n, url in enumerate(SPOOFED_URLS)
    ]
    sources.append(Source(SourceKind.PRESS, "Echt", "Echt", url="https://example.org/echt"))
    path = _write(_with_sources(rich, sources), tmp_path / "daten.json")
    target = tmp_path / "bericht.html"
    status, _out, err = run(capsys, "report", "html", str(path), "-o", str(target))
    assert status == 0, err
    parser = _Links()
    parser.feed(target.read_text(encoding="utf-8"))
    assert "https://example.org/echt" in parser.hrefs  # an honest address stays a link
    spoofing = re.compile("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]")
    assert not [href for href in parser.hrefs if spoofing.search(href)]
    shown = "".join(parser.text)
    for url in SPOOFED_URLS:
        visible = "".join(f"\\u{ord(char):04x}" if spoofing.match(char) else char for char in url)
        assert visible in shown, visible


def test_spoofed_address_alone_is_no_link() -> None:
    from integrationkonzept.safe import safe_url

    for url in SPOOFED_URLS:
        assert safe_url(url) == "", url
    assert safe_url("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"


# --- formulas that appear by cleaning ------------------------------------------------------------

#: Text that starts a formula only once its carriage return is written as a line break.
CR_FORMULAS = ("\r=1+1", '\r\n=HYPERLINK("http://x";"y")', "\r@SUMME(1;1)", "\r-2+3", "\r+1")


def _with_cr_formulas(rich: Dataset) -> Dataset:
    assert rich.concept is not None
    assert rich.concept.current is not None
    edition = rich.concept.current
    field = edition.fields[0].id
    measures = edition.measures + tuple(
        Measure(f"cr-{n}", title, field=field, description=title, timeframe_text=title)
        for n, title in enumerate(CR_FORMULAS)
    )
    concept = attrs.evolve(
        rich.concept,
        editions=(*rich.concept.editions[:-1], attrs.evolve(edition, measures=measures)),
    )
    lines = (
        attrs.evolve(rich.budget_lines[0], note=CR_FORMULAS[0]),
        attrs.evolve(rich.budget_lines[1], note=CR_FORMULAS[2]),
        *rich.budget_lines[2:],
    )
    return attrs.evolve(rich, concept=concept, budget_lines=lines)


def _looks_like_formula(text: str) -> bool:
    return text.lstrip("\r\n\t ").startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_csv_guards_a_formula_that_cleaning_reveals(
    lang: str, rich: Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(_with_cr_formulas(rich), tmp_path / "daten.json")
    target = tmp_path / "katalog.csv"
    status, _out, err = run(capsys, "report", "csv", str(path), "-o", str(target), "--lang", lang)
    assert status == 0, err
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";" if lang == "de" else ","))
    cells = [cell for row in rows for cell in row]
    hits = [cell for cell in cells if "1+1" in cell or "SUMME" in cell or "HYPERLINK" in cell]
    assert len(hits) >= 6
    unguarded = [cell for cell in cells if _looks_like_formula(cell)]
    assert not unguarded


def test_workbook_marks_a_formula_that_cleaning_reveals(
    rich: Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(_with_cr_formulas(rich), tmp_path / "daten.json")
    target = tmp_path / "katalog.xlsx"
    status, _out, err = run(capsys, "report", "xlsx", str(path), "-o", str(target))
    assert status == 0, err
    book = openpyxl.load_workbook(target)
    seen = 0
    for sheet in book.worksheets:
        if sheet.title == "_datensatz":  # the data set as JSON, never shown as a table
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and _looks_like_formula(cell.value):
                    seen += 1
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)
    assert seen >= 8


def test_formula_check_sees_the_cleaned_text() -> None:
    from integrationkonzept.safe import clean_text, guard_csv, is_formula_like

    for text in CR_FORMULAS:
        assert is_formula_like(clean_text(text)), repr(text)
        assert guard_csv(clean_text(text)).startswith("'"), repr(text)


@pytest.mark.parametrize("format", ["csv", "ics"])
def test_csv_and_calendar_files_have_no_terminal_controls(
    format: str, office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_file("leipzig", office)
    status, _out, err = run(
        capsys, "report", format, str(path), "--as-of", "31.12.2024", "-o", f"bericht.{format}"
    )
    assert status == 0, err
    shown = Path(f"bericht.{format}").read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert "rot" in shown
    assert_clean(shown)


def test_json_on_stdout_escapes_controls_and_keeps_them(
    office: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = hostile_file("leipzig", office)
    assert main(["report", "json", str(path)]) == 0
    out = capsysbinary.readouterr().out
    assert_clean(out.decode("utf-8"))
    assert "\\u009b2J" in out.decode("utf-8")
    written = json.loads(out)["data"]["municipality"]["name"]
    assert written == json.loads(path.read_text(encoding="utf-8"))["data"]["municipality"]["name"]


def test_reference_lines_and_their_errors_have_no_terminal_controls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(capsys, "ref", "leipzig", "VII-A-01234\x85", "VII-DS-0\x9b2J\x1b[31m")
    assert status == 1
    assert json.loads(out.splitlines()[0])["input"] == "VII-A-01234\x85"
    assert "VII-DS-0" in err
    assert_clean(out, err)


def test_a_bad_argument_is_shown_without_terminal_controls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--lang", "de\x1b[2J\x9b"])
    err = capsys.readouterr().err
    assert "Fehler:" in err
    assert_clean(err)
