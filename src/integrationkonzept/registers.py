"""The registers of a workbook beside the measures and the budget, as spreadsheet rows.

An office keeps its concept in one workbook. Besides the sheets **Maßnahmen** and **Haushalt**
(:mod:`integrationkonzept.sheets`) it has a sheet per register, each a table with one row per
entry and a stable id in the first column:

* **Handlungsfelder** (fields of action) and **Ziele** (the goals a city nests in a field);
* **Organisationen**, **Status** (the concept's status vocabulary) and **Zwecke** (purposes of
  money);
* **Prüfpflichten** (review duties), **Berichte** (reports delivered) and **Meilensteine**;
* **Info**: the concept's key figures as rows of item and value (city, office, title, edition,
  adoption day, the number of fields and measures the concept declares).

Shared by the export (:mod:`integrationkonzept.reports.xlsx`) and the import
(:mod:`integrationkonzept.importers.catalogue`), so that both agree on every column. A label (a
status's "abgeschlossen", a duty's kind and rhythm) is written in the workbook's language; the
import reads keys and labels in both languages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Final

import attrs

from .i18n import text
from .model.budget import Purpose
from .model.concept import Field, Goal, Organization, Status
from .model.dataset import Dataset
from .model.review import Milestone, PlannedDate, Report, ReviewRule
from .safe import clean_text
from .sheets import CellValue, Column, Kind

__all__ = [
    "INFO_ITEMS",
    "REGISTERS",
    "InfoItem",
    "Register",
    "info_cells",
    "planned_text",
    "register_cells",
    "register_items",
    "register_rows",
]


@attrs.frozen
class Register:
    """A register's sheet: its ``kind`` (``fields``, ``goals`` …), the text key of its title and
    its columns (the first is the id)."""

    kind: str
    sheet_key: str
    columns: tuple[Column, ...]

    def title(self, lang: str) -> str:
        """The sheet's name in ``lang``."""
        return text(self.sheet_key, lang)


_ID = Column("id", Kind.ID, 22, required=True)

#: Every register, in the order of the workbook's sheets.
REGISTERS: Final = (
    Register(
        "fields",
        "sheet.fields",
        (_ID, Column("number", Kind.INTEGER, 6), Column("field_title", Kind.TEXT, 60, True)),
    ),
    Register(
        "goals",
        "sheet.goals",
        (_ID, Column("field", Kind.ID, 30, True), Column("goal_title", Kind.TEXT, 60, True)),
    ),
    Register(
        "organizations",
        "sheet.organizations",
        (
            _ID,
            Column("name", Kind.TEXT, 50, True),
            Column("short_name", Kind.TEXT, 14),
            Column("kind", Kind.TEXT, 14),
        ),
    ),
    Register(
        "statuses",
        "sheet.statuses",
        (
            _ID,
            Column("label_de", Kind.TEXT, 24, True),
            Column("label_en", Kind.TEXT, 24),
            Column("finished", Kind.LABEL, 14),
        ),
    ),
    Register(
        "purposes",
        "sheet.purposes",
        (_ID, Column("label_de", Kind.TEXT, 60, True), Column("label_en", Kind.TEXT, 60)),
    ),
    Register(
        "review_rules",
        "sheet.review_rules",
        (
            _ID,
            Column("review_kind", Kind.LABEL, 26, True),
            Column("duty_title", Kind.TEXT, 50, True),
            Column("trigger", Kind.LABEL, 22, True),
            Column("first_year", Kind.YEAR, 10, True),
            Column("interval_years", Kind.INTEGER, 12),
            Column("due", Kind.LABEL, 18),
            Column("last_year", Kind.YEAR, 10),
        ),
    ),
    Register(
        "reports",
        "sheet.reports",
        (
            _ID,
            Column("rule", Kind.ID, 22, True),
            Column("period_start", Kind.YEAR, 14, True),
            Column("delivered", Kind.DATE, 14, True),
            Column("report_title", Kind.TEXT, 50),
            Column("paper", Kind.ID, 16),
        ),
    ),
    Register(
        "milestones",
        "sheet.milestones",
        (
            _ID,
            Column("milestone_title", Kind.TEXT, 50, True),
            Column("planned", Kind.TEXT, 18),
            Column("actual", Kind.DATE, 14),
            Column("paper", Kind.ID, 16),
        ),
    ),
)


def _yes_no(value: bool, lang: str) -> str:
    return text("yes" if value else "no", lang)


def planned_text(plan: PlannedDate | None, lang: str = "de") -> str | None:
    """A plan as the sheet writes it: ``2025``, ``03.2025``, ``15.03.2025`` (English ``2025-03``,
    ``2025-03-15``), after ``frühestens`` / ``not before`` when it is a lower bound."""
    if plan is None:
        return None
    if plan.day is not None and plan.month is not None:
        day = dt.date(plan.year, plan.month, plan.day)
        shown = f"{day:%d.%m.%Y}" if lang == "de" else day.isoformat()
    elif plan.month is not None:
        shown = f"{plan.month:02d}.{plan.year}" if lang == "de" else f"{plan.year}-{plan.month:02d}"
    else:
        shown = str(plan.year)
    return f"{text('planned.earliest', lang)} {shown}" if plan.earliest else shown


