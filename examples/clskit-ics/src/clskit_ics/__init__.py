"""clskit-ics: the meetings of a Contrat Local de Santé as an iCalendar (.ics) file.

A clskit plugin, and a template for a territory's own exporter. This module is what the
entry point names (``[project.entry-points.clskit] ics = "clskit_ics"``): clskit imports
it whenever plugins are listed or a contract is validated, so it only *declares* the
exporter. The writing lives in :mod:`clskit_ics.ical`, imported the first time a
calendar is actually written (``write`` is given as ``"module:function"``).

    clskit export ics examples/melun-val-de-seine -o reunions.ics
    clskit export ics examples/melun-val-de-seine -o prevues.ics --option status=planned
"""

from __future__ import annotations

from clskit.exporters import Exporter, Needs, Option
from clskit.hookspecs import hookimpl

__version__ = "0.1.0"

OPTIONS = (
    Option("status", "which meetings: all (held, planned and cancelled), held or planned",
           default="all", choices=("all", "held", "planned")),
    Option("duration", "length of a meeting that has a start time: 2h, 1h30, 90min",
           default="2h"),
    Option("loose", "meetings known only by a period (2021-09): skip them, write them as "
           "an all-day event on the first day of the period, or as one spanning it; "
           "their summary then ends with «(date approximative)»",
           default="skip", choices=("skip", "first-day", "span")),
)

EXPORTER = Exporter(
    name="ics",
    title="Calendrier des réunions (iCalendar)",
    formats=("ics",),
    write="clskit_ics.ical:write_ics",
    needs=Needs.CONTRACT,
    options=OPTIONS,
    description="The meetings of the bodies (COPIL, COTECH, working groups…) as an RFC 5545 "
                "calendar that Outlook, Thunderbird or a phone imports.",
)


@hookimpl
def clskit_exporters() -> list[Exporter]:
    return [EXPORTER]


__all__ = ["EXPORTER", "OPTIONS", "__version__", "clskit_exporters"]
