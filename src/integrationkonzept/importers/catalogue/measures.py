"""Merging the measure sheet: each row updates a measure of the edition in force or adds one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from ...errors import Location, ParseError
from ...i18n import LANGS
from ...model.concept import Concept, Measure, MeasureCost, Partner, ProgressChange, StatusChange
from ...model.periods import DateRange
from ...sheets import cost_years, measure_cells, measure_columns
from .cells import _BadValueError, _choose, _date, _decimal, _ident, _money, _text
from .files import Grid
from .merge import _data_source, _Merge
from .rows import _columns, _Row

_PLACEHOLDER: Final = "\x00"  # the title of a new measure until its row gives one


def merge_measures(merge: _Merge, grid: Grid) -> Concept | None:
    """The base's concept with the rows of ``grid`` applied to the measures of the edition in
    force (bad cells go to ``merge``)."""
    concept = merge.base.concept
    edition = concept.current if concept is not None else None
    base_measures = edition.measures if edition is not None else ()
    columns = _columns(grid, measure_columns(cost_years(base_measures)), True, merge.problems)
    if "id" not in columns:
        return concept
    years = sorted({c.year for _, c in columns.values() if c.year is not None})
    updated: dict[str, Measure] = {}
    added: list[Measure] = []
    # Without an edition there is no list a new measure could join.
    refuse_new = "no_edition" if edition is None else None
    for row, old, measure_id in merge.matched_rows(grid, columns, base_measures, refuse_new):
        if old is not None:
            new = _measure(merge, row, old, concept, years)
            if new is not None:
                updated[old.id] = new
        else:
            fresh = Measure(measure_id, _PLACEHOLDER)
            new = _measure(merge, row, fresh, concept, years, fresh=True)
            if new is not None:
                added.append(new)
    if concept is None or edition is None or (not updated and not added):
        return concept
    measures = tuple(updated.get(m.id, m) for m in base_measures) + tuple(added)
    try:
        current = attrs.evolve(edition, measures=measures)
    except (ValueError, TypeError) as exc:
        raise ParseError(f"{merge.label}: {exc}", None, Location(merge.label)) from None
    return attrs.evolve(concept, editions=(*concept.editions[:-1], current))


def _measure(
    merge: _Merge,
    row: _Row,
    old: Measure,
    concept: Concept | None,
    years: Sequence[int],
    fresh: bool = False,
) -> Measure | None:
    """``old`` with the row applied; ``None`` when a cell of the row is bad."""
    shown = [measure_cells(old, concept, years, lang) for lang in LANGS]
    kinds = {c.key: c.kind for c in measure_columns(years)}

    def unchanged(*keys: str) -> bool:
        return not fresh and merge.unchanged(row, shown, kinds, keys)

    changes: dict[str, Any] = {}
    edition = concept.current if concept is not None else None
    if not unchanged("title"):
        title = row.parse("title", _text)
        if title is not None and not title.strip():
            row.bad("title", _BadValueError("required"))
        elif title is not None and title != old.title:
            changes["title"] = title
    if row.has("field") and not unchanged("field"):
        fields = {}
        for field in edition.fields if edition is not None else ():
            fields[field.title] = field.id
            fields[field.id] = field.id
        value = row.parse("field", _ident)
        if value:
            try:
                changes["field"] = _choose(value, fields)
            except _BadValueError as error:
                row.bad("field", error)
        elif value is not None:
            changes["field"] = None
    organizations = {}
    for org in merge.base.organizations:
        organizations[org.name] = org.id
        organizations[org.id] = org.id
    if row.has("lead") and not unchanged("lead"):
        value = row.parse("lead", _ident)
        if value:
            try:
                changes["lead"] = _choose(value, organizations)
            except _BadValueError as error:
                row.bad("lead", error)
        elif value is not None:
            changes["lead"] = None
    if row.has("partners") and not unchanged("partners"):
        partners = _partners(row, organizations)
        if partners is not None and partners != old.partners:
            changes["partners"] = partners
    if (row.has("start") or row.has("end")) and not unchanged("start", "end"):
        frame = old.timeframe or DateRange()
        start = row.parse("start", _date) if row.has("start") else frame.start
        end = row.parse("end", _date) if row.has("end") else frame.end
        if start is not None and end is not None and end < start:
            row.bad("end", _BadValueError("end_before_start"))
        elif not row.failed:
            new_frame = DateRange(start, end) if start or end else None
            if new_frame != old.timeframe and not (new_frame is None and frame == DateRange()):
                changes["timeframe"] = new_frame
    for key in ("timeframe_text", "description"):
        if row.has(key) and not unchanged(key):
            value = row.parse(key, _text)
            if value is not None and value != getattr(old, key):
                changes[key] = value
    if row.has("progress") and not unchanged("progress"):
        progress = row.parse("progress", lambda raw: _decimal(raw, percent=True))
        if not row.failed and progress != old.progress:
            # A new figure holds from the day it is read in: the sheet has no date for it.
            dated = _progress(merge, row, old, progress)
            if dated is not None:
                changes["progress"] = progress
                changes["progress_history"] = dated
    if row.has("weight") and not unchanged("weight"):
        weight = row.parse("weight", lambda raw: _decimal(raw, percent=False))
        if not row.failed and weight != old.weight:
            changes["weight"] = weight
    if (row.has("status") or row.has("status_since")) and not unchanged("status", "status_since"):
        history = _status(merge, row, old, concept)
        if history is not None and history != old.status_history:
            changes["status_history"] = history
    costs = list(old.costs)
    for year in years:
        key = f"cost:{year}"
        if not row.has(key) or unchanged(key):
            continue
        amount = row.parse(key, _money)
        if row.failed:
            continue
        before = [cost for cost in costs if cost.fiscal_year == year]
        if before and amount == before[-1].amount:
            continue
        if amount is None and not before:
            continue
        if amount is None:  # the cell emptied: the year has no cost any more
            costs = [cost for cost in costs if cost.fiscal_year != year]
            continue
        # A new figure is stated by this file today; the earlier ones keep their own sources
        # and dates, so that the figure in force on an earlier day can still be told.
        source = attrs.evolve(
            _data_source(merge.label, row.grid.sheet, row.number), date=dt.date.today()
        )
        at = max((i + 1 for i, cost in enumerate(costs) if cost.fiscal_year == year), default=0)
        costs.insert(at if before else len(costs), MeasureCost(year, amount, source))
    if tuple(costs) != old.costs:
        changes["costs"] = tuple(costs)
    if fresh and changes.get("title", _PLACEHOLDER) == _PLACEHOLDER and not row.failed:
        row.bad("title", _BadValueError("required"))
    if row.failed:
        return None
    try:
        return attrs.evolve(old, **changes) if changes else old
    except (ValueError, TypeError) as exc:
        row.bad("id", _BadValueError("invalid", why=str(exc)))
        return None


def _partners(row: _Row, organizations: dict[str, str]) -> tuple[Partner, ...] | None:
    value = row.parse("partners", _text)
    if value is None:
        return None
    out = []
    for entry in re.split(r"[;\n]", value):
        entry = entry.strip()
        if not entry:
            continue
        match = re.fullmatch(r"(.*?)\s*\((.*)\)", entry, flags=re.DOTALL)
        name, role = (match[1].strip(), match[2].strip()) if match else (entry, "")
        try:
            out.append(Partner(_choose(name, organizations), role))
        except _BadValueError:
            known = ", ".join(sorted(set(organizations.values()))) or "–"
            row.bad("partners", _BadValueError("unknown_partner", name=name, known=known))
            return None
    return tuple(out)


def _progress(
    merge: _Merge, row: _Row, old: Measure, progress: Decimal | None
) -> tuple[ProgressChange, ...] | None:
    """``old``'s dated progress figures and ``progress`` from today on (after any of today:
    the last one of a day is the one in force), the file's row as its source."""
    today = dt.date.today()
    later = [c for c in old.progress_history if c.date > today]
    if later:
        row.bad("progress", _BadValueError("progress_later", date=f"{later[0].date:%d.%m.%Y}"))
        return None
    source = _data_source(merge.label, row.grid.sheet, row.number)
    return (*old.progress_history, ProgressChange(today, progress, source))


