"""The report format ``magdeburg-stellungnahme``: contract, exact content, both languages, DOCX."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from integrationkonzept_magdeburg.statement import read_statements

from integrationkonzept import example
from integrationkonzept.calc.review import milestone_slip
from integrationkonzept.contributions import InputFile, RenderOptions
from integrationkonzept.i18n import fmt_planned
from integrationkonzept.model import Dataset, Municipality
from integrationkonzept.plugin import slip_text
from integrationkonzept.plugins import registry
from integrationkonzept.testing.contracts import ReportFormatContract

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _imported(*names: str) -> Dataset:
    return read_statements([InputFile(n, (FIXTURES / n).read_bytes()) for n in names])


def _render(data: Dataset, lang: str = "de", as_of: dt.date = dt.date(2026, 1, 1)) -> str:
    output = (
        registry()
        .report_format("magdeburg-stellungnahme")
        .render(data, RenderOptions("md", lang, as_of))
    )
    return output.decode("utf-8").replace("\xa0", " ")


class TestMagdeburgStellungnahme(ReportFormatContract):
    format_name = "magdeburg-stellungnahme"

    def datasets(self) -> Sequence[Dataset]:
        return [
            example("magdeburg"),
            example("leipzig"),
            _imported("stellungnahme_befragung.txt"),
            _imported("stellungnahme_leerzeichen.txt"),
        ]


def test_magdeburg_example_in_german() -> None:
    text = _render(example("magdeburg"))
    assert text.startswith("# Stellungnahme der Verwaltung\n\nLandeshauptstadt Magdeburg\n")
    for row in (
        "| Stadtamt | V/02 |",
        "| Stellungnahme-Nr. | S0518/19 |",
        "| Datum | 28\\.11.2019 |",
        "| zum/zur | F0310/19 Fraktion GRÜNE/future! Stadträtin Julia Mayer-Buch |",
        "| Bezeichnung | Integrationskonzept |",
        "| Verteiler | keine Angabe |",
    ):
        assert row in text
    assert (
        "Am 18.11.2019 wurde die Anfrage F0310/19 im Stadtrat eingebracht; der Wortlaut ist im "
        "Datensatz nicht erfasst."
    ) in text
    assert "Die Verwaltung der Landeshauptstadt Magdeburg kann folgend Stellung nehmen." in text
    assert "## Wie weit ist der Prozess fortgeschritten?" in text
    assert "## Zur Frage" not in text
    assert (
        "- 21\\.02.2019: Integrationspolitische Leitlinien beschlossen (DS0590/18) \\[1\\]" in text
    )
    assert (
        "- 08\\.12.2022: Integrationskonzept dem Stadtrat vorgelegt und beschlossen (DS0583/21) "
        "\\[2\\]"
    ) in text
    assert "## Bis wann wird dem Stadtrat das Konzept vorgelegt?" in text
    assert "- erster Plan: Oktober 2019 \\[3\\]" in text
    assert "- am 28.11.2019 verschoben auf frühestens Juni 2020 \\[4\\]" in text
    assert "- erreicht am 08.12.2022 \\[2\\]" in text
    assert "- Verzug gegenüber dem ersten Plan: 1.134 Tage, 1 Planänderung" in text
    assert "Gründe der Verschiebung vom 28.11.2019:" in text
    assert (
        "- Aufgrund von Terminüberschneidungen mit anderen zentralen Veranstaltungen mussten "
        "Veranstaltungstermine verschoben werden."
    ) in text
    assert (
        "Das Konzept „Integrationskonzept der Landeshauptstadt Magdeburg ab 2022“ wurde am "
        "08.12.2022 beschlossen (DS0583/21). \\[2\\]"
    ) in text
    assert (
        "- \\[3\\] F0310/19 (18.11.2019) – Anfrage: Integrationskonzept; „sollte die "
        "Finalisierung eines Integrationskonzeptes bis Oktober 2019 erfolgen“"
    ) in text
    assert text.rstrip().endswith("Stand: 01.01.2026")


def test_the_slip_is_the_core_calculation() -> None:
    data = example("magdeburg")
    (planned,) = [m for m in data.milestones if m.planned is not None]
    slip = milestone_slip(planned, dt.date(2026, 1, 1))
    assert slip is not None
    assert slip.days == 1134
    assert f"Verzug gegenüber dem ersten Plan: {slip.days:,} Tage".replace(",", ".") in _render(
        data
    )


def test_the_data_is_read_as_known_on_the_reference_day() -> None:
    data = example("magdeburg")
    before_revision = _render(data, as_of=dt.date(2019, 11, 1))
    assert "verschoben" not in before_revision
    assert "noch nicht erreicht (Stand 01.11.2019), seit 1 Tag überfällig" in before_revision
    assert "der Termin liegt" not in before_revision
    assert "kein Verzug gegenüber dem ersten Plan; keine Planänderung" in before_revision
    assert "Eine beschlossene Fassung des Konzepts liegt zum 01.11.2019 nicht vor." in (
        before_revision
    )
    after_revision = _render(data, as_of=dt.date(2020, 1, 15))
    assert "- am 28.11.2019 verschoben auf frühestens Juni 2020" in after_revision
    assert "- später als der erste Plan: 243 Tage, 1 Planänderung" in after_revision
    assert "08\\.12.2022" not in after_revision


def test_english_wording_is_the_cores() -> None:
    """Planned dates, counts, slips and quotation marks as the core writes them."""
    data = example("magdeburg")
    (planned,) = [m for m in data.milestones if m.planned is not None]
    slip = milestone_slip(planned, dt.date(2026, 1, 1))
    assert slip is not None
    (revision,) = planned.revisions
    english = _render(data, "en")
    assert planned.planned is not None
    assert f"- first plan: {fmt_planned(planned.planned, 'en')} \\[3\\]" in english
    assert "- on Nov 28, 2019 moved to June 2020 at the earliest \\[4\\]" in english
    assert fmt_planned(revision.new_date, "en") == "June 2020 at the earliest"
    assert f"- delay against the first plan: {slip_text(slip, 'en')}" in english
    assert "1,134 days, 1 revision" in english
    assert "The concept “Integrationskonzept der Landeshauptstadt Magdeburg ab 2022” was" in english
    before = _render(data, "en", as_of=dt.date(2019, 11, 1))
    assert "- not yet reached (as of Nov 1, 2019), 1 day overdue" in before
    assert "- no delay against the first plan; no revision" in before
    german = _render(data, "de", as_of=dt.date(2019, 12, 1))
    assert "noch nicht erreicht (Stand 01.12.2019)" in german
    assert "überfällig" not in german  # "frühestens Juni 2020" promised nothing for June


def test_leipzig_example_in_english_builds_the_header() -> None:
    text = _render(example("leipzig"), "en")
    assert text.startswith("# Statement of the administration\n\nLeipzig (AGS 14713000)\n")
    for row in (
        "| Office (Stadtamt) | not known (no statement in the data set) |",
        "| Statement no. | not yet assigned (no statement in the data set) |",
        "| Date | Jan 1, 2026 (reference day of this report) |",
        "| Re | no inquiry in the data set |",
        "| Subject | Gesamtkonzept zur Integration der Migrantinnen und Migranten in Leipzig |",
        "| Distribution | not known |",
    ):
        assert row in text
    assert "The administration states:" in text
    assert "## How far has the process progressed?" in text
    assert "## When will the concept be put before the city council?" in text
    assert "- first plan: 2017 \\[2\\]" in text
    assert "- delay against the first plan: 759 days, 0 revisions" in text
    assert "was adopted on Jan 29, 2020 (VI-DS-08033-NF-02)." in text


def test_imported_statement_keeps_its_header_and_questions() -> None:
    text = _render(_imported("stellungnahme_befragung.txt"), as_of=dt.date(2021, 4, 14))
    assert "| Verteiler | Der Oberbürgermeister, Tag 20.04.2021 |" in text
    assert "Am 25.03.2021 wurde folgende Anfrage im Stadtrat eingebracht:" in text
    assert "## Fragen der Anfrage F0087/21" in text
    assert "## Zur Frage 1)\n" in text
    assert "## Zur Frage 2)\n" in text
    assert "- 2\\. Wann werden die Ergebnisse dem Stadtrat vorgelegt?" in text
    assert "- 11\\.12.2020: Befragung abgeschlossen \\[2\\]" in text
    assert "### Ergebnisse der Befragung von Menschen mit Migrationshintergrund" in text
    assert "- am 14.04.2021 verschoben auf September 2021 \\[5\\]" in text
    assert "- später als der erste Plan: 242 Tage, 1 Planänderung" in text
    assert "Eine beschlossene Fassung des Konzepts ist im Datensatz nicht erfasst." in text


def test_a_motion_is_introduced_as_such() -> None:
    text = _render(_imported("stellungnahme_leerzeichen.txt"), as_of=dt.date(2019, 12, 31))
    assert "Am 14.02.2019 wurde folgender Antrag im Stadtrat eingebracht:" in text
    assert "Der Oberbürgermeister wird beauftragt, bis zum 30.06.2019 ein Konzept" in text
    assert "noch nicht erreicht (Stand 31.12.2019), seit 92 Tagen überfällig" in text


def test_an_empty_data_set_says_what_is_missing() -> None:
    data = Dataset(Municipality("Magdeburg", "15003000"), example("magdeburg").budget_cadence)
    text = _render(data)
    assert "| zum/zur | keine Anfrage im Datensatz |" in text
    assert "| Bezeichnung | Stand des Integrationskonzepts |" in text
    assert "Der Datensatz nennt bis zum 01.01.2026 keinen erreichten Schritt." in text
    assert "Der Datensatz enthält keinen geplanten Termin." in text
    assert "## Quellen" not in text


def test_hostile_text_is_escaped() -> None:
    import attrs

    data = example("magdeburg")
    milestones = tuple(
        attrs.evolve(m, title="<script>alert(1)</script> [x](http://e.vil)")
        for m in data.milestones
    )
    text = _render(attrs.evolve(data, milestones=milestones))
    assert "<script>" not in text
    assert "\\<script\\>" in text
    assert "\\[x\\](http://e.vil)" in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_docx_holds_the_header_and_the_answers(lang: str) -> None:
    output = (
        registry()
        .report_format("magdeburg-stellungnahme")
        .render(example("magdeburg"), RenderOptions("docx", lang, dt.date(2026, 1, 1)))
    )
    document = docx.Document(io.BytesIO(output))
    paragraphs = [p.text.replace("\xa0", " ") for p in document.paragraphs]
    title = "Stellungnahme der Verwaltung" if lang == "de" else "Statement of the administration"
    assert paragraphs[0] == title
    (table,) = document.tables
    assert [cell.text for cell in table.rows[2].cells][1] == "S0518/19"
    slip = (
        "Verzug gegenüber dem ersten Plan: 1.134 Tage, 1 Planänderung"
        if lang == "de"
        else "delay against the first plan: 1,134 days, 1 revision"
    )
    assert slip in paragraphs


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind"):
        registry().report_format("magdeburg-stellungnahme").render(
            example("magdeburg"), RenderOptions("pdf")
        )
