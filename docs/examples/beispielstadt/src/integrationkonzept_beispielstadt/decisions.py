"""Reads Beispielstadt's decision sheets: one ``Schlüssel: Wert`` per line.

Beschluss Nr. BS-12/24
Datum: 14.03.2024
Gremium: Stadtrat
Betreff: Sprachcafé im Stadtteilzentrum
Ergebnis: beschlossen
Stimmen: 20 Ja, 3 Nein, 1 Enthaltung
Mittel 2024: 5.000 €
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from integrationkonzept import (
    BudgetLine,
    BudgetPhase,
    Dataset,
    Decision,
    Money,
    Paper,
    Purpose,
    Source,
    SourceKind,
    VoteResult,
)
from integrationkonzept.errors import ParseError
from integrationkonzept.plugin import (
    MAX_FISCAL_YEAR,
    MIN_FISCAL_YEAR,
    InputFile,
    numbered_lines,
    parse_date,
    parse_error_at,
)

from .profile import PROFILE
from .references import parse_reference

_HEADER = re.compile(r"Beschluss Nr\. (?P<reference>\S+)")
_VOTES = re.compile(
    r"(?P<yes>[0-9]+) Ja, (?P<no>[0-9]+) Nein, (?P<abstentions>[0-9]+) Enthaltung(en)?"
)
_MONEY_KEY = re.compile(r"Mittel (?P<year>[0-9]{4})")


def read_decisions(files: Sequence[InputFile]) -> Dataset:
    """One paper with its decision (and budget lines) per file."""
    papers: dict[str, Paper] = {}
    lines = []
    for file in files:
        paper, paper_lines = _read_one(file)
        if paper.reference in papers:
            raise parse_error_at(
                f"Beschluss {paper.reference} steht schon in einer anderen Datei",
                paper.reference,
                file=file.name,
                line=1,
            )
        papers[paper.reference] = paper
        lines.extend(paper_lines)
    return Dataset(
        PROFILE.municipality,
        PROFILE.budget_cadence,
        purposes=(Purpose("beschluss", "Mittel laut Beschluss"),) if lines else (),
        budget_lines=tuple(lines),
        papers=tuple(papers.values()),
    )


def _read_one(file: InputFile) -> tuple[Paper, list[BudgetLine]]:
    rows = [(line.number, line.text.strip()) for line in numbered_lines(file.text())]
    rows = [(number, line) for number, line in rows if line]
    if not rows or not (header := _HEADER.fullmatch(rows[0][1])):
        raise parse_error_at("erste Zeile muss „Beschluss Nr. …“ sein", file=file.name, line=1)
    try:
        reference = parse_reference(header["reference"]).normalized
    except ParseError as error:
        raise parse_error_at(error.message, error.value, file=file.name, line=rows[0][0]) from None
    fields: dict[str, tuple[int, str]] = {}
    for number, line in rows[1:]:
        key, colon, value = line.partition(":")
        if not colon:
            raise parse_error_at(
                f"„{line}“: erwartet „Schlüssel: Wert“", line, file=file.name, line=number
            )
        if key.strip() in fields:
            raise parse_error_at(
                f"„{key.strip()}:“ steht zweimal", line, file=file.name, line=number
            )
        fields[key.strip()] = (number, value.strip())

    def need(key: str) -> tuple[int, str]:
        if key not in fields:
            raise parse_error_at(f"„{key}:“ fehlt", file=file.name)
        if not fields[key][1]:
            raise parse_error_at(f"„{key}:“ ist leer", file=file.name, line=fields[key][0])
        return fields[key]

    line_no, text = need("Datum")
    try:
        date = parse_date(text)
    except ParseError as error:
        raise parse_error_at(
            f"Datum: {error.message}", text, file=file.name, line=line_no
        ) from None
    source = Source(SourceKind.DECISION, reference, date=date, locator=file.name)
    votes = None
    if "Stimmen" in fields:
        line_no, text = fields["Stimmen"]
        match = _VOTES.fullmatch(text)
        if match is None:
            raise parse_error_at(
                f"Stimmen: „{text}“ nicht lesbar", text, file=file.name, line=line_no
            )
        votes = VoteResult(int(match["yes"]), int(match["no"]), int(match["abstentions"]))
    decision = Decision(need("Gremium")[1], date, need("Ergebnis")[1], votes, source=source)
    lines = []
    for key, (line_no, text) in fields.items():
        if match := _MONEY_KEY.fullmatch(key):
            try:
                amount = Money.parse(text)
            except ParseError as error:
                raise parse_error_at(
                    error.message, error.value, file=file.name, line=line_no
                ) from None
            year = int(match["year"])
            if not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
                raise parse_error_at(
                    f"„{key}“: kein Haushaltsjahr", key, file=file.name, line=line_no
                )
            line_id = f"{reference}-{year}"
            lines.append(
                BudgetLine(line_id, year, "beschluss", BudgetPhase.ADOPTED, amount, source)
            )
    paper = Paper(
        reference, "Beschluss", need("Betreff")[1], date=date, decision=decision, source=source
    )
    return paper, lines
