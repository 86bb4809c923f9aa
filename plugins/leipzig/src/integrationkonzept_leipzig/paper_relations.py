"""The papers a Leipzig council paper is related to: its Stammbaum, its parent reference, the
references its text names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from integrationkonzept.errors import ParseError
from integrationkonzept.model import PaperRelation, RelationKind, Section
from integrationkonzept.plugin import parse_error_at

from .common import located
from .lines import join
from .paper_blocks import Block
from .references import REFERENCE_PATTERN, LeipzigReference, parse_reference

__all__ = ["mentioned_references", "paper_relations", "read_stammbaum"]

#: Text that is meant as a reference (a wrong one is refused, not taken for a submitter).
_REFERENCE_LIKE: Final = re.compile(r"[IVXivx]+-[^\W\d_]+-[0-9]|[^\W\d_]{1,3}-[0-9]+/[0-9]")
#: Punctuation around a reference in running text.
_AROUND: Final = ",;:.()"


_RELATION_BY_SUFFIX: Final = {
    "NF": RelationKind.REVISES,
    "ÄA": RelationKind.AMENDS,
    "VSP": RelationKind.POSITION_ON,
    "AW": RelationKind.ANSWERS,
    "Ifo": RelationKind.FOLLOWS_UP,
    "DS": RelationKind.FOLLOWS_UP,
}


def _stammbaum_reference(tokens: Sequence[str]) -> tuple[LeipzigReference, int] | None:
    """The reference the first one or two ``tokens`` spell (``VI-A-03824``, ``DS V/3943``,
    ``A-00196/14-VSP-001,``) with the number of tokens used; punctuation around is not part."""
    for count in (1, 2):
        if count > len(tokens) or (count == 2 and tokens[0][-1:] in _AROUND):
            break
        candidate = " ".join(tokens[:count]).strip(_AROUND)
        try:
            return parse_reference(candidate), count
        except ParseError:
            continue
    return None


def read_stammbaum(
    block: Block, name: str
) -> tuple[list[tuple[LeipzigReference, str]], Section | None]:
    """The related papers a Stammbaum lists, each followed by its submitter (wrapped lines)."""
    joined = join(block.lines)
    tokens: list[tuple[int, str]] = []
    offset = 0
    for token in joined.text.split(" "):
        start = joined.text.find(token, offset)
        offset = start + len(token)
        if token:
            tokens.append((start, token))
    entries: list[tuple[LeipzigReference, list[str]]] = []
    index = 0
    while index < len(tokens):
        start, token = tokens[index]
        found = _stammbaum_reference([text for _start, text in tokens[index : index + 2]])
        if found is not None:
            reference, used = found
            entries.append((reference, []))
            index += used
            continue
        if _REFERENCE_LIKE.match(token.strip(_AROUND)):
            located(parse_reference, token.strip(_AROUND), name, joined.line_at(start))
        if not entries:
            raise parse_error_at(
                f"Stammbaum: „{token}“ steht vor der ersten Vorlagennummer",
                token,
                file=name,
                line=joined.line_at(start),
            )
        entries[-1][1].append(token)
        index += 1
    if not entries:
        return [], None
    rows = [(reference, " ".join(words)) for reference, words in entries]
    text = "\n".join(
        f"{reference.format()}: {submitter}" if submitter else reference.format()
        for reference, submitter in rows
    )
    return rows, Section("Stammbaum", text)


def paper_relations(
    reference: LeipzigReference,
    stammbaum: Sequence[tuple[LeipzigReference, str]],
    mentioned: Iterable[str],
) -> tuple[PaperRelation, ...]:
    own = reference.format()
    out: dict[str, RelationKind] = {}
    parent = reference.parent
    if parent is not None:
        out[parent.format()] = _RELATION_BY_SUFFIX[reference.suffixes[-1].code]
    for other, _submitter in stammbaum:
        out.setdefault(other.format(), RelationKind.RELATED)
    for other_text in mentioned:
        out.setdefault(other_text, RelationKind.RELATED)
    out.pop(own, None)
    return tuple(PaperRelation(kind, other) for other, kind in out.items())


def mentioned_references(sections: Iterable[Section]) -> list[str]:
    found: list[str] = []
    for section in sections:
        if section.title == "Stammbaum":
            continue
        for match in REFERENCE_PATTERN.finditer(section.text):
            found.append(parse_reference(match.group()).format())
    return found
