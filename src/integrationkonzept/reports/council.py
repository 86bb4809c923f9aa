"""The council part of the view model: every paper of the data set with a decision.

Each paper keeps the data set's order, with its Beratungsfolge in the order given and its
decision (body, day, result, vote, text); text from the data passes through
:func:`~integrationkonzept.safe.clean_text`. How a vote or a decision's text is worded and laid
out is the renderer's job.
"""

from __future__ import annotations

from ..i18n import fmt_date, text
from ..model.council import Consultation, Decision, Paper
from ..model.dataset import Dataset
from ..safe import clean_text
from .footnotes import Footnotes
from .view import ConsultationRow, DecisionBlock, PaperBlock

__all__ = ["decided_papers"]


def decided_papers(data: Dataset, lang: str, notes: Footnotes) -> tuple[PaperBlock, ...]:
    """Every paper with a decision, in the order of the data set."""
    out = []
    for paper in data.papers:
        if paper.decision is not None:
            decision = _decision(paper.decision, lang, notes)
            out.append(_paper(paper, decision, lang, notes))
    return tuple(out)


def _paper(paper: Paper, decision: DecisionBlock, lang: str, notes: Footnotes) -> PaperBlock:
    return PaperBlock(
        reference=clean_text(paper.reference),
        title=clean_text(paper.title),
        kind=clean_text(paper.kind),
        date=fmt_date(paper.date, lang) if paper.date is not None else "",
        day=paper.date,
        consultations=tuple(_consultation(row, lang) for row in paper.consultations),
        decision=decision,
        notes=notes.numbers(paper.source),
    )


def _consultation(row: Consultation, lang: str) -> ConsultationRow:
    return ConsultationRow(
        body=clean_text(row.body),
        date=fmt_date(row.date, lang) if row.date is not None else "",
        day=row.date,
        role=clean_text(row.role),
        result=clean_text(row.result),
    )


def _decision(decision: Decision, lang: str, notes: Footnotes) -> DecisionBlock:
    votes = decision.votes
    return DecisionBlock(
        body=clean_text(decision.body),
        date=fmt_date(decision.date, lang),
        day=decision.date,
        result=clean_text(decision.kind),
        votes=None if votes is None else (votes.yes, votes.no, votes.abstentions),
        vote_text=clean_text(decision.vote_text),
        text=clean_text(decision.text),
        notes=notes.numbers(decision.source),
    )


def decision_line(decision: DecisionBlock, lang: str) -> str:
    """The decision in one line, as the text and DOCX reports print it (sources apart):
    ``Beschluss: Ratsversammlung, 29.01.2020: geändert beschlossen; 40 Ja, 7 Nein, …``."""
    said = [decision.result] if decision.result else []
    if decision.votes is not None:
        yes, no, abstentions = decision.votes
        said.append(text("votes", lang, yes=yes, no=no, abstentions=abstentions))
    elif decision.vote_text:
        said.append(decision.vote_text)
    what = f": {'; '.join(said)}" if said else ""
    return f"{text('decision', lang)}: {decision.body}, {decision.date}{what}"