def _field_row(field: Field, lang: str) -> dict[str, CellValue]:
    return {"id": field.id, "number": field.number, "field_title": field.title}


def _goal_row(pair: tuple[Field, Goal], lang: str) -> dict[str, CellValue]:
    field, goal = pair
    return {"id": goal.id, "field": field.id, "goal_title": goal.title}


def _organization_row(org: Organization, lang: str) -> dict[str, CellValue]:
    return {"id": org.id, "name": org.name, "short_name": org.short_name, "kind": org.kind}


def _status_row(status: Status, lang: str) -> dict[str, CellValue]:
    return {
        "id": status.key,
        "label_de": status.label_de,
        "label_en": status.label_en,
        "finished": _yes_no(status.finished, lang),
    }


def _purpose_row(purpose: Purpose, lang: str) -> dict[str, CellValue]:
    return {"id": purpose.id, "label_de": purpose.title, "label_en": purpose.title_en}


def _rule_row(rule: ReviewRule, lang: str) -> dict[str, CellValue]:
    return {
        "id": rule.id,
        "review_kind": text(f"review_kind.{rule.kind.value}", lang),
        "duty_title": rule.title,
        "trigger": text(f"trigger.{rule.trigger.value}", lang),
        "first_year": rule.first_year,
        "interval_years": rule.interval_years,
        "due": text(f"due.{rule.due.value}", lang),
        "last_year": rule.last_year,
    }


def _report_row(report: Report, lang: str) -> dict[str, CellValue]:
    return {
        "id": report.id,
        "rule": report.rule,
        "period_start": report.period_start,
        "delivered": report.delivered,
        "report_title": report.title,
        "paper": report.paper,
    }


def _milestone_row(milestone: Milestone, lang: str) -> dict[str, CellValue]:
    return {
        "id": milestone.id,
        "milestone_title": milestone.title,
        "planned": planned_text(milestone.latest_plan, lang),
        "actual": milestone.actual,
        "paper": milestone.paper,
    }


def register_items(data: Dataset, kind: str) -> Sequence[Any]:
    """The entries of the register ``kind`` in ``data`` (for goals: (field, goal) pairs)."""
    concept = data.concept
    edition = concept.current if concept is not None else None
    fields = edition.fields if edition is not None else ()
    if kind == "fields":
        return fields
    if kind == "goals":
        return [(field, goal) for field in fields for goal in field.goals]
    if kind == "statuses":
        return concept.statuses if concept is not None else ()
    return tuple(getattr(data, kind))


_ROWS: Final[dict[str, Callable[[Any, str], dict[str, CellValue]]]] = {
    "fields": _field_row,
    "goals": _goal_row,
    "organizations": _organization_row,
    "statuses": _status_row,
    "purposes": _purpose_row,
    "review_rules": _rule_row,
    "reports": _report_row,
    "milestones": _milestone_row,
}


def register_rows(data: Dataset, register: Register, lang: str) -> list[dict[str, CellValue]]:
    """The rows of ``register`` for ``data``: each entry's cells by column key, text cleaned."""
    return [
        register_cells(register.kind, item, lang) for item in register_items(data, register.kind)
    ]


def register_cells(kind: str, item: Any, lang: str) -> dict[str, CellValue]:
    """The cells of one entry of the register ``kind``, by column key, text cleaned."""
    cells = _ROWS[kind](item, lang)
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in cells.items()}


# --- the key figures -----------------------------------------------------------------------------


@attrs.frozen
class InfoItem:
    """A row of the sheet Info: its key (the text key of its label), what it holds, and whether
    the import may change it."""

    key: str
    kind: Kind
    editable: bool = True


#: The rows of the sheet Info below its heading, in order.
INFO_ITEMS: Final = (
    InfoItem("municipality", Kind.TEXT),
    InfoItem("info.ags", Kind.TEXT, editable=False),
    InfoItem("info.office", Kind.TEXT),
    InfoItem("concept", Kind.TEXT),
    InfoItem("info.edition", Kind.TEXT),
    InfoItem("info.adopted", Kind.DATE),
    InfoItem("info.declared_fields", Kind.INTEGER),
    InfoItem("info.declared_measures", Kind.INTEGER),
    InfoItem("as_of", Kind.DATE, editable=False),
)


def info_cells(data: Dataset, as_of: dt.date) -> dict[str, CellValue]:
    """The values of the sheet Info by item key."""
    concept = data.concept
    edition = concept.current if concept is not None else None
    values: dict[str, CellValue] = {
        "municipality": data.municipality.name,
        "info.ags": data.municipality.ags,
        "info.office": data.municipality.office or None,
        "concept": concept.title if concept is not None else None,
        "info.edition": edition.title if edition is not None else None,
        "info.adopted": edition.adopted if edition is not None else None,
        "info.declared_fields": edition.declared_fields if edition is not None else None,
        "info.declared_measures": edition.declared_measures if edition is not None else None,
        "as_of": as_of,
    }
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in values.items()}
