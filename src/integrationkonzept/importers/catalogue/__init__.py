"""Reading the measure catalogue and the budget lines back from XLSX or CSV.

The layout is the one the ``xlsx`` and ``csv`` report formats write
(:mod:`integrationkonzept.sheets`). The rows update a base data set:

* ``import xlsx FILE.xlsx`` takes the data set kept in the workbook's hidden sheet ``_datensatz``;
  ``import xlsx DATA.json FILE.xlsx`` takes ``DATA.json`` instead;
* ``import csv DATA.json FILE.csv [BUDGET.csv]`` needs the data set as JSON (a CSV file holds one
  table, not the city, its concept and the rest).

A row with a known id updates that measure (of the edition in force) or budget line; a new id adds
one; rows that are not there leave their measure or line as it is. A cell that still shows what
the base says keeps the base's exact value (its source, its full text), so export → import gives
back the same data set: that holds for a text the export had to cut to fit a cell (it ends with
„ … [gekürzt, vollständig im Datensatz]“) and for a number it wrote as exact text, too. A cut cell
that was edited is refused (its full text is not in the cell). A changed status is added to the
history with the date of ``Status seit``; a changed progress figure or cost is added as a figure
of the day it is read in; each names the file and row as its source, and so does a changed budget
amount whose source columns were left as they were.

Any problem rejects the whole file: :class:`BadCellsError` lists every bad cell with sheet, row,
column, value and why. Formulas are refused (their value is not in the file as data), and so is
anything the reader cannot parse; the XML of a workbook is parsed with defusedxml (openpyxl uses
it when it is installed) and its size is limited.

The package's modules: :mod:`.cells` (cell values and bad cells), :mod:`.files` (workbooks and
CSV files as grids), :mod:`.rows` (columns and rows of a grid), :mod:`.merge` with
:mod:`.measures` and :mod:`.budget` (the rows applied to the base); the names of ``__all__`` are
imported from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

import attrs

from ...contributions import InputFile
from ...errors import Location, ParseError
from ...model.dataset import Dataset
from ...sheets import BASE_SHEET, DATASET_SHEET
from .budget import merge_budget
from .cells import BadCell, BadCellsError, Formula, _show
from .files import (
    MAX_ROWS,
    Grid,
    _load_base,
    _names,
    _open_workbook,
    _read_csv_grid,
    _read_workbook,
    _where,
)
from .measures import merge_measures
from .merge import _Merge
from .registers import merge_info, merge_registers

__all__ = [
    "MAX_ROWS",
    "BadCell",
    "BadCellsError",
    "Formula",
    "Grid",
    "read_csv",
    "read_xlsx",
    "sheet_rows",
    "workbook_base",
]


def _apply(
    base: Dataset,
    label: str,
    grids: dict[str, tuple[Grid, str]],
    csv_forms: bool,
) -> Dataset:
    """``base`` with the rows of ``grids`` (by kind: grid and file name) applied; ``label``
    names the file(s) as the source of changed values.

    The registers and the key figures go first, so that a measure or budget line can name a
    field, organisation, status or purpose added in the same file.
    """
    files = {grid.sheet: name for grid, name in grids.values()}

    def refuse(problems: Sequence[BadCell]) -> BadCellsError:
        first = problems[0].sheet
        return BadCellsError(files.get(first, next(iter(files.values()))), problems)

    registers = _Merge(base, label, csv_forms)
    try:
        with_registers = merge_registers(registers, {k: g for k, (g, _) in grids.items()})
        if "info" in grids:
            with_registers = merge_info(registers, grids["info"][0], with_registers)
    except (ValueError, TypeError) as exc:
        raise ParseError(f"{label}: {exc}", None, Location(label)) from None
    if registers.problems:
        raise refuse(registers.problems)
    merge = _Merge(with_registers, label, csv_forms)
    concept = with_registers.concept
    lines = with_registers.budget_lines
    if "measures" in grids:
        concept = merge_measures(merge, grids["measures"][0])
    if "budget" in grids:
        lines = merge_budget(merge, grids["budget"][0])
    if merge.problems:
        raise refuse(merge.problems)
    try:
        return attrs.evolve(with_registers, concept=concept, budget_lines=lines)
    except (ValueError, TypeError) as exc:
        raise ParseError(f"{label}: {exc}", None, Location(label)) from None


def _split(files: Sequence[InputFile]) -> tuple[InputFile | None, list[InputFile]]:
    bases = [f for f in files if f.name.lower().endswith(".json")]
    if len(bases) > 1:
        raise ParseError(
            "höchstens ein Datensatz (JSON) als Grundlage, nicht "
            + ", ".join(f.name for f in bases),
            None,
            _where(bases[1]),
        )
    return (bases[0] if bases else None), [f for f in files if f not in bases]


def read_xlsx(files: Sequence[InputFile]) -> Dataset:
    """The ``xlsx`` importer: a workbook as written by the ``xlsx`` report, optionally with the
    data set (JSON) it updates; without one, the workbook's hidden data set is the base."""
    base_file, rest = _split(files)
    if len(rest) != 1:
        where = rest[1] if len(rest) > 1 else (base_file or InputFile("-", b""))
        raise ParseError(
            f"der Import „xlsx“ liest genau eine Arbeitsmappe (und höchstens einen Datensatz als "
            f"JSON), nicht {len(rest)}",
            None,
            _where(where),
        )
    file = rest[0]
    grids, payload = _read_workbook(file)
    if base_file is not None:
        base = _load_base(base_file.data, base_file.name)
    elif payload:
        base = _load_base(payload.encode("utf-8"), file.name, f"Blatt „{DATASET_SHEET}“")
    else:
        raise ParseError(
            f"die Arbeitsmappe enthält keinen Datensatz (Blatt „{DATASET_SHEET}“ "
            "fehlt); bitte den Datensatz als JSON mit angeben: integrationkonzept import xlsx "
            "DATENSATZ.json DATEI.xlsx",
            None,
            _where(file),
        )
    if not grids:
        raise ParseError(
            "kein Blatt gefunden, das der Import liest (etwa „Maßnahmen“ oder „Haushalt“)",
            None,
            _where(file),
        )
    label = PurePath(file.name).name
    named = {kind: (grid, file.name) for kind, grid in grids.items()}
    return _apply(base, label, named, csv_forms=False)