def _status(
    merge: _Merge, row: _Row, old: Measure, concept: Concept | None
) -> tuple[StatusChange, ...] | None:
    history = old.status_history
    last = history[-1] if history else None
    value: str | None = last.status if last is not None else None
    since: dt.date | None = last.date if last is not None else None
    if row.has("status"):
        value = row.parse("status", _ident)
    if row.has("status_since"):
        since = row.parse("status_since", _date)
    if row.failed:
        return None
    if not value:
        if history:
            row.bad("status", _BadValueError("status_removed"))
            return None
        return history
    options: dict[str, str] = {}
    for status in concept.statuses if concept is not None else ():
        for label in (status.label_de, status.label_en):
            if label:
                options[label] = status.key
        options[status.key] = status.key
    if options:
        try:
            key = _choose(value, options)
        except _BadValueError as error:
            row.bad("status", error)
            return None
    else:
        key = value
    if last is not None and (key, since) == (last.status, last.date):
        return history
    if since is None or (last is not None and key != last.status and since == last.date):
        # No day given for the new status (a first one, or "Status seit" still showing the day
        # of the one before): it holds from the day it is read in, as a new progress figure
        # does. Taking the earlier day would backdate it.
        since = dt.date.today()
    if last is not None and since < last.date:
        row.bad("status_since", _BadValueError("status_before", date=f"{last.date:%d.%m.%Y}"))
        return None
    source = _data_source(merge.label, row.grid.sheet, row.number)
    return (*history, StatusChange(since, key, source))
