"""What a user reads, in German (default) or English: messages and Babel formatting.

Texts are kept in one table keyed by a short English id, so a report or the command line asks for
``text("late", lang)`` and never carries German literals of its own.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Final

from .model.money import Money
from .model.review import PlannedDate

if TYPE_CHECKING:
    from babel import Locale

__all__ = [
    "LANGS",
    "fmt_date",
    "fmt_decimal",
    "fmt_int",
    "fmt_money",
    "fmt_percent",
    "fmt_planned",
    "quoted",
    "text",
    "text_n",
]

#: The languages every user-facing text exists in.
LANGS: Final = ("de", "en")

_LOCALES: Final = {"de": "de_DE", "en": "en_US"}

_TEXTS: Final[dict[str, tuple[str, str]]] = {
    # key: (German, English)
    "funding": ("Finanzierung", "Funding"),
    "year": ("Jahr", "Year"),
    "purpose": ("Zweck", "Purpose"),
    "phase": ("Phase", "Phase"),
    "amount": ("Betrag", "Amount"),
    "source": ("Quelle", "Source"),
    "plan": ("Soll (aktueller Plan)", "Plan (current)"),
    "phase.draft": ("Entwurf", "Draft"),
    "phase.requested": ("beantragt", "Requested"),
    "phase.adopted": ("beschlossen", "Adopted"),
    "phase.revised": ("geändert (Puffer/Nachtrag)", "Revised (buffer)"),
    "phase.actual": ("verwendet (Ist)", "Actual (used)"),
    "budget_period": ("Haushaltszeitraum", "Budget period"),
    "double_budget": ("Doppelhaushalt", "Double budget"),
    "totals": ("Summen", "Totals"),
    "total_period": ("Summe Zeitraum", "Period total"),
    "differences": ("Unterschiede", "Differences"),
    "plan_minus_draft": ("Soll − Entwurf", "plan − draft"),
    "actual_minus_plan": ("Ist − Soll", "actual − plan"),
    "compared_to": ("gegenüber", "compared with"),
    "cut": ("Kürzung", "Cut"),
    "increase": ("Erhöhung", "Increase"),
    "unchanged": ("unverändert", "unchanged"),
    "review_schedule": ("Berichts- und Fortschreibungspflichten", "Review duties"),
    "as_of": ("Stand", "As of"),
    "due": ("fällig", "due"),
    "period": ("Zeitraum", "Period"),
    "state.on_time": ("fristgerecht", "on time"),
    "state.late": ("verspätet", "late"),
    "state.missing": ("fehlt (kein Bericht erfasst)", "missing (no report recorded)"),
    "state.open": ("offen", "open"),
    "days_late": ("{days} Tage zu spät", "{days} days late"),
    "days_late_one": ("1 Tag zu spät", "1 day late"),
    "days_overdue": ("seit {days} Tagen überfällig", "{days} days overdue"),
    "days_overdue_one": ("seit 1 Tag überfällig", "1 day overdue"),
    "milestones": ("Meilensteine", "Milestones"),
    "council_decisions": ("Ratsbeschlüsse", "Council decisions"),
    "consultation_sequence": ("Beratungsfolge", "Consultations"),
    "decision": ("Beschluss", "Decision"),
    "votes": (
        "{yes} Ja, {no} Nein, {abstentions} Enthaltungen",
        "{yes} yes, {no} no, {abstentions} abstentions",
    ),
    "milestone_slip": ("Verzug", "Slip"),
    "first_plan": ("erster Plan", "first plan"),
    "latest_plan": ("letzter Plan", "latest plan"),
    "actual_date": ("erreicht", "reached"),
    "revisions": ("{n} Planänderungen", "{n} revisions"),
    "revisions_one": ("1 Planänderung", "1 revision"),
    "revised_on": ("am {date} verschoben auf {new}", "on {date} moved to {new}"),
    "reasons": ("Gründe", "Reasons"),
    "days": ("{days} Tage", "{days} days"),
    "days_one": ("1 Tag", "1 day"),
    "earliest": ("frühestens {date}", "{date} at the earliest"),
    "not_reached": ("noch nicht erreicht", "not yet reached"),
    "sources": ("Quellen", "Sources"),
    "none_known": ("keine Angabe", "not known"),
    "plugins": ("Erweiterungen", "Plugins"),
    "concept": ("Konzept", "Concept"),
    "edition": ("Fassung", "Edition"),
    "adopted_on": ("beschlossen am {date}", "adopted on {date}"),
    "fields_known": (
        "{known} von {declared} Handlungsfeldern namentlich bekannt",
        "{known} of {declared} fields of action known by name",
    ),
    "measures_known": (
        "{known} von {declared} Maßnahmen erfasst",
        "{known} of {declared} measures recorded",
    ),
    "progress": ("Fortschritt", "Progress"),
    "error": ("Fehler", "Error"),
    # --- reports: HTML, DOCX, calendar (issue 5) ---
    "report_title": ("Integrationskonzept", "Integration concept"),
    "municipality": ("Stadt", "Municipality"),
    "guidelines": ("Leitlinien", "Guidelines"),
    "edition_current": ("geltende Fassung", "edition in force"),
    "since": ("seit {date}", "since {date}"),
    "basis.status_default": (
        "keine Angabe: Standardwert des Status laut Regel",
        "no value: the rule's default for the status",
    ),
    "basis.zero": (
        "keine Angabe: laut Regel als 0 % gezählt",
        "no value: counted as 0% by the rule",
    ),
    "measures_of": ("Maßnahmen im Handlungsfeld „{field}“", "Measures in the field “{field}”"),
    "counted": ("{counted} von {total} gezählt", "{counted} of {total} counted"),
    "counted_header": ("Maßnahmen", "Measures"),
    "no_field": ("ohne zugeordnetes Handlungsfeld", "without a field of action"),
    "concept_total": ("Konzept insgesamt", "Concept as a whole"),
    "concept_progress": ("Fortschritt des Konzepts", "Progress of the concept"),
    "concept_basis.fields": (
        "Konzept = Mittel der Handlungsfelder",
        "concept = mean of the fields of action",
    ),
    "concept_basis.measures": (
        "Konzept = Mittel aller Maßnahmen",
        "concept = mean of all measures",
    ),
    "rule": ("Berechnungsregel", "Rule of calculation"),
    "rule.weighted": ("Maßnahmen nach Gewicht", "measures by weight"),
    "rule.unweighted": ("jede Maßnahme zählt gleich", "every measure counts equally"),
    "rule.missing.exclude": (
        "Maßnahmen ohne Angabe zählen nicht",
        "measures without a value are left out",
    ),
    "rule.missing.zero": (
        "Maßnahmen ohne Angabe zählen als 0 %",
        "measures without a value count as 0%",
    ),
    "rule.missing.status_default": (
        "Maßnahmen ohne Angabe erhalten den Standardwert ihres Status",
        "measures without a value take the default of their status",
    ),
    "field": ("Handlungsfeld", "Field of action"),
    "formula": ("Berechnung", "Calculation"),
    "total": ("Summe", "Total"),
    "plan_total": ("Soll insgesamt", "Plan in total"),
    "progress_axis": ("Fortschritt", "Progress"),
    "amount_axis": ("Betrag", "Amount"),
    "chart.progress": ("Fortschritt je Handlungsfeld", "Progress per field of action"),
    "chart.progress.desc": (
        "Balken je Handlungsfeld und für das Konzept insgesamt, 0 bis 100 %; "
        "die Werte und ihre Berechnung stehen in der Tabelle.",
        "A bar per field of action and for the concept as a whole, 0 to 100%; "
        "the values and how they were computed are in the table.",
    ),
    "chart.funding_purpose": (
        "Finanzierung je Jahr und Zweck (Soll)",
        "Funding per year and purpose (plan)",
    ),
    "chart.funding_purpose.desc": (
        "Gestapelte Balken: der aktuelle Plan (Soll) je Haushaltsjahr, aufgeteilt nach Zweck; "
        "die Beträge und ihre Quellen stehen in der Tabelle.",
        "Stacked bars: the current plan per fiscal year, split by purpose; "
        "the amounts and their sources are in the table.",
    ),
    "chart.funding_phase": (
        "Entwurf, Antrag, Beschluss, Soll und Ist je Jahr",
        "Draft, request, adopted, plan and actual per year",
    ),
    "chart.funding_phase.desc": (
        "Gruppierte Balken je Haushaltsjahr: die Summen je Phase des Haushalts; "
        "die Beträge und ihre Quellen stehen in der Tabelle.",
        "Grouped bars per fiscal year: the totals of each budget phase; "
        "the amounts and their sources are in the table.",
    ),
    "chart.milestones": ("Meilensteine und ihre Verschiebungen", "Milestones and how they moved"),
    "chart.milestones.desc": (
        "Zeitleiste je Meilenstein: erster Plan (Kreis), geänderte Pläne (Raute), "
        "erreicht (Punkt) und der Stichtag (gestrichelt); die Daten stehen in der Tabelle.",
        "A timeline per milestone: first plan (circle), changed plans (diamond), "
        "reached (dot) and the reference day (dashed); the dates are in the table.",
    ),
    "changed_plan": ("geänderter Plan", "changed plan"),
    "milestone": ("Meilenstein", "Milestone"),
    "changes": ("Planänderungen", "Changes of plan"),
    "slip": ("Verzug", "Slip"),
    "paper": ("Vorlage", "Paper"),
    "rhythm.budget_period": ("je Haushaltszeitraum", "once per budget period"),
    "rhythm.yearly": ("jährlich", "every year"),
    "rhythm.years": ("alle {n} Jahre", "every {n} years"),
    "due.start": ("fällig zu Beginn", "due at the start"),
    "due.end": ("fällig zum Ende", "due at the end"),
    "from_year": ("ab {year}", "from {year}"),
    "until_year": ("bis {year}", "until {year}"),
    "review_kind.report": ("Bericht", "report"),
    "review_kind.catalogue_update": ("Fortschreibung des Katalogs", "catalogue update"),
    "review_kind.evaluation": ("Evaluation", "evaluation"),
    "due_date": ("Fällig am", "Due on"),
    "duty": ("Pflicht", "Duty"),
    "state": ("Stand", "State"),
    "report": ("Bericht", "Report"),
    "delivered_on": ("vorgelegt am {date}", "delivered on {date}"),
    "source_kind.paper": ("Vorlage", "paper"),
    "source_kind.decision": ("Beschluss", "decision"),
    "source_kind.report": ("Bericht", "report"),
    "source_kind.document": ("Dokument", "document"),
    "source_kind.press": ("Presse", "press"),
    "source_kind.data": ("Daten", "data"),
    "source_kind.other": ("sonstige", "other"),
    "section.concept": ("Konzept", "Concept"),
    "section.fields": ("Handlungsfelder und Maßnahmen", "Fields of action and measures"),
    "section.funding": ("Finanzierung", "Funding"),
    "section.review": ("Berichtspflichten", "Review duties"),
    "section.milestones": ("Meilensteine", "Milestones"),
    "section.sources": ("Quellen", "Sources"),
    "contents": ("Inhalt", "Contents"),
    "figure_sources": ("Quellen der Zahlen", "Sources of the figures"),
    "table_for_chart": ("Die Zahlen des Diagramms", "The figures of the chart"),
    "period_table": (
        "Beträge je Jahr, Zweck und Phase mit ihren Quellen",
        "Amounts per year, purpose and phase with their sources",
    ),
    "no_concept": ("Der Datensatz enthält kein Konzept.", "The data set holds no concept."),
    "no_measures": ("Keine Maßnahmen erfasst.", "No measures recorded."),
    "no_funding": ("Keine Haushaltszeilen erfasst.", "No budget lines recorded."),
    "no_review": ("Keine Berichtspflichten erfasst.", "No review duties recorded."),
    "no_milestones": ("Keine Meilensteine erfasst.", "No milestones recorded."),
    "no_sources": ("Keine Quellen angegeben.", "No sources given."),
    "rules": ("Pflichten", "Duties"),
    "generated_by": (
        "Erstellt mit integrationkonzept {version}, Stand {date}. Jede Zahl nennt in eckigen "
        "Klammern ihre Quelle.",
        "Made with integrationkonzept {version}, as of {date}. Every figure names its source "
        "in square brackets.",
    ),
    "footnote_title": ("Quelle {n}", "Source {n}"),
    "ics.calendar": (
        "Integrationskonzept {city}: Berichtspflichten und Meilensteine",
        "Integration concept {city}: review duties and milestones",
    ),
    "ics.due": ("Fällig: {duty} {period}", "Due: {duty} {period}"),
    "ics.reached": ("Meilenstein erreicht: {title}", "Milestone reached: {title}"),
    "ics.planned": ("Meilenstein geplant: {title}", "Milestone planned: {title}"),
    "ics.kind": ("Art", "Kind"),
    "ics.rhythm": ("Rhythmus", "Rhythm"),
    # DOCX report: page footer, council papers section
    "docx.page_of": ("Seite {page} von {pages}", "Page {page} of {pages}"),
    "docx.section.papers": ("Ratsvorlagen und Beschlüsse", "Council papers and decisions"),
    "docx.consultation.date": ("Datum", "Date"),
    "docx.consultation.body": ("Gremium", "Body"),
    "docx.consultation.role": ("Rolle", "Role"),
    "docx.consultation.result": ("Ergebnis", "Result"),
    "docx.decision_text": ("Beschlusstext", "Text of the decision"),
    # --- the measure catalogue as a workbook or CSV (issue 5) ---
    "sheet.measures": ("Maßnahmen", "Measures"),
    "sheet.budget": ("Haushalt", "Budget"),
    "sheet.info": ("Info", "Info"),
    "sheet.fields": ("Handlungsfelder", "Fields"),
    "sheet.organizations": ("Organisationen", "Organisations"),
    "sheet.statuses": ("Status", "Statuses"),
    "sheet.purposes": ("Zwecke", "Purposes"),
    "col.id": ("ID", "ID"),
    "col.field": ("Handlungsfeld", "Field of action"),
    "col.title": ("Maßnahme", "Measure"),
    "col.lead": ("Federführung", "Lead"),
    "col.partners": ("Partner", "Partners"),
    "col.start": ("Beginn", "Start"),
    "col.end": ("Ende", "End"),
    "col.timeframe": ("Zeitraum", "Timeframe"),
    "col.timeframe_text": ("Zeitraum (Text)", "Timeframe (text)"),
    "col.status": ("Status", "Status"),
    "col.status_since": ("Status seit", "Status since"),
    "col.progress": ("Fortschritt (%)", "Progress (%)"),
    "col.weight": ("Gewicht", "Weight"),
    "col.costs": ("Kosten", "Costs"),
    "col.cost_year": ("Kosten {year}", "Costs {year}"),
    "col.description": ("Beschreibung", "Description"),
    "col.fiscal_year": ("Haushaltsjahr", "Fiscal year"),
    "col.purpose": ("Zweck", "Purpose"),
    "col.phase": ("Phase", "Phase"),
    "col.amount": ("Betrag", "Amount"),
    "col.revises": ("ersetzt Zeile", "Replaces line"),
    "col.source_kind": ("Quelle: Art", "Source: kind"),
    "col.source_reference": ("Quelle", "Source"),
    "col.source_title": ("Quelle: Titel", "Source: title"),
    "col.source_date": ("Quelle: Datum", "Source: date"),
    "col.source_locator": ("Quelle: Fundstelle", "Source: locator"),
    "col.source_url": ("Quelle: Adresse", "Source: URL"),
    "col.note": ("Anmerkung", "Note"),
    "col.name": ("Name", "Name"),
    "col.short_name": ("Kurzname", "Short name"),
    "col.kind": ("Art", "Kind"),
    "col.number": ("Nr.", "No."),
    "col.label_de": ("Bezeichnung (deutsch)", "Label (German)"),
    "col.label_en": ("Bezeichnung (englisch)", "Label (English)"),
    "col.finished": ("abgeschlossen", "finished"),
    "col.key": ("Angabe", "Item"),
    "col.value": ("Wert", "Value"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "info.title": ("Maßnahmenkatalog und Haushalt", "Measure catalogue and budget"),
    "info.edition": ("Fassung", "Edition"),
    # The registers of the workbook (integrationkonzept.registers)
    "info.ags": ("AGS", "AGS"),
    "info.office": ("Zuständiges Amt", "Responsible office"),
    "info.adopted": ("Fassung beschlossen am", "Edition adopted on"),
    "info.declared_fields": (
        "Zahl der Handlungsfelder laut Konzept",
        "Number of fields stated in the concept",
    ),
    "info.declared_measures": (
        "Zahl der Maßnahmen laut Konzept",
        "Number of measures stated in the concept",
    ),
    "sheet.goals": ("Ziele", "Goals"),
    "sheet.review_rules": ("Prüfpflichten", "Review duties"),
    "sheet.reports": ("Berichte", "Reports"),
    "sheet.milestones": ("Meilensteine", "Milestones"),
    "col.field_title": ("Handlungsfeld", "Field of action"),
    "col.goal_title": ("Ziel", "Goal"),
    "col.review_kind": ("Art der Pflicht", "Kind of duty"),
    "col.duty_title": ("Pflicht", "Duty"),
    "col.trigger": ("Rhythmus", "Rhythm"),
    "col.first_year": ("ab Jahr", "From year"),
    "col.interval_years": ("alle … Jahre", "Every … years"),
    "col.due": ("fällig", "Due"),
    "col.last_year": ("bis Jahr", "Until year"),
    "col.rule": ("Prüfpflicht", "Review duty"),
    "col.period_start": ("Zeitraum ab (Jahr)", "Period from (year)"),
    "col.delivered": ("vorgelegt am", "Delivered on"),
    "col.report_title": ("Titel", "Title"),
    "col.paper": ("Vorlage", "Paper"),
    "col.milestone_title": ("Meilenstein", "Milestone"),
    "col.planned": ("geplant", "Planned"),
    "col.actual": ("erreicht am", "Reached on"),
    "trigger.budget_period": ("je Haushaltszeitraum", "once per budget period"),
    "trigger.years": ("in Jahren", "in years"),
    "planned.earliest": ("frühestens", "not before"),
    "phase.short.actual": ("Ist", "Actual"),
    "phase.short.adopted": ("Soll", "Adopted"),
    "cell.unknown_sheet": (
        "unbekanntes Blatt (bekannt: {known}); seine Zeilen würden nicht eingelesen",
        "unknown sheet (known: {known}); its rows would not be read",
    ),
    "cell.unknown_item": ("unbekannte Angabe (bekannt: {known})", "unknown item (known: {known})"),
    "cell.read_only": (
        "lässt sich hier nicht ändern (war „{value}“)",
        "cannot be changed here (was “{value}”)",
    ),
    "cell.not_plan": (
        "kein geplantes Datum (z. B. 2025, 03.2025, 15.03.2025, frühestens 2026)",
        "not a planned date (e.g. 2025, 2025-03, 2025-03-15, not before 2026)",
    ),
    "dropdown.error": (
        "Der Wert steht nicht in der Liste. Der Import liest auch IDs; was er nicht lesen kann, "
        "nennt er mit Zelle und Grund.",
        "The value is not in the list. The import also reads ids; what it cannot read, it names "
        "with its cell and why.",
    ),
    "cell.not_integer": ("keine ganze Zahl", "not a whole number"),
    "cell.no_concept": (
        "der Datensatz hat kein Konzept, dem die Zeile angehören könnte",
        "the data set has no concept the row could belong to",
    ),
    "info.hint": (
        "Bearbeiten Sie die Blätter und lesen Sie die Datei mit „integrationkonzept import xlsx "
        "DATEI --into ARBEITSBEREICH --source …“ (oder „-o DATENSATZ.json“) wieder ein: eine "
        "Zeile mit bekannter ID ändert ihren Eintrag, eine neue ID fügt einen hinzu; Zeilen, die "
        "fehlen, bleiben unverändert. Status, Handlungsfeld, Federführung, Zweck und Phase "
        "wählen Sie aus der Liste (IDs und Bezeichnungen gehen ebenso). Ein Fehler weist die "
        "ganze Datei zurück und nennt jede ungültige Zelle. Das ausgeblendete Blatt „_datensatz“ "
        "enthält den übrigen Datensatz; bitte nicht ändern.",
        "Edit the sheets and read the file back with “integrationkonzept import xlsx FILE --into "
        "WORKSPACE --source …” (or “-o DATASET.json”): a row with a known id updates its entry, a "
        "new id adds one; rows that are missing stay unchanged. Pick status, field, lead, purpose "
        "and phase from the list (ids and labels work too). Any error rejects the whole file and "
        "names every bad cell. The hidden sheet “_datensatz” holds the rest of the data set; "
        "please leave it as it is.",
    ),
    "cell.where": (
        "Blatt „{sheet}“, Zeile {row}, Spalte {column} ({header})",
        "sheet “{sheet}”, row {row}, column {column} ({header})",
    ),
    "cell.value": ("„{value}“", "“{value}”"),
    "cell.empty": ("(leer)", "(empty)"),
    "cell.summary": (
        "{count} ungültige Zelle(n); die Datei wurde nicht eingelesen:",
        "{count} invalid cell(s); nothing was imported:",
    ),
    "cell.required": ("Pflichtangabe fehlt", "a required value is missing"),
    "cell.formula": (
        "eine Formel statt eines Werts; bitte den Wert eintragen",
        "a formula instead of a value; please enter the value",
    ),
    "cell.not_date": (
        "kein Datum (erwartet TT.MM.JJJJ oder JJJJ-MM-TT)",
        "not a date (expected DD.MM.YYYY or YYYY-MM-DD)",
    ),
    "cell.not_amount": ("kein Betrag: {why}", "not an amount: {why}"),
    "cell.not_number": ("keine Zahl", "not a number"),
    "cell.percent_range": ("liegt nicht zwischen 0 und 100", "is not between 0 and 100"),
    "cell.not_positive": ("muss größer als 0 sein", "must be greater than 0"),
    "cell.not_year": (
        "kein Haushaltsjahr (eine ganze Zahl von 1990 bis 2200)",
        "not a fiscal year (a whole number from 1990 to 2200)",
    ),
    "cell.unknown": ("unbekannt (bekannt: {known})", "unknown (known: {known})"),
    "cell.unknown_partner": (
        "unbekannte Organisation „{name}“ (bekannt: {known})",
        "unknown organisation “{name}” (known: {known})",
    ),
    "cell.duplicate_id": (
        "die ID kommt doppelt vor (zuerst in Zeile {row})",
        "the id appears twice (first in row {row})",
    ),
    "cell.end_before_start": ("das Ende liegt vor dem Beginn", "the end lies before the start"),
    "cell.status_needs_date": (
        "eine Statusänderung braucht ein Datum in „Status seit“",
        "a change of status needs a date in “Status since”",
    ),
    "cell.status_before": (
        "liegt vor der letzten Statusänderung ({date}); der Verlauf wird nicht umgeschrieben",
        "lies before the last change of status ({date}); the history is not rewritten",
    ),
    "cell.cut_edited": (
        "die Zelle zeigte einen gekürzten Text und wurde geändert; der volle Text steht nicht in "
        "der Zelle: bitte den Text im Arbeitsbereich oder im JSON-Datensatz ändern",
        "the cell showed a shortened text and was changed; the full text is not in the cell: "
        "please change the text in the workspace or the JSON data set",
    ),
    "cell.progress_later": (
        "ein Fortschritt ab {date} ist schon erfasst; ein neuer Wert gilt ab heute und kann "
        "nicht davor liegen",
        "a progress figure from {date} on is already recorded; a new one holds from today and "
        "cannot come before it",
    ),
    "cell.status_removed": (
        "der Status kann nicht gelöscht werden (der Verlauf bleibt erhalten)",
        "the status cannot be removed (the history is kept)",
    ),
    "cell.no_edition": (
        "der Datensatz hat kein Konzept mit einer Fassung, zu der die Maßnahme gehören könnte",
        "the data set has no concept with an edition the measure could belong to",
    ),
    "cell.revises_self": (
        "eine Zeile kann nicht sich selbst ersetzen",
        "a line cannot replace itself",
    ),
    "cell.unknown_column": ("unbekannte Spalte", "unknown column"),
    "cell.duplicate_column": ("die Spalte kommt doppelt vor", "the column appears twice"),
    "cell.missing_column": ("die Spalte „{name}“ fehlt", "the column “{name}” is missing"),
    "cell.missing_sheet": ("das Blatt fehlt", "the sheet is missing"),
    "cell.too_many_rows": (
        "das Blatt reicht bis Zeile {last}, höchstens {limit} Zeilen sind erlaubt (steht dort "
        "versehentlich etwas?)",
        "the sheet reaches row {last}; at most {limit} rows are allowed (is something there by "
        "mistake?)",
    ),
    "cell.invalid": ("ungültig: {why}", "invalid: {why}"),
    # budget tables (import haushalt-csv: a Teilergebnisplan as CSV and a mapping Zeile;Zweck)
    "cell.budget_unmapped": (
        "die Zeile „{label}“ hat Beträge, steht aber nicht in der Zuordnung {mapping}; bitte "
        "einem Zweck zuordnen oder mit „-“ ausdrücklich auslassen",
        "the row “{label}” has amounts but is not in the mapping {mapping}; map it to a purpose "
        "or leave it out explicitly with “-”",
    ),
    "cell.budget_no_label": (
        "die Zeile hat Beträge, aber keine Bezeichnung, nach der sie zugeordnet werden kann",
        "the row has amounts but no label to map it by",
    ),
    "cell.budget_row_twice": (
        "die Zeile passt auf mehrere Einträge der Zuordnung (Zeilen {rows} in {mapping})",
        "the row matches several entries of the mapping (rows {rows} of {mapping})",
    ),
    "cell.budget_entry_ambiguous": (
        "die Bezeichnung passt auf mehrere Zeilen der Tabelle ({rows}); bitte die Zeile "
        "eindeutig benennen (z. B. mit Nummer und Bezeichnung)",
        "the label matches several rows of the table ({rows}); please name the row "
        "unambiguously (e.g. with its number and label)",
    ),
    "cell.budget_entry_missing": (
        "keine Zeile der Tabelle {table} heißt so",
        "no row of the table {table} has this label",
    ),
    "cell.budget_entry_twice": (
        "steht doppelt in der Zuordnung (zuerst in Zeile {row})",
        "appears twice in the mapping (first in row {row})",
    ),
    "cell.budget_wildcard": (
        "„*“ (alle übrigen Zeilen) kann nur ausgelassen werden: Zweck „-“",
        "“*” (all other rows) can only be left out: purpose “-”",
    ),
    "cell.budget_sign": (
        "unbekanntes Vorzeichen (erlaubt: leer oder „+“ wie geschrieben, „-“ umgekehrt)",
        "unknown sign (allowed: empty or “+” as written, “-” reversed)",
    ),
    "cell.budget_column_kind": (
        "unbekannte Spaltenart „{kind}“ (bekannt: {known})",
        "unknown kind of column “{kind}” (known: {known})",
    ),
    "cell.budget_column_twice": (
        "die Spalte für {kind} {year} kommt doppelt vor (zuerst Spalte {column})",
        "the column for {kind} {year} appears twice (first column {column})",
    ),
    # PDF report and papers in HTML
    "section.papers": ("Ratsvorlagen und Beschlüsse", "Council papers and decisions"),
    "no_papers": (
        "Keine beschlossenen Ratsvorlagen erfasst.",
        "No decided council papers recorded.",
    ),
    "paper.kind": ("Art", "Kind"),
    "paper.date": ("Datum", "Date"),
    "paper.result": ("Ergebnis", "Result"),
    "paper.vote": ("Abstimmung", "Vote"),
    "paper.text": ("Beschlusstext", "Text of the decision"),
    "paper.consultations_of": ("Beratungsfolge zu {reference}", "Consultations on {reference}"),
    "consultation.body": ("Gremium", "Body"),
    "consultation.date": ("Sitzung", "Meeting"),
    "consultation.role": ("Rolle", "Role"),
    "consultation.result": ("Ergebnis", "Result"),
    "pdf.page_of": ("Seite {page} von {pages}", "Page {page} of {pages}"),
    # charts
    "chart.progress.none": (
        "Für keine Maßnahme ist ein Fortschritt erfasst; das Diagramm „Fortschritt je "
        "Handlungsfeld“ entfällt.",
        "No measure has any progress recorded; the chart “Progress per field of action” is "
        "left out.",
    ),
}


def _check(lang: str) -> str:
    if lang not in _LOCALES:
        raise ValueError(f"unknown language {lang!r}; choose from {', '.join(LANGS)}")
    return lang


@cache
def _locale(lang: str) -> Locale:
    """The Babel locale of ``lang``, parsed once (Babel parses a locale name on every call, which
    showed in reports with thousands of dates)."""
    from babel import Locale

    return Locale.parse(_LOCALES[_check(lang)])


def text(key: str, lang: str = "de", **values: object) -> str:
    """The text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    german, english = _TEXTS[key]
    template = english if _check(lang) == "en" else german
    return template.format(**values) if values else template


