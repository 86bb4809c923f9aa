"""What a refused merge tells the user: one line per conflict, naming the sheet, row and column
of the file, both values, and who changed the workspace's value when and from which source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from .common import local_time

if TYPE_CHECKING:
    from ..contributions import InputFile
    from ..model.dataset import Dataset
    from ..workspace import MergeConflictError

__all__ = ["describe_conflicts"]


# Where a field of a measure or budget line is shown in the workbook.
_MEASURE_COLUMNS: Final = {
    "timeframe": "start",
    "status_history": "status",
    "progress_history": "progress",
}
_BUDGET_COLUMNS: Final = {"source": "source_reference"}


def describe_conflicts(
    error: MergeConflictError,
    theirs: Dataset,
    base_revision: int | None,
    files: Sequence[InputFile] = (),
) -> list[str]:
    """One line per conflict: sheet, row, column, the workbook's and the workspace's value, and
    who changed it when, from which source."""
    from ..i18n import text
    from ..importers.catalogue import sheet_rows
    from ..merge import ConflictReason
    from ..sheets import BUDGET_COLUMNS, Column, Kind, measure_columns

    edition = theirs.concept.current if theirs.concept is not None else None
    rows = sheet_rows(files)

    def row(kind: str, key: str) -> str:
        sheet, number = rows.get((kind, key), (text(f"sheet.{kind}", "de"), None))
        return f"{sheet}, Zeile {number if number is not None else '?'}"

    measure_keys = {c.key for c in measure_columns(())}
    budget_keys = {c.key for c in BUDGET_COLUMNS}
    lines = []
    for found in error.conflicts:
        conflict = found.conflict
        key = conflict.key
        where = key.describe()
        column = ""
        if key.kind == "measure" and edition is not None and key.scope == edition.id:
            name = _MEASURE_COLUMNS.get(conflict.field, conflict.field)
            if conflict.field == "costs":
                name = f"cost:{conflict.detail}"
            if name in measure_keys or name.startswith("cost:"):
                column = Column(name, Kind.TEXT, 0).header("de")
            where = row("measures", key.key)
            where += f", Spalte „{column}“" if column else ""
            where += f" ({key.describe()}"
            where += f", Feld {conflict.field})" if conflict.field and not column else ")"
        elif key.kind == "budget_line":
            name = _BUDGET_COLUMNS.get(conflict.field, conflict.field)
            where = row("budget", key.key)
            if name in budget_keys:
                where += f", Spalte „{Column(name, Kind.TEXT, 0).header('de')}“"
            where += f" ({key.describe()})"
        elif conflict.field:
            where += f", Feld {conflict.field}"
        theirs_text = _value_text(conflict.field, conflict.theirs)
        ours_text = _value_text(conflict.field, conflict.ours)
        if conflict.reason is ConflictReason.NO_BASE:
            why = (
                "die Datei hat keine Basis (nicht aus dem aktuellen Stand dieses Arbeitsbereichs "
                "exportiert, oder eine CSV- oder JSON-Datei ohne --base REVISION); bestehende "
                "Einträge überschreibt sie nicht"
            )
        elif conflict.reason is ConflictReason.ADDED_BOTH:
            why = "neu in der Datei, aber im Arbeitsbereich inzwischen mit dieser Kennung angelegt"
        elif conflict.reason is ConflictReason.REMOVED:
            why = "in der Datei geändert, im Arbeitsbereich inzwischen zurückgenommen"
        elif conflict.reason is ConflictReason.ORDER:
            why = "der neue Status begänne vor dem letzten Status im Arbeitsbereich"
        elif conflict.reason is ConflictReason.SHORTENED:
            why = (
                "in der Datei fehlen Einträge des Verlaufs (ein Import kürzt keinen Verlauf; "
                "falsche Einträge mit integrationkonzept revert berichtigen)"
            )
        elif conflict.reason is ConflictReason.UNDATED:
            why = "ein Fortschritt ohne Datum kann datierte Werte im Arbeitsbereich nicht ersetzen"
        elif conflict.reason is ConflictReason.INVALID:
            why = f"das Ergebnis wäre ungültig ({conflict.detail})"
        else:
            since = f"seit Revision {base_revision} " if base_revision is not None else ""
            why = f"in der Datei und im Arbeitsbereich {since}geändert"
        changed = ""
        if found.changed_by is not None:
            by = found.changed_by
            changed = (
                f"; im Arbeitsbereich geändert am {local_time(by.recorded)} von {by.author} "
                f"(Quelle: {by.source}, Revision {by.id})"
            )
        lines.append(
            f"  {where}: in der Datei {theirs_text}, im Arbeitsbereich {ours_text} – {why}{changed}"
        )
    return lines


def _value_text(field: str, value: object) -> str:
    """A short form of a value for a conflict line."""
    from ..model.concept import MeasureCost, ProgressChange, StatusChange

    if value is None:
        return "(leer)"
    if field == "status_history" and isinstance(value, tuple):
        if not value:
            return "(kein Status)"
        last = value[-1]
        if isinstance(last, StatusChange):
            return f"„{last.status}“ ab {last.date:%d.%m.%Y}"
    if field == "progress_history" and isinstance(value, tuple):
        if not value:
            return "(keine Angabe)"
        last = value[-1]
        if isinstance(last, ProgressChange):
            shown = "keine Angabe" if last.value is None else f"{last.value} %"
            return f"„{shown}“ ab {last.date:%d.%m.%Y}"
    if field == "costs" and isinstance(value, tuple):
        return ", ".join(
            f"{cost.amount.format()}" for cost in value if isinstance(cost, MeasureCost)
        )
    if field == "":
        return "eine andere Fassung des Objekts"
    shown = str(getattr(value, "amount", value))
    return f"„{shown[:60]}{'…' if len(shown) > 60 else ''}“"