def read_csv(files: Sequence[InputFile]) -> Dataset:
    """The ``csv`` importer: the data set (JSON) to update and one or two CSV files (the measure
    sheet and/or the budget sheet, told apart by their header)."""
    base_file, rest = _split(files)
    if base_file is None:
        where = rest[0] if rest else InputFile("-", b"")
        raise ParseError(
            "eine CSV-Datei enthält nur eine Tabelle; bitte den Datensatz, den "
            "sie ändert, als JSON mit angeben: integrationkonzept import csv DATENSATZ.json "
            "DATEI.csv",
            None,
            _where(where),
        )
    if not 1 <= len(rest) <= 2:
        raise ParseError(
            f"der Import „csv“ liest eine oder zwei CSV-Dateien (Maßnahmen, Haushalt), nicht "
            f"{len(rest)}",
            None,
            _where(rest[2] if len(rest) > 2 else base_file),
        )
    grids: dict[str, tuple[Grid, InputFile]] = {}
    for file in rest:
        grid = _read_csv_grid(file)
        names = {_show(cell).casefold() for cell in grid.header}
        kind = "budget" if names & _names("col.fiscal_year") else "measures"
        if kind in grids:
            raise ParseError(
                f"zwei CSV-Dateien derselben Art ({grids[kind][1].name})",
                None,
                _where(file),
            )
        grids[kind] = (grid, file)
    base = _load_base(base_file.data, base_file.name)
    label = " + ".join(PurePath(file.name).name for _, file in grids.values())
    named = {kind: (grid, file.name) for kind, (grid, file) in grids.items()}
    return _apply(base, label, named, csv_forms=True)


def workbook_base(file: InputFile) -> tuple[Dataset, str | None] | None:
    """The data set a workbook was exported with (its hidden sheet) and the workspace revision it
    was exported at (``"<workspace id>@<revision>"``, ``None`` when not from a workspace);
    ``None`` for a file that is no workbook or carries no data set."""
    if not file.data.startswith(b"PK\x03\x04"):
        return None
    book = _open_workbook(file)
    titles = {str(sheet.title).casefold(): sheet for sheet in book.worksheets}
    hidden = titles.get(DATASET_SHEET)
    if hidden is None:
        return None
    payload = "".join(
        row[0]
        for row in hidden.iter_rows(min_col=1, max_col=1, values_only=True)
        if isinstance(row[0], str)
    )
    base = _load_base(payload.encode(), file.name, DATASET_SHEET)
    origin = titles.get(BASE_SHEET)
    token = origin["A1"].value if origin is not None else None
    return base, token if isinstance(token, str) and "@" in token else None


def sheet_rows(files: Sequence[InputFile]) -> dict[tuple[str, str], tuple[str, int]]:
    """Where each row is in the files as the user sees them: (``measures``/``budget``, id) →
    (sheet name, row number). For messages about rows; a file that cannot be read gives none."""
    found: dict[tuple[str, str], tuple[str, int]] = {}
    for file in files:
        try:
            if file.data.startswith(b"PK\x03\x04"):
                grids = _read_workbook(file)[0]
            elif PurePath(file.name).suffix.lower() == ".csv":
                grid = _read_csv_grid(file)
                names = {_show(cell).casefold() for cell in grid.header}
                grids = {"budget" if names & _names("col.fiscal_year") else "measures": grid}
            else:
                continue
        except (ParseError, BadCellsError):
            continue
        for kind, grid in grids.items():
            headers = {_show(cell).strip().casefold() for cell in grid.header[:1]}
            if not headers & _names("col.id"):
                continue
            for number, cells in grid.rows:
                if cells and cells[0] is not None:
                    found.setdefault((kind, str(cells[0]).strip()), (grid.sheet, number))
    return found
