"""``new`` (German ``neu``): a city starts its concept from nothing, without writing JSON.

It creates a workspace holding the city, an empty concept with one edition and the status
vocabulary (a city plugin's profile adds its budget cadence, review duties and vocabulary), and
writes a blank workbook with every sheet an office fills: the import reads it back into the
workspace (``import xlsx MAPPE.xlsx --into``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import UserError, date_argument, refuse_overwriting, write_output
from .workspace import _author, add_workspace_options, load_state, workspace_path

if TYPE_CHECKING:
    from ..model.dataset import Dataset

__all__ = ["blank_dataset", "register"]

DEFAULT_WORKBOOK = "integrationskonzept.xlsx"


def register(commands: Any) -> None:
    new = commands.add_parser(
        "new",
        aliases=["neu"],
        help="ein neues Konzept anlegen: Arbeitsbereich und leere Arbeitsmappe",
        description="Legt für eine Stadt einen Arbeitsbereich mit einem leeren Konzept an und "
        "schreibt eine Arbeitsmappe mit allen Blättern zum Ausfüllen (Handlungsfelder, "
        "Maßnahmen, Organisationen, Status, Zwecke, Haushalt, Prüfpflichten, Berichte, "
        "Meilensteine, Info). Danach: integrationkonzept import xlsx MAPPE.xlsx --into "
        "ARBEITSBEREICH --source „…“.",
    )
    new.add_argument("--city", "--stadt", required=True, metavar="NAME", help="Name der Stadt")
    new.add_argument(
        "--ags", required=True, metavar="AGS", help="Amtlicher Gemeindeschlüssel (8 Ziffern)"
    )
    new.add_argument("--office", "--amt", default="", metavar="AMT", help="zuständiges Amt")
    new.add_argument(
        "--title",
        "--titel",
        metavar="TITEL",
        help="Titel des Konzepts (Standard: „Integrationskonzept der Stadt NAME“)",
    )
    new.add_argument(
        "--profile",
        "--profil",
        metavar="PROFIL",
        help="Profil eines Stadt-Plugins (Haushaltsrhythmus, Prüfpflichten, Status)",
    )
    new.add_argument(
        "--adopted",
        "--beschlossen",
        type=date_argument,
        metavar="DATUM",
        help="Tag des Ratsbeschlusses über das Konzept, falls schon beschlossen",
    )
    new.add_argument(
        "--workbook",
        "--mappe",
        type=Path,
        default=Path(DEFAULT_WORKBOOK),
        metavar="MAPPE.xlsx",
        help=f"die leere Arbeitsmappe (Standard: {DEFAULT_WORKBOOK})",
    )
    new.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache der Mappe")
    add_workspace_options(new, changes=False)
    new.add_argument("--author", metavar="NAME", help="wer das Konzept anlegt")
    new.set_defaults(run=_new)


def blank_dataset(
    city: str,
    ags: str,
    *,
    office: str = "",
    title: str | None = None,
    adopted: dt.date | None = None,
    profile: Any = None,
    today: dt.date | None = None,
) -> Dataset:
    """A city's data set with an empty concept: one edition (adopted on ``adopted``, if given)
    without fields or measures, and the status vocabulary; ``profile`` (a city plugin's
    :class:`~integrationkonzept.contributions.MunicipalityProfile`) gives the budget cadence,
    review duties and vocabulary, else a Doppelhaushalt from this year and the default
    vocabulary."""
    import attrs

    from ..german import slug
    from ..model.concept import DEFAULT_STATUSES, Concept, Edition, Municipality
    from ..model.dataset import Dataset
    from ..model.periods import BudgetCadence, DateRange

    today = today or dt.date.today()
    municipality = Municipality(city, ags, office)
    if profile is not None and profile.municipality.ags != ags:
        raise UserError(
            f"das Profil „{profile.name}“ gilt für den AGS {profile.municipality.ags}, nicht {ags}"
        )
    title = title or f"Integrationskonzept der Stadt {city}"
    edition = Edition(
        str((adopted or today).year),
        title,
        adopted=adopted,
        valid=DateRange(adopted, None) if adopted is not None else None,
    )
    statuses = (profile.statuses if profile is not None else ()) or DEFAULT_STATUSES
    concept = Concept(
        f"{slug(city)}-integrationskonzept", title, editions=(edition,), statuses=statuses
    )
    cadence = profile.budget_cadence if profile is not None else BudgetCadence(2, today.year)
    data = Dataset(municipality, cadence, concept)
    if profile is not None:
        data = attrs.evolve(data, review_rules=profile.review_rules)
    return data


def _new(args: argparse.Namespace) -> int:
    from ..contributions import RenderOptions
    from ..plugins import registry
    from ..workspace import Workspace

    path = workspace_path(args)
    workbook: Path = args.workbook
    if path.exists() or path.is_symlink():
        raise UserError(f"{path}: existiert bereits; bitte einen anderen Namen mit -w angeben")
    if workbook.exists() or workbook.is_symlink():
        raise UserError(
            f"{workbook}: existiert bereits; bitte einen anderen Namen mit --mappe angeben"
        )
    refuse_overwriting(workbook, path)
    profile = registry().profile(args.profile) if args.profile else None
    try:
        data = blank_dataset(
            args.city.strip(),
            args.ags.strip(),
            office=args.office.strip(),
            title=args.title.strip() if args.title else None,
            adopted=args.adopted,
            profile=profile,
        )
    except (ValueError, TypeError) as exc:
        raise UserError(str(exc)) from None
    Workspace.create(path, data, author=_author(args), source="neu angelegt").close()
    state = load_state(path, as_of=None, recorded=None, report=None)
    options = RenderOptions("xlsx", args.lang, dt.date.today(), base=state.base)
    write_output(workbook, registry().report_format("xlsx").render(state.data, options))
    print(
        f"Arbeitsbereich {path} und Arbeitsmappe {workbook} angelegt.\n"
        f"Als Nächstes: die Mappe ausfüllen, dann\n"
        f"  integrationkonzept import xlsx {workbook} --into {path} --source "
        f"„Arbeitsmappe des Amtes“",
        file=sys.stderr,
    )
    return 0
