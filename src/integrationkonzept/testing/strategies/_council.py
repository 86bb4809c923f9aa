"""Strategies for council papers: consultations, decisions, relations, sections, questions."""

from __future__ import annotations

from hypothesis import strategies as st

# Qualified names: this module uses every class of model.council, so an import list would only
# repeat the one in model/__init__.py.
from ...model import council
from ._base import (
    _optional,
    _shared,
    _tuples,
    _words,
    dates,
    datetimes,
    relation_kinds,
    sources,
    texts,
)

# --- council papers ------------------------------------------------------------------------------


@_shared
def vote_results() -> st.SearchStrategy[council.VoteResult]:
    """Counted votes."""
    counts = st.integers(min_value=0, max_value=100)
    return st.builds(council.VoteResult, yes=counts, no=counts, abstentions=counts)


@_shared
def consultations() -> st.SearchStrategy[council.Consultation]:
    """A row of a Beratungsfolge."""
    return st.builds(
        council.Consultation,
        body=st.one_of(
            st.sampled_from(["Ratsversammlung", "Migrantenbeirat", "Fachausschuss Soziales"]),
            texts(min_size=1),
        ),
        date=_optional(dates()),
        role=_words("", "Vorberatung", "Beschlussfassung", "Kenntnisnahme", "2. Lesung"),
        result=_words("", "beschlossen", "geändert beschlossen", "vertagt"),
        authoritative=st.booleans(),
    )


@_shared
@st.composite
def decisions(draw: st.DrawFn) -> council.Decision:
    """A decision with at least a kind, vote counts or a vote text."""
    kind = draw(_words("", "beschlossen", "geändert beschlossen", "abgelehnt"))
    votes = draw(_optional(vote_results()))
    vote_text = draw(_words("", "einstimmig", "mehrheitlich", "bei 3 Enthaltungen"))
    if not kind and votes is None and not vote_text:
        missing = draw(st.sampled_from(["kind", "votes", "vote_text"]))
        if missing == "kind":
            kind = draw(texts(min_size=1))
        elif missing == "votes":
            votes = draw(vote_results())
        else:
            vote_text = draw(texts(min_size=1))
    return council.Decision(
        body=draw(st.one_of(st.just("Ratsversammlung"), texts(min_size=1))),
        date=draw(dates()),
        kind=kind,
        votes=votes,
        vote_text=vote_text,
        text=draw(texts()),
        source=draw(_optional(sources())),
    )


@_shared
def paper_relations() -> st.SearchStrategy[council.PaperRelation]:
    """A link to another paper."""
    return st.builds(council.PaperRelation, kind=relation_kinds(), reference=texts(min_size=1))


@_shared
def sections() -> st.SearchStrategy[council.Section]:
    """A titled part of a paper's text."""
    return st.builds(
        council.Section,
        title=st.one_of(
            st.sampled_from(["Beschlussvorschlag", "Sachverhalt", "Begründung"]),
            texts(min_size=1),
        ),
        text=texts(max_size=80),
    )


@_shared
def questions() -> st.SearchStrategy[council.Question]:
    """A numbered question of an Anfrage, perhaps answered."""
    return st.builds(
        council.Question,
        number=st.one_of(st.integers(min_value=1, max_value=9).map(str), texts(min_size=1)),
        text=texts(),
        answer=texts(),
    )


@_shared
def file_infos() -> st.SearchStrategy[council.FileInfo]:
    """The file metadata block of a republished paper."""
    return st.builds(
        council.FileInfo,
        municipality=texts(),
        filename=_words("", "Vorlage.pdf", "Stellungnahme.pdf"),
        size=_words("", "96 kB", "1,2 MB"),
        created=_optional(datetimes()),
        updated=_optional(datetimes()),
    )


@_shared
def papers() -> st.SearchStrategy[council.Paper]:
    """A council paper, perhaps decided, with sections, questions and file metadata."""
    return st.builds(
        council.Paper,
        reference=st.one_of(
            st.sampled_from(["VI-DS-08033-NF-02", "DS0583/21/1"]), texts(min_size=1)
        ),
        kind=_words("", "Antrag", "Beschlussvorlage", "Informationsvorlage"),
        title=texts(),
        submitter=texts(),
        date=_optional(dates()),
        status=_words("", "öffentlich"),
        consultations=_tuples(consultations()),
        decision=_optional(decisions()),
        relations=_tuples(paper_relations()),
        position=_words("", "Zustimmung", "Ablehnung", "Zustimmung mit Ergänzung"),
        sections=_tuples(sections()),
        questions=_tuples(questions()),
        distribution=texts(),
        distributed=_optional(dates()),
        file=_optional(file_infos()),
        source=_optional(sources()),
    )
