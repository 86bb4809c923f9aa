"""The report format ``leipzig-sachstandsbericht``: contract, figures from the budget views."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from integrationkonzept_leipzig.budget import read_budget
from integrationkonzept_leipzig.paper import read_papers
from integrationkonzept_leipzig.sachstandsbericht import render
from leipzig_support import fixture_file

from integrationkonzept.contributions import RenderOptions
from integrationkonzept.examples import EXAMPLES, example
from integrationkonzept.model import (
    BudgetCadence,
    BudgetLine,
    BudgetPhase,
    Dataset,
    Money,
    Municipality,
    Purpose,
    Source,
    SourceKind,
)
from integrationkonzept.plugins import registry
from integrationkonzept.testing.contracts import ReportFormatContract
from integrationkonzept.testing.strategies import datasets

AS_OF = dt.date(2024, 1, 1)
P = BudgetPhase


def markdown(data: Dataset, lang: str = "de") -> str:
    return render(data, RenderOptions("md", lang, AS_OF)).decode().replace("\xa0", " ")


class TestLeipzigSachstandsbericht(ReportFormatContract):
    format_name = "leipzig-sachstandsbericht"

    def datasets(self) -> list[Dataset]:
        return [
            *(example(name) for name in EXAMPLES),
            read_budget([fixture_file("haushalt_2023.txt")]),
            read_papers([fixture_file("beschlussvorlage_finanzen.txt")]),
        ]


def test_leipzig_example_in_german() -> None:
    text = markdown(example("leipzig"))
    assert text.startswith("# Sachstandsbericht: Leipzig\n\nStand: 01.01.2024.")
    # What was decided, with the vote.
    assert "### VI-DS-08033-NF-02\n\n- Gremium: Ratsversammlung\n- Datum: 29.01.2020\n" in text
    assert "- Ergebnis: geändert beschlossen\n- Abstimmung: 40 Ja, 7 Nein, 7 Enthaltungen [" in (
        text.replace("\\[", "[")
    )
    # Money per purpose and year, planned and used, with sources, totals and differences.
    rows = [line.replace("\\", "") for line in text.splitlines() if line.startswith("| ")]
    assert (
        "| Förderung von Migrantenselbstorganisationen und interkulturellen Vereinen und Verbänden"
        " | 2022 | 50.000,00 € | 50.000,00 € | 50.000,00 € | 0,00 € | [" in "\n".join(rows)
    )
    assert "| Summe 2021 | 2021 | 80.000,00 € | 80.000,00 € | 80.000,00 € | 0,00 € |  |" in rows
    assert "| Summe 2022 | 2022 | 100.000,00 € | 100.000,00 € | 100.000,00 € | 0,00 € |  |" in rows
    assert (
        "| Summe 2021/22 | 2021/22 | 180.000,00 € | 180.000,00 € | 180.000,00 € | 0,00 € |  |"
        in rows
    )
    # 2020: 60.000 in the draft, current plan 80.000 after the Puffer (the revision replaces).
    assert any(
        row.startswith(
            "| Gesamtkonzept zur Integration (ohne Aufteilung) | 2020 | – | 80.000,00 € | – | – |"
        )
        for row in rows
    )
    assert (
        "| 2020 | 60.000,00 € | – | – | 80.000,00 € | 80.000,00 € | – | +20.000,00 € |"
        in "\n".join(rows)
    )
    assert "| 2021 | 0,00 € | 80.000,00 € | 80.000,00 € | – | 80.000,00 € | 80.000,00 € | " in (
        "\n".join(rows)
    )
    assert (
        "Unterschiede 2021/22 – Ist − Soll: 2021 0,00 €, 2022 0,00 €, Zeitraum 0,00 €; "
        "Soll − Entwurf: 2021 +80.000,00 €, 2022 +100.000,00 €."
    ) in text
    assert "Die verwendeten Mittel entsprechen im ganzen Zeitraum dem Soll." in text
    # The Puffer: the current plan (80.000) minus the draft (60.000), as the core reports say.
    assert (
        "Unterschiede 2019/20 – Ist − Soll: 2020 kein Ist erfasst; Soll − Entwurf: 2020 "
        "+20.000,00 €."
    ) in text
    # Every source is listed at the end.
    sources = text.split("## Quellen\n\n", 1)[1]
    assert "Beschluss der Ratsversammlung vom 31.03.2021" in sources
    assert "Bericht zum Stand der Umsetzung vom 20.07.2022" in sources
    assert sources.count("\n- ") + 1 == len([line for line in sources.splitlines() if line])


def test_leipzig_example_in_english() -> None:
    text = markdown(example("leipzig"), "en")
    assert text.startswith("# Status report: Leipzig\n\nAs of Jan 1, 2024.")
    assert "- Vote: 40 yes, 7 no, 7 abstentions [" in text.replace("\\[", "[")
    assert (
        "| Measures of the integration concept | 2021 | €30,000.00 | €30,000.00 | €30,000.00 |"
        in (text.replace("\\", ""))
    )
    assert (
        "Differences 2021/22 – actual − plan: 2021 €0.00, 2022 €0.00, period €0.00; "
        "plan − draft: 2021 +€80,000.00, 2022 +€100,000.00."
    ) in text


def test_magdeburg_without_budget_lines_says_so() -> None:
    text = markdown(example("magdeburg"))
    assert (
        "## Mittel nach Zweck und Jahr\n\nDer Datensatz enthält keine Haushaltszeilen: über "
        "geplante und verwendete Mittel kann dieser Bericht nichts sagen."
    ) in text
    assert "### DS0583/21 – Integrationskonzept der Landeshauptstadt Magdeburg ab 2022" in text
    english = markdown(example("magdeburg"), "en")
    assert "The data set holds no budget lines" in english


def test_differences_from_an_imported_budget_text() -> None:
    text = markdown(read_budget([fixture_file("haushalt_2023.txt")])).replace("\\", "")
    assert "### Doppelhaushalt 2023/24" in text
    # The decision's split is what was planned and used; the motion's "Verstetigung" was only
    # requested and stood in the draft, so it has no row of planned or used money.
    assert (
        "| Einsatz der Sprach- und Integrationsmittler/-innen | 2023 | 40.000,00 € | 40.000,00 € | "
        "38.500,00 € | -1.500,00 € |"
    ) in text
    assert (
        "| Fortbildung der Sprach- und Integrationsmittler/-innen | 2023 | 10.000,00 € | "
        "10.000,00 € | 10.000,00 € | 0,00 € |"
    ) in text
    assert "| Verstetigung der Sprach- und Integrationsmittlung |" not in text
    assert (
        "| Summe 2023 | 2023 | 50.000,00 € | 50.000,00 € | 48.500,00 € | -1.500,00 € |  |" in text
    )
    assert "| Summe 2024 | 2024 | 55.000,00 € | 55.000,00 € | – | – |  |" in text
    # 2024 has no reported figure yet: no difference for the whole period.
    assert "| Summe 2023/24 | 2023/24 | 105.000,00 € | 105.000,00 € | 48.500,00 € | – |  |" in text
    assert (
        "Unterschiede 2023/24 – Ist − Soll: 2023 -1.500,00 €, 2024 kein Ist erfasst; "
        "Soll − Entwurf: 2023 +30.000,00 €, 2024 +35.000,00 €."
    ) in text
    assert "entsprechen im ganzen Zeitraum dem Soll" not in text
    assert "- Ergebnis: geändert beschlossen" in text
    assert "- Abstimmung: „Der Antrag wurde geändert beschlossen“ [1]" in text
    # The decision text keeps its list.
    assert "- den Einsatz der Sprach- und Integrationsmittler/-innen (2023: 40.000 EUR; " in text


def _plan_and_use(used: dict[tuple[int, str], int]) -> Dataset:
    """Leipzig with 10.000 € planned for purposes a and b in 2021 and 2022, and ``used``."""
    source = Source(SourceKind.DECISION, "VII-DS-00001")
    lines = [
        BudgetLine(f"{year}-{purpose}-plan", year, purpose, P.ADOPTED, Money.of(10000), source)
        for year in (2021, 2022)
        for purpose in ("a", "b")
    ]
    lines += [
        BudgetLine(f"{year}-{purpose}-ist", year, purpose, P.ACTUAL, Money.of(amount), source)
        for (year, purpose), amount in used.items()
    ]
    return Dataset(
        municipality=Municipality("Leipzig", "14713000"),
        budget_cadence=BudgetCadence(2, 2019),
        purposes=(Purpose("a", "Zweck A"), Purpose("b", "Zweck B")),
        budget_lines=tuple(lines),
    )


_ALL_USED = "Die verwendeten Mittel entsprechen im ganzen Zeitraum dem Soll."


@pytest.mark.parametrize(
    "used",
    [
        # +10.000 in 2021, −10.000 in 2022: the period adds up, the years do not.
        {(2021, "a"): 20000, (2022, "a"): 0, (2021, "b"): 10000, (2022, "b"): 10000},
        # +5.000 for a, −5.000 for b in 2021: the year adds up, the purposes do not.
        {(2021, "a"): 15000, (2021, "b"): 5000, (2022, "a"): 10000, (2022, "b"): 10000},
    ],
)
def test_used_as_planned_only_when_every_year_and_purpose_is(
    used: dict[tuple[int, str], int],
) -> None:
    text = markdown(_plan_and_use(used))
    assert "Zeitraum 0,00 €" in text
    assert _ALL_USED not in text


def test_used_as_planned_when_every_year_and_purpose_is() -> None:
    used = {(year, purpose): 10000 for year in (2021, 2022) for purpose in ("a", "b")}
    assert _ALL_USED in markdown(_plan_and_use(used))


def test_a_data_set_without_decisions() -> None:
    data = read_papers([fixture_file("neufassung_antrag.txt")])
    text = markdown(data)
    assert "Der Datensatz enthält keine Vorlage mit Beschluss." in text
    assert "Der Datensatz enthält keine Haushaltszeilen" in text
    assert text.rstrip().endswith("Keine Quellen angegeben.")


def test_docx_holds_the_same_content() -> None:
    output = render(example("leipzig"), RenderOptions("docx", "de", AS_OF))
    document = docx.Document(io.BytesIO(output))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Sachstandsbericht: Leipzig"
    assert "Mittel nach Zweck und Jahr" in paragraphs
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "180.000,00\xa0€" in cells
    assert registry().report_format("leipzig-sachstandsbericht").kinds == ("md", "docx")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_any_data_set_renders(data: Dataset) -> None:
    for lang in ("de", "en"):
        text = render(data, RenderOptions("md", lang, AS_OF)).decode()
        assert text.startswith("# ")
        assert re.search(r"(?<!\\)<", text) is None  # no HTML gets through unescaped
