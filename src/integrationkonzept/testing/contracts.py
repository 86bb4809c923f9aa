"""Contract tests every importer, report format and reference scheme passes.

Subclass a contract in your plugin's tests, name the contribution and give examples; pytest
collects the subclass (its name must start with ``Test``) and runs every test of the contract::

    from integrationkonzept.contributions import InputFile
    from integrationkonzept.testing.contracts import ImporterContract

    class TestBeispielstadtPaper(ImporterContract):
        importer_name = "beispielstadt-paper"

        def valid_inputs(self):
            return [[InputFile("vorlage.txt", b"Vorlage Nr. BS-1/24 ...")]]

        def invalid_inputs(self):
            return [([InputFile("leer.txt", b"")], "leer")]

The contracts look the contribution up through the installed plugins, so they also prove that the
plugin is registered under its entry point.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import signal
import threading
from collections.abc import Iterator, Sequence
from typing import ClassVar, Final

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..contributions import (
    Importer,
    InputFile,
    ParsedReference,
    ReferenceScheme,
    RenderOptions,
    ReportFormat,
)
from ..errors import IntegrationskonzeptError, InvalidValueError, ParseError
from ..examples import EXAMPLES, example
from ..model.concept import Municipality
from ..model.dataset import Dataset
from ..plugins import Registry, registry
from ..serialize import dump, load
from .strategies import datasets

__all__ = [
    "ImporterContract",
    "MarkdownControlsContract",
    "ReferenceSchemeContract",
    "ReportFormatContract",
]


@contextlib.contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Fail (``TimeoutError``) when the block runs longer than ``seconds`` (Unix main thread)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"Import hängt: länger als {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


_FUZZ = settings(
    max_examples=50,
    deadline=None,
    # One test function serves every subclass; hypothesis would flag that as differing executors.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    derandomize=True,
)


class _Contract:
    def plugins(self) -> Registry:
        """Where the contribution is looked up: the installed plugins (override to test a plugin
        that is not installed, e.g. with ``integrationkonzept.plugins.load(extra=[...])``)."""
        return registry()


class ImporterContract(_Contract):
    """What every importer promises: a data set that survives JSON, or a located ``ParseError``."""

    importer_name: ClassVar[str]

    def valid_inputs(self) -> Sequence[Sequence[InputFile]]:
        """Inputs the importer must read (each a list of files for one call)."""
        raise NotImplementedError

    def invalid_inputs(self) -> Sequence[tuple[Sequence[InputFile], str]]:
        """Inputs it must refuse, each with a fragment the error message must contain."""
        raise NotImplementedError

    def importer(self) -> Importer:
        """The importer under test, looked up through the installed plugins."""
        return self.plugins().importer(self.importer_name)

    def test_valid_inputs_survive_json(self) -> None:
        inputs = self.valid_inputs()
        assert inputs, "give at least one valid input"
        for files in inputs:
            data = self.importer().read(files)
            assert isinstance(data, Dataset)
            assert load(Dataset, dump(data)) == data

    def test_reading_is_deterministic(self) -> None:
        for files in self.valid_inputs():
            assert self.importer().read(files) == self.importer().read(files)

    def test_invalid_inputs_are_refused_with_a_location(self) -> None:
        cases = self.invalid_inputs()
        assert cases, "give at least one invalid input"
        for files, fragment in cases:
            with pytest.raises(ParseError) as caught:
                self.importer().read(files)
            message = str(caught.value)
            assert fragment in message, message
            names = {f.name for f in files}
            assert caught.value.location is not None, message
            assert caught.value.location.file in names, message

    def test_truncated_inputs_never_crash(self) -> None:
        for files in self.valid_inputs():
            for file in files:
                size = len(file.data)
                for cut in sorted({0, 1, size // 3, size // 2, size - 1}):
                    shortened = [InputFile(f.name, f.data[:cut]) if f is file else f for f in files]
                    self.read_or_refuse(shortened)

    def read_or_refuse(self, files: Sequence[InputFile]) -> Dataset | None:
        """Read ``files``; ``None`` if the importer refused them with the library's own error.
        Any other exception (also a model rule's :class:`InvalidValueError`, which names no
        file), or taking longer than :attr:`time_limit`, fails the test."""
        with _time_limit(self.time_limit):
            try:
                return self.importer().read(files)
            except InvalidValueError:
                raise
            except IntegrationskonzeptError:
                return None

    #: Seconds an importer may take on one input in the fuzz tests (generous: no hang).
    time_limit: ClassVar[int] = 60

    @_FUZZ
    @given(data=st.data())
    def test_mutated_inputs_never_crash(self, data: st.DataObject) -> None:
        inputs = self.valid_inputs()
        files = list(data.draw(st.sampled_from(inputs)))
        index = data.draw(st.integers(0, len(files) - 1))
        content = bytearray(files[index].data)
        for _ in range(data.draw(st.integers(1, 8))):
            position = data.draw(st.integers(0, len(content)))
            action = data.draw(st.sampled_from(["flip", "insert", "delete", "duplicate"]))
            if action == "flip" and position < len(content):
                content[position] ^= data.draw(st.integers(1, 255))
            elif action == "insert":
                content[position:position] = data.draw(st.binary(min_size=1, max_size=20))
            elif action == "delete":
                del content[position : position + data.draw(st.integers(1, 40))]
            else:
                end = position + data.draw(st.integers(1, 200))
                content[position:position] = content[position:end]
        files[index] = InputFile(files[index].name, bytes(content))
        self.read_or_refuse(files)

    def test_other_encodings_never_crash(self) -> None:
        for files in self.valid_inputs():
            for encoding in ("utf-16", "utf-8-sig", "latin-1", "cp1252", "cp850"):
                recoded = []
                for file in files:
                    text = file.data.decode("utf-8", errors="replace")
                    recoded.append(InputFile(file.name, text.encode(encoding, errors="replace")))
                self.read_or_refuse(recoded)

    def test_huge_inputs_finish(self) -> None:
        for files in self.valid_inputs():
            for file in files:
                times = max(1, 2_000_000 // max(len(file.data), 1))
                huge = [
                    InputFile(f.name, f.data * times + b"x" * 500_000) if f is file else f
                    for f in files
                ]
                self.read_or_refuse(huge)
                long_line = [
                    InputFile(f.name, f.data + b"A" * 1_000_000 + b"\n") if f is file else f
                    for f in files
                ]
                self.read_or_refuse(long_line)

    @_FUZZ
    @given(data=st.binary(max_size=4000))
    def test_arbitrary_bytes_never_crash(self, data: bytes) -> None:
        result = self.read_or_refuse([InputFile("zufall.txt", data)])
        assert result is None or isinstance(result, Dataset)

    @_FUZZ
    @given(text=st.text(max_size=2000))
    def test_arbitrary_text_never_crashes(self, text: str) -> None:
        self.read_or_refuse([InputFile("zufall.txt", text.encode("utf-8", "surrogatepass"))])


class ReportFormatContract(_Contract):
    """What every report format promises: each kind renders in both languages, never crashes."""

    format_name: ClassVar[str]

    def datasets(self) -> Sequence[Dataset]:
        """Data sets to render (default: the built-in examples)."""
        return [example(name) for name in EXAMPLES]

    def report_format(self) -> ReportFormat:
        """The report format under test, looked up through the installed plugins."""
        return self.plugins().report_format(self.format_name)

    def check_output(self, kind: str, output: bytes) -> None:
        """Open the output with a real reader for its kind (extend for your own kinds)."""
        assert output, f"{kind}: empty output"
        if kind in ("md", "txt", "json", "html", "csv", "ics"):
            output.decode("utf-8")
        if kind == "docx":
            import io

            import docx

            document = docx.Document(io.BytesIO(output))
            assert document.paragraphs, "docx without paragraphs"

    def test_every_kind_renders_in_both_languages(self) -> None:
        report_format = self.report_format()
        for data in self.datasets():
            for kind in report_format.kinds:
                for lang in ("de", "en"):
                    options = RenderOptions(kind, lang)
                    self.check_output(kind, report_format.render(data, options))

    def test_rendering_is_deterministic(self) -> None:
        import datetime as dt

        report_format = self.report_format()
        options = RenderOptions(report_format.kinds[0], "de", dt.date(2024, 1, 1))
        for data in self.datasets():
            if report_format.kinds[0] != "docx":  # DOCX carries a creation time
                assert report_format.render(data, options) == report_format.render(data, options)


#: Terminal control characters: C0 but tab and line feed, DEL, C1.
_CONTROLS: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class MarkdownControlsContract(_Contract):
    """What a report format with Markdown (``md``) output promises: no terminal control character
    of the data (ESC, BEL, NUL, C1) reaches the Markdown, so a report file shown with ``cat``
    cannot recolour or clear the terminal."""

    format_name: ClassVar[str]

    #: A city's name and texts as an attacker writes them: colour, bell, clear screen (C1 CSI),
    #: NUL, a window title, a C1 line break.
    hostile: ClassVar[str] = "Stadt \x1b[31mrot\x07 \x9b2J \x00 \x1b]0;Titel\x07 \x85"

    def hostile_dataset(self, hostile: str) -> Dataset:
        """A data set whose texts the report shows hold ``hostile`` (the contract puts it into
        the city's name as well)."""
        raise NotImplementedError

    def markdown(self, data: Dataset) -> str:
        """``data`` rendered as Markdown by the format under test."""
        report_format = self.plugins().report_format(self.format_name)
        options = RenderOptions("md", "de", dt.date(2024, 1, 1))
        return report_format.render(data, options).decode("utf-8")

    def test_hostile_texts_leave_no_controls_in_the_markdown(self) -> None:
        data = self.hostile_dataset(self.hostile)
        # The city's name is in every report.
        data = attrs.evolve(data, municipality=Municipality(self.hostile, data.municipality.ags))
        shown = self.markdown(data)
        assert "rot" in shown
        assert _CONTROLS.search(shown) is None

    @settings(
        max_examples=25,
        deadline=None,
        # One test function serves every subclass: to hypothesis, differing executors.
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(data=datasets())
    def test_no_data_set_leaves_controls_in_the_markdown(self, data: Dataset) -> None:
        assert _CONTROLS.search(self.markdown(data)) is None


class ReferenceSchemeContract(_Contract):
    """What every reference scheme promises: parse is stable and refuses what it cannot read."""

    scheme_name: ClassVar[str]

    def valid(self) -> Sequence[tuple[str, str]]:
        """References it must read, each with the normalised form it must give."""
        raise NotImplementedError

    def invalid(self) -> Sequence[str]:
        """References it must refuse."""
        raise NotImplementedError

    def scheme(self) -> ReferenceScheme:
        """The scheme under test, looked up through the installed plugins."""
        return self.plugins().reference_scheme(self.scheme_name)

    def test_valid_references(self) -> None:
        cases = self.valid()
        assert cases, "give at least one valid reference"
        for text, normalized in cases:
            parsed = self.scheme().parse(text)
            assert isinstance(parsed, ParsedReference)
            assert parsed.normalized == normalized, text
            assert parsed.text == text
            assert parsed.kind

    def test_normalized_form_is_a_fixed_point(self) -> None:
        for text, _ in self.valid():
            once = self.scheme().parse(text)
            again = self.scheme().parse(once.normalized)
            assert again.normalized == once.normalized
            assert again.kind == once.kind
            assert again.parent == once.parent

    def test_parent_is_a_valid_reference(self) -> None:
        for text, _ in self.valid():
            parent = self.scheme().parse(text).parent
            if parent is not None:
                assert self.scheme().parse(parent).normalized == parent

    def test_invalid_references_are_refused(self) -> None:
        cases = self.invalid()
        assert cases, "give at least one invalid reference"
        for text in cases:
            with pytest.raises(ParseError) as caught:
                self.scheme().parse(text)
            assert text.strip() in str(caught.value) or not text.strip()

    def test_examples_of_the_scheme_are_valid(self) -> None:
        for text in self.scheme().examples:
            self.scheme().parse(text)

    @_FUZZ
    @given(text=st.text(max_size=60))
    def test_arbitrary_text_never_crashes(self, text: str) -> None:
        try:
            self.scheme().parse(text)
        except ParseError:
            return
