"""What a hostile or careless user tried against the workspace, each kept fixed.

Every test failed on the first version of the merge and the valid-time reports; each drives the
real command line on real files.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import attrs
import openpyxl
import pytest
from ws_support import MEASURE, OTHER, SRC, ik

from integrationkonzept.cli import main
from integrationkonzept.workspace import Workspace


def edit(source: str, target: str, cells: dict[str, object], sheet: str = "Maßnahmen") -> None:
    book = openpyxl.load_workbook(source)
    for cell, value in cells.items():
        book[sheet][cell] = value
    book.save(target)


def test_output_onto_the_workspace_or_the_input_is_refused(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = office.read_bytes()
    link = office.with_name("verweis.sqlite")
    link.symlink_to(office.name)
    for args in (
        ("export", "-o", str(office)),
        ("export", "-o", str(link)),
        ("report", "html", str(office), "--to", "html", "-o", str(office)),
    ):
        status, _out, err = ik(capsys, *args)
        assert status == 2, args
        assert "ist die Eingabe" in err
    assert office.read_bytes() == before


def test_a_filtered_export_is_no_base_and_never_shortens_a_history(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ik(capsys, "set-status", MEASURE, "in-umsetzung", "--date", "01.09.2020", "--source", "S")
    ik(capsys, "set-status", MEASURE, "umgesetzt", "--date", "01.03.2021", "--source", "S")
    status, _out, err = ik(capsys, "export", "--as-of", "31.12.2020", "-o", "alt.json")
    assert status == 0
    assert "--base" not in err  # a past state is no base to edit against
    # Given a base anyway, the file's shorter history is refused, not taken as a change.
    before = office.read_bytes()
    status, _out, err = ik(
        capsys, "import", "json", "alt.json", "--into", str(office), "--base", "3", "--source", "X"
    )
    assert status == 2
    assert "fehlen Einträge des Verlaufs" in err
    assert office.read_bytes() == before


def test_a_report_shows_its_frozen_state_as_of_its_delivery(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ik(capsys, "set-status", MEASURE, "umgesetzt", "--date", "01.03.2021", "--source", "S")
    status, _out, err = ik(
        capsys, "complete-report", "b-2020", "--rule", "bericht", "--period", "2020",
        "--delivered", "15.12.2020", "--source", "V",
    )  # fmt: skip
    assert status == 0, err
    status, out, err = ik(capsys, "export", "--report", "b-2020")
    assert status == 0, err
    assert '"status": "umgesetzt"' not in out  # recorded before, but dated after the delivery
    assert ik(capsys, "export", "--report", "b-2020", "--as-of", "01.01.2030")[0] == 2


def test_an_import_keeps_the_sources_of_what_it_did_not_change(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A data set made from a workbook named katalog.xlsx: its status names that file.
    assert ik(capsys, "export", "-o", "start.json")[0] == 0
    assert ik(capsys, "report", "xlsx", "start.json", "-o", "katalog.xlsx")[0] == 0
    edit("katalog.xlsx", "katalog.xlsx", {"I2": "geplant", "J2": dt.date(2020, 1, 1)})
    status, _out, err = ik(capsys, "import", "xlsx", "katalog.xlsx", "-o", "daten.json")
    assert status == 0, err
    assert ik(capsys, "init", "--from", "daten.json", "-w", "w2.sqlite", "--source", "S")[0] == 0
    # Exported again under the same name, and another row edited: the status keeps its source.
    assert ik(capsys, "export", "-w", "w2.sqlite", "-o", "katalog.xlsx")[0] == 0
    edit("katalog.xlsx", "katalog.xlsx", {"C3": "Neuer Titel"})
    status, _out, err = ik(
        capsys, "import", "xlsx", "katalog.xlsx", "--into", "w2.sqlite", "--source", "Referat"
    )
    assert status == 0, err
    status, out, _err = ik(capsys, "history", MEASURE, "-w", "w2.sqlite")
    assert "Quelle: katalog.xlsx" in out
    assert "Referat" not in out
    assert "nicht mehr gültig" not in out


def test_the_same_workbook_imported_twice_changes_nothing_the_second_time(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ik(capsys, "export", "-o", "k.xlsx")[0] == 0
    edit("k.xlsx", "k.xlsx", {"I2": "umgesetzt", "J2": dt.date(2021, 3, 1), "K2": 60})
    for source, expected in (("A", "Revision 2"), ("B", "keine Änderung")):
        status, _out, err = ik(
            capsys, "import", "xlsx", "k.xlsx", "--into", str(office), "--source", source
        )
        assert status == 0, err
        assert expected in err


def test_history_keeps_a_correction_when_the_same_status_is_entered_again(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("set-status", MEASURE, "laufend", "--date", "01.02.2099", "--source", "S")
    ik(capsys, *args)
    assert ik(capsys, "revert", "2", "--reason", "Tippfehler")[0] == 0
    ik(capsys, *args)
    _status, out, _err = ik(capsys, "history", MEASURE)
    lines = [line for line in out.splitlines() if "ab 01.02.2099" in line]
    assert len(lines) == 2
    assert "Revision 2)" in lines[0]
    assert "Revision 4)" in lines[1]
    assert "BERICHTIGT mit Revision 3" in out


def test_a_revert_of_a_revert_brings_the_report_back(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ik(capsys, "complete-report", "b", "--rule", "bericht", "--period", "2020", "--source", "V")
    assert ik(capsys, "revert", "2", "--reason", "zu früh")[0] == 0
    assert ik(capsys, "export", "--report", "b")[0] == 2
    assert ik(capsys, "revert", "3", "--reason", "doch richtig")[0] == 0
    status, _out, err = ik(capsys, "export", "--report", "b")
    assert status == 0, err
    status, out, _err = ik(capsys, "revisions")
    assert "BERICHTIGT mit Revision 4" in out  # the first correction, taken back itself
    assert "BERICHTIGT mit Revision 3" not in out


def test_a_conflict_names_the_revision_that_changed_that_value(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ik(capsys, "export", "-o", "k.xlsx")[0] == 0
    edit("k.xlsx", "a.xlsx", {"C2": "Titel A"})
    edit("k.xlsx", "b.xlsx", {"D2": "referat-migration"})
    edit("k.xlsx", "c.xlsx", {"C2": "Titel C"})
    assert ik(capsys, "import", "xlsx", "a.xlsx", "--into", str(office), "--source", "A")[0] == 0
    assert ik(capsys, "import", "xlsx", "b.xlsx", "--into", str(office), "--source", "B")[0] == 0
    status, _out, err = ik(
        capsys, "import", "xlsx", "c.xlsx", "--into", str(office), "--source", "C"
    )
    assert status == 2
    assert "Spalte „Maßnahme“" in err
    assert "(Quelle: A, Revision 2)" in err


def test_sorted_rows_are_named_by_their_place_in_the_sheet(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ik(capsys, "export", "-o", "k.xlsx")[0] == 0
    ik(capsys, "set-status", OTHER, "laufend", "--date", "01.01.2026", "--source", "S")
    book = openpyxl.load_workbook("k.xlsx")
    sheet = book["Maßnahmen"]
    second = [cell.value for cell in sheet[2]]
    third = [cell.value for cell in sheet[3]]
    for column, (a, b) in enumerate(zip(second, third, strict=True), start=1):
        sheet.cell(row=2, column=column).value = b
        sheet.cell(row=3, column=column).value = a
    sheet["I2"] = "geplant"
    sheet["J2"] = dt.date(2025, 1, 1)
    book.save("sortiert.xlsx")
    status, _out, err = ik(
        capsys, "import", "xlsx", "sortiert.xlsx", "--into", str(office), "--source", "T"
    )
    assert status == 2
    assert "Maßnahmen, Zeile 2, Spalte „Status“ (Maßnahme „fortbildung-sprint“" in err


@pytest.mark.parametrize(
    "args",
    [
        ("revert", "99999999999999999999", "--reason", "x"),
        ("export", "--recorded-as-of", "01.01.0001"),
        ("export", "--recorded-as-of", "gestern"),
    ],
)
def test_absurd_numbers_and_times_are_one_line(
    office: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Fehler:" in err
    assert "Traceback" not in err
    assert "invalid" not in err


def test_a_damaged_revision_mark_in_a_workbook_is_one_line(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ik(capsys, "export", "-o", "k.xlsx")[0] == 0
    with Workspace.open(office, readonly=True) as ws:
        mark = ws.id
    edit("k.xlsx", "k.xlsx", {"A1": f"{mark}@abc"}, sheet="_basis")
    status, _out, err = ik(
        capsys, "import", "xlsx", "k.xlsx", "--into", str(office), "--source", "T"
    )
    assert status == 2
    assert "ist beschädigt („" in err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reading_a_workspace_with_changes_still_in_its_wal_file_changes_no_file(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A writer killed after its commit leaves the change in the -wal file.
    script = (
        "import os, datetime as dt, sys\n"
        "from integrationkonzept.workspace import Workspace\n"
        "from integrationkonzept.model.source import Source, SourceKind\n"
        f"ws = Workspace.open({str(office)!r})\n"
        f"ws.set_status({MEASURE!r}, 'laufend', day=dt.date(2026, 1, 1), author='a',"
        " source=Source(SourceKind.DOCUMENT, 'S'))\n"
        "os.kill(os.getpid(), 9)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-c", script], env=env, timeout=60, check=False)
    wal = office.with_name(office.name + "-wal")
    assert wal.exists()

    # The -shm file is SQLite's shared index of the -wal file, which every reader updates.
    def files() -> dict[str, str]:
        return {p.name: _digest(p) for p in office.parent.iterdir() if not p.name.endswith("-shm")}

    before = files()
    status, out, err = ik(capsys, "history", MEASURE)
    assert status == 0, err
    assert "laufend" in out  # the committed change is read
    assert files() == before


def test_two_progress_figures_on_one_day_follow_each_other(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for figure, expected in ((50, "Revision 2"), (60, "Revision 3")):
        assert ik(capsys, "export", "-o", "p.xlsx")[0] == 0
        edit("p.xlsx", "p.xlsx", {"K3": figure})
        status, _out, err = ik(
            capsys, "import", "xlsx", "p.xlsx", "--into", str(office), "--source", "Amt"
        )
        assert status == 0, err
        assert expected in err
    with Workspace.open(office, readonly=True) as ws:
        measure = ws.state().concept.current.measures[1]  # type: ignore[union-attr]
    assert measure.progress == 60
    assert [c.value for c in measure.progress_history] == [50, 60]


def test_a_cut_cell_that_was_edited_is_refused_and_an_export_that_cuts_says_so(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_text = "Beschreibung " + "x" * 40_000
    with Workspace.open(office) as ws:
        data = ws.state()
        assert data.concept is not None
        current = data.concept.current
        assert current is not None
        measures = (attrs.evolve(current.measures[0], description=long_text), *current.measures[1:])
        editions = (*data.concept.editions[:-1], attrs.evolve(current, measures=measures))
        changed = attrs.evolve(data, concept=attrs.evolve(data.concept, editions=editions))
        ws.save(changed, author="a", source="Langtext")
    status, _out, err = ik(capsys, "export", "-o", "k.xlsx")
    assert status == 0
    assert "Hinweis: 1 Zelle ist für eine Tabellenzelle zu lang und gekürzt" in err
    cell = openpyxl.load_workbook("k.xlsx")["Maßnahmen"]["M2"].value
    assert cell.endswith("[gekürzt, vollständig im Datensatz]")
    before = office.read_bytes()
    # An edit at the start (the mark stays), and one that made the cell overflow (a spreadsheet
    # cuts it again, the mark with it): both are refused, nothing is written.
    for edited in ("Andere" + cell[6:], "Andere " + cell):
        edit("k.xlsx", "k2.xlsx", {"M2": edited})
        status, _out, err = ik(
            capsys, "import", "xlsx", "k2.xlsx", "--into", str(office), "--source", "T"
        )
        assert status == 2
        assert "gekürzten Text und wurde geändert" in err
        assert office.read_bytes() == before


def test_a_budget_amount_changed_in_a_workbook_names_the_new_source(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ik(capsys, "export", "-o", "h.xlsx")[0] == 0
    book = openpyxl.load_workbook("h.xlsx")
    sheet = book["Haushalt"]
    old = sheet["E2"].value
    sheet["E2"] = old + 5000
    line_id = sheet["A2"].value
    book.save("h.xlsx")
    status, _out, err = ik(
        capsys, "import", "xlsx", "h.xlsx", "--into", str(office), "--source", "Haushaltsplan S. 5"
    )
    assert status == 0, err
    with Workspace.open(office, readonly=True) as ws:
        line = next(x for x in ws.state().budget_lines if x.id == line_id)
    assert line.source.reference == "Haushaltsplan S. 5"
    assert line.source.date == dt.date.today()
    assert "h.xlsx" in line.source.locator


def test_revisions_print_no_terminal_controls(
    office: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTEGRATIONKONZEPT_AUTHOR", "anna\x1b]0;pwned\x07")
    hostile = "Quelle \x1b[31mrot\x9b2J"
    assert ik(capsys, "set-status", MEASURE, "geplant", "--source", hostile)[0] == 0
    assert ik(capsys, "revert", "2", "--reason", "Grund\x1b[2J")[0] == 0
    status, out, _err = ik(capsys, "revisions")
    assert status == 0
    assert "(Quelle: Quelle [31mrot2J)" in out  # harmless once the controls are gone
    assert not any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F for c in out)