def text_n(key: str, n: int, lang: str = "de", **values: object) -> str:
    """``text`` for a count: the ``_one`` form when ``n`` is 1 and there is one; ``{days}`` and
    the like are filled with ``n`` formatted for the language (``1.134`` / ``1,134``)."""
    singular = f"{key}_one"
    if n == 1 and singular in _TEXTS:
        return text(singular, lang, **values)
    return text(key, lang, **{**values, **{name: fmt_int(n, lang) for name in ("days", "n")}})


def fmt_int(value: int, lang: str = "de") -> str:
    """A whole number with the language's grouping: ``1.134`` (de), ``1,134`` (en)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0", locale=_locale(lang))


def quoted(value: str, lang: str = "de") -> str:
    """``value`` in the language's quotation marks: „…“ (de), “…” (en)."""
    return f"„{value}“" if _check(lang) == "de" else f"\u201c{value}\u201d"


def fmt_planned(plan: PlannedDate, lang: str = "de") -> str:
    """A planned date as precisely as the plan stated it: ``31.10.2019``, ``Oktober 2019`` or
    ``2019``, with ``frühestens`` (``at the earliest``) where the plan said so."""
    if plan.day is not None:
        label = fmt_date(plan.as_date(), lang)
    elif plan.month is not None:
        from babel.dates import format_date

        first = dt.date(plan.year, plan.month, 1)
        label = format_date(first, format="MMMM y", locale=_locale(lang))
    else:
        label = str(plan.year)
    return text("earliest", lang, date=label) if plan.earliest else label


