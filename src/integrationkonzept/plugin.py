"""Everything a plugin author needs, in one module that stays stable between versions.

A city's plugin imports from here, from the package root (the model,
:func:`~integrationkonzept.dump` and :func:`~integrationkonzept.load`),
:mod:`integrationkonzept.model`, :mod:`integrationkonzept.errors` and, in its tests,
:mod:`integrationkonzept.testing`; the modules these names come from may be reorganised.

- **Hooks:** :func:`hookimpl` marks a plugin's hook functions (see the hook reference).
- **Contributions**, the records the hooks return: :class:`MunicipalityProfile`,
  :class:`Importer` (reading :class:`InputFile`), :class:`ReportFormat` (with
  :class:`RenderOptions`), :class:`ReferenceScheme` (giving :class:`ParsedReference`),
  :class:`CheckSet` (giving :class:`Problem` of a :class:`Severity`), :class:`OParlAdapter` and
  :class:`RelevanceRules`; :data:`DEFAULT_STATUSES` for a profile.
- **Documents** a report format builds: :class:`Document` of :class:`Heading`,
  :class:`Paragraph`, :class:`Items`, :class:`Table` and :class:`Image` blocks (:data:`Block`),
  :class:`Footnotes` to number sources, :func:`escape_markdown`.
- **The view model** the core's reports render: :func:`build_overview` gives an
  :class:`Overview` (each value an :class:`Entry` or :class:`Step` with the numbers of its
  sources; the concept's guidelines and editions as :class:`Adoption`, each milestone as a
  :class:`MilestoneBlock`, each budget period as a :class:`PeriodBlock` of :class:`YearAmounts`
  with :class:`PurposeAmounts` and :class:`Amount`, and with ``papers=True`` each decided paper as
  a :class:`PaperBlock` with its :class:`ConsultationRow` and :class:`DecisionBlock`, the sources
  as :class:`SourceEntry`); a format that shows part of it cites through :class:`Citations`,
  which numbers the sources it shows from 1.
- **Wording:** :func:`text` and :func:`text_n` (messages in :data:`LANGS`), :func:`fmt_date`,
  :func:`fmt_planned`, :func:`fmt_money`, :func:`fmt_decimal`, :func:`fmt_int`,
  :func:`fmt_percent`, :func:`quoted`; the sentences every report shares: :func:`revision_text`
  for a milestone's change of plan, :func:`slip_text` for its slip, :func:`due_state_text` for
  where a review duty stands (:class:`DueStatus`).
- **Calculations** to report rather than add up by hand: :func:`budget_view`
  (:class:`BudgetView` of :class:`Cell`), :func:`milestone_slip` (:class:`Slip`),
  :func:`paper_references` (:class:`PaperReference`); fiscal years lie between
  :data:`MIN_FISCAL_YEAR` and :data:`MAX_FISCAL_YEAR` (:func:`check_fiscal_year`).
- **Errors:** :class:`ParseError` with its :class:`Location`; :func:`parse_error_at` makes one
  at a file and line.
- **German text:** :func:`numbered_lines` (each a :class:`Line` with its number) after
  :func:`clean_lines`, :func:`parse_date` and :func:`date_pattern` for ``31.03.2021`` and
  ``3. Mai 2021``, :data:`MONTHS` and :data:`MONTH_NAMES`, :func:`full_year` for ``17``, and
  :func:`slug` for ids made of words.
"""

from __future__ import annotations

from .calc.budget import BudgetView, Cell, budget_view
from .calc.checks import PaperReference, paper_references
from .calc.review import DueStatus, Slip, milestone_slip
from .contributions import (
    CheckSet,
    Importer,
    InputFile,
    MunicipalityProfile,
    OParlAdapter,
    ParsedReference,
    Problem,
    ReferenceScheme,
    RelevanceRules,
    RenderOptions,
    ReportFormat,
    Severity,
)
from .errors import Location, ParseError, parse_error_at
from .german import (
    MONTH_NAMES,
    MONTHS,
    Line,
    YearDigits,
    clean_lines,
    date_pattern,
    full_year,
    numbered_lines,
    parse_date,
    slug,
)
from .hookspecs import hookimpl
from .i18n import (
    LANGS,
    fmt_date,
    fmt_decimal,
    fmt_int,
    fmt_money,
    fmt_percent,
    fmt_planned,
    quoted,
    text,
    text_n,
)
from .model.concept import DEFAULT_STATUSES
from .model.periods import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, check_fiscal_year
from .reports.document import (
    Block,
    Document,
    Heading,
    Image,
    Items,
    Paragraph,
    Table,
    escape_markdown,
)
from .reports.footnotes import Citations, Footnotes, SourceEntry
from .reports.overview import build_overview
from .reports.sentences import due_state_text, revision_text, slip_text
from .reports.view import (
    Adoption,
    Amount,
    ConsultationRow,
    DecisionBlock,
    Entry,
    MilestoneBlock,
    Overview,
    PaperBlock,
    PeriodBlock,
    PurposeAmounts,
    Step,
    YearAmounts,
)

__all__ = [
    "DEFAULT_STATUSES",
    "LANGS",
    "MAX_FISCAL_YEAR",
    "MIN_FISCAL_YEAR",
    "MONTHS",
    "MONTH_NAMES",
    "Adoption",
    "Amount",
    "Block",
    "BudgetView",
    "Cell",
    "CheckSet",
    "Citations",
    "ConsultationRow",
    "DecisionBlock",
    "Document",
    "DueStatus",
    "Entry",
    "Footnotes",
    "Heading",
    "Image",
    "Importer",
    "InputFile",
    "Items",
    "Line",
    "Location",
    "MilestoneBlock",
    "MunicipalityProfile",
    "OParlAdapter",
    "Overview",
    "PaperBlock",
    "PaperReference",
    "Paragraph",
    "ParseError",
    "ParsedReference",
    "PeriodBlock",
    "Problem",
    "PurposeAmounts",
    "ReferenceScheme",
    "RelevanceRules",
    "RenderOptions",
    "ReportFormat",
    "Severity",
    "Slip",
    "SourceEntry",
    "Step",
    "Table",
    "YearAmounts",
    "YearDigits",
    "budget_view",
    "build_overview",
    "check_fiscal_year",
    "clean_lines",
    "date_pattern",
    "due_state_text",
    "escape_markdown",
    "fmt_date",
    "fmt_decimal",
    "fmt_int",
    "fmt_money",
    "fmt_percent",
    "fmt_planned",
    "full_year",
    "hookimpl",
    "milestone_slip",
    "numbered_lines",
    "paper_references",
    "parse_date",
    "parse_error_at",
    "quoted",
    "revision_text",
    "slip_text",
    "slug",
    "text",
    "text_n",
]
