"""The one numbering of sources every report uses, and the one way a source entry is written.

:class:`Footnotes` numbers sources in the order they are first cited. A report in lines of text
asks it for ``[1, 3]`` (:meth:`Footnotes.cite`) and the list at the end (:meth:`Footnotes.lines`);
the overview behind HTML and DOCX asks for the number tuples (:meth:`Footnotes.numbers`) and the
entries (:meth:`Footnotes.entries`). Each entry is written by :func:`source_text` alone; text from
the data passes through :func:`~integrationkonzept.safe.clean_text`, escaping for a format is the
renderer's job.
"""

from __future__ import annotations

import attrs

from ..i18n import fmt_date, text
from ..model.source import Source
from ..safe import clean_text, is_spoofing, safe_url, visible

__all__ = ["Citations", "Footnotes", "SourceEntry", "cite_numbers", "source_text"]


def source_text(source: Source, lang: str) -> str:
    """A source in words: ``VI-DS-08033 (17.03.2021) – Titel; S. 4``.

    The date is left out when the reference already holds it (``Beschluss vom 17.03.2021``), the
    title when it only repeats the reference.
    """
    entry = clean_text(source.reference)
    if source.date is not None and f"{source.date:%d.%m.%Y}" not in entry:
        entry += f" ({fmt_date(source.date, lang)})"
    if source.title and source.title != source.reference:
        entry += f" – {clean_text(source.title)}"
    if source.locator:
        entry += f"; {clean_text(source.locator)}"
    return entry


@attrs.frozen
class SourceEntry:
    """One numbered source: its description, its kind, and where it is on the web.

    ``url`` is a safe link (or empty); ``address`` is a web address shown but not linked, because
    it shows other than where it leads (its bidi controls and zero-width characters written out).
    """

    number: int
    description: str
    kind: str
    url: str = ""
    address: str = ""

    @property
    def text(self) -> str:
        """The entry as the HTML and DOCX list show it: description, kind and a shown address."""
        entry = f"{self.description} [{self.kind}]"
        return entry + (f" <{self.address}>" if self.address else "")

    @property
    def line(self) -> str:
        """The entry as a list in text shows it: ``[1] VI-DS-08033 (17.03.2021)``."""
        return f"[{self.number}] {self.description}"


class Footnotes:
    """Numbers sources in the order they are first cited; equal sources share a number."""

    def __init__(self) -> None:
        self._numbers: dict[Source, int] = {}
        # Hashing a source is slow and thousands of measures cite the same objects: those are
        # found by identity (the source is kept here, so no id is reused while it is looked up).
        self._seen: dict[int, tuple[Source, int]] = {}

    def number(self, source: Source) -> int:
        """The number of ``source``, given on its first citation."""
        seen = self._seen.get(id(source))
        if seen is not None and seen[0] is source:
            return seen[1]
        number = self._numbers.setdefault(source, len(self._numbers) + 1)
        self._seen[id(source)] = (source, number)
        return number

    def numbers(self, *sources: Source | None) -> tuple[int, ...]:
        """The sorted numbers of the given sources (``None`` is skipped)."""
        return tuple(sorted({self.number(source) for source in sources if source is not None}))

    def cite(self, *sources: Source | None) -> str:
        """``[1]`` or ``[1, 3]`` for the given sources (empty when there are none)."""
        return cite_numbers(self.numbers(*sources))

    def entries(self, lang: str) -> tuple[SourceEntry, ...]:
        """Every source cited so far, in the order of its number."""
        out = []
        for source, number in self._numbers.items():
            address = ""
            if source.url and is_spoofing(source.url):
                address = visible(clean_text(source.url).strip())
            kind = text(f"source_kind.{source.kind.value}", lang)
            description = source_text(source, lang)
            out.append(SourceEntry(number, description, kind, safe_url(source.url), address))
        return tuple(out)

    def lines(self, lang: str) -> list[str]:
        """The list of sources for text, one per line after its heading (empty without one)."""
        if not self._numbers:
            return []
        return [text("sources", lang), *(f"  {entry.line}" for entry in self.entries(lang))]


def cite_numbers(numbers: tuple[int, ...]) -> str:
    """``[1, 3]`` for the numbers (empty for none), as every report writes a citation."""
    return f"[{', '.join(map(str, numbers))}]" if numbers else ""


class Citations:
    """The overview's source numbers as a report showing part of it cites them: numbered afresh
    from 1 in the order of first citation, so its list holds only the sources it shows."""

    def __init__(self, sources: tuple[SourceEntry, ...]) -> None:
        self._sources = {entry.number: entry for entry in sources}
        self._numbers: dict[int, int] = {}  # the overview's number -> this report's number

    def cite(self, numbers: tuple[int, ...]) -> str:
        """``[1, 3]`` for the overview's ``numbers`` (empty for none)."""
        found = {self._numbers.setdefault(n, len(self._numbers) + 1) for n in numbers}
        return cite_numbers(tuple(sorted(found)))

    def entries(self) -> tuple[SourceEntry, ...]:
        """The sources cited so far, with this report's numbers, in their order."""
        numbers = self._numbers.items()
        return tuple(attrs.evolve(self._sources[old], number=new) for old, new in numbers)

    def lines(self, lang: str) -> list[str]:
        """The sources cited, one per line after their heading (empty when none is cited), as
        :meth:`Footnotes.lines` writes them."""
        if not self._numbers:
            return []
        return [text("sources", lang), *(f"  {entry.line}" for entry in self.entries())]