def fmt_money(amount: Money, lang: str = "de") -> str:
    """``80.000,00 €`` (de) or ``€80,000.00`` (en)."""
    return amount.format(_check(lang))


def fmt_date(day: dt.date, lang: str = "de") -> str:
    """``31.03.2021`` (de) or ``Mar 31, 2021`` (en)."""
    return _date_text(day, _check(lang))


# Reports write the same few dates and percentages thousands of times; Babel takes a while each.
@lru_cache(maxsize=4096)
def _date_text(day: dt.date, lang: str) -> str:
    from babel.dates import format_date

    return format_date(day, format="medium", locale=_locale(lang))


def fmt_percent(value: Decimal, lang: str = "de") -> str:
    """A percentage with at most one decimal place: ``33,3 %`` (de), ``33.3%`` (en)."""
    # Keyed by the exact text of the number: -0.0 and 0.0 are equal Decimals but read differently.
    return _percent_text(str(value), _check(lang))


@lru_cache(maxsize=4096)
def _percent_text(value: str, lang: str) -> str:
    from babel.numbers import format_decimal

    number = format_decimal(Decimal(value), format="#,##0.#", locale=_locale(lang))
    return f"{number}\u00a0%" if lang == "de" else f"{number}%"


def fmt_decimal(value: Decimal, lang: str = "de") -> str:
    """A decimal number as the language writes it (``-100,0`` / ``-100.0``)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.0##", locale=_locale(lang))
