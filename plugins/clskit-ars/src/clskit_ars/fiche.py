"""One fiche action as a sheet in the layout of the ARS Île-de-France template.

The template's blocks come in its order (header, objectives, public and place,
TYPOLOGIE ET THÉMATIQUE, PARTENAIRES ET PARTICIPATION, SUIVI ET ÉVALUATION,
JUSTIFICATION, DESCRIPTION); what the record holds beyond the template (identifiers,
status, funding, notes) follows in a last block, so that reading the sheet back gives
the same fiche.
"""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from clskit.model import Action, Contract, Indicator, PartnerRole
from clskit_ars import layout as L
from clskit_ars.sheet import (
    BANNER_FILL,
    BANNER_FONT,
    BOLD,
    CENTRE,
    GREY,
    ITALIC,
    LABEL_FILL,
    SECTION_FILL,
    WHITE,
    SheetWriter,
    printable,
)
from clskit_ars.values import lines, name_of, paragraphs, parties, shown

LABEL: dict[str, Any] = {"font": BOLD, "fill": LABEL_FILL}
ANSWER: dict[str, Any] = {"align": CENTRE}
PLAIN: dict[str, Any] = {}


def yes_no(value: bool | None) -> str | None:
    return None if value is None else (L.YES if value else L.NO)


def action_indicators(contract: Contract, action: Action) -> dict[str, list[Indicator]]:
    """The fiche's indicators by kind, in the record's order."""
    found: dict[str, list[Indicator]] = {kind: [] for kind in L.INDICATOR_SLOTS}
    for indicator in contract.indicators:
        if action.id in indicator.actions:
            found[indicator.kind.value].append(indicator)
    return found


class FicheSheet:
    """Writes ``action`` into ``ws``."""

    def __init__(self, ws: Worksheet, contract: Contract, action: Action) -> None:
        self.w = SheetWriter(ws, L.FICHE_WIDTHS)
        self.contract = contract
        self.action = action
        self.parties = parties(contract)

    # -- building blocks

    def labelled(self, label: str, value: Any) -> None:
        self.w.line([(1, 1, label, LABEL), (2, 6, value, PLAIN)])

    def question(self, label: str, answer: bool | None) -> None:
        self.w.line([(1, 5, label, LABEL), (6, 6, yes_no(answer), ANSWER)])

    def section(self, title: str) -> None:
        self.w.line([(1, 6, title, {"font": WHITE, "fill": SECTION_FILL})])

    def party(self, identifier: str | None) -> str | None:
        if identifier is None:
            return None
        found = self.parties.get(identifier)
        return name_of(found) if found else identifier

    # -- the sheet

    def write(self) -> None:
        a = self.action
        self.w.line([(1, 1, L.BANNER, {"font": BANNER_FONT, "fill": BANNER_FILL}),
                     (2, 6, a.code, {"font": BANNER_FONT, "fill": BANNER_FILL})])
        self.w.line([(1, 6, self.contract.name, {"font": ITALIC, "border": False})])
        self.header()
        self.typology()
        self.partnership()
        self.evaluation()
        self.long_text(L.JUSTIFICATION, a.justification)
        self.long_text(L.DESCRIPTION, a.description)
        self.complements()
        printable(self.w, columns=6, title_rows="1:2",
                  footer_left=self.contract.short_name or self.contract.name,
                  footer_right=f"Fiche action {a.code}")

    def header(self) -> None:
        a = self.action
        axis = next((x for x in self.contract.axes if x.id == a.axis), None)
        self.labelled(L.AXIS, f"{axis.code} : {axis.title}" if axis else a.axis)
        self.labelled(L.TITLE, a.title)
        pilot = a.pilot_label or self.party(a.pilot)
        self.w.line([(1, 1, L.PILOT, LABEL), (2, 2, pilot, PLAIN), (3, 3, L.START, LABEL),
                     (4, 4, a.start, ANSWER), (5, 5, L.END, LABEL), (6, 6, a.end, ANSWER)])
        self.question(L.PRE_EXISTING, a.ars.pre_existing)
        self.question(L.CONTRAT_DE_VILLE, a.ars.in_contrat_de_ville)
        self.labelled(L.SPECIFIC, a.specific_objective)
        for n, objective in enumerate(self._at_least(a.operational_objectives, 2), start=1):
            self.labelled(f"{L.OPERATIONAL} {n}", objective)
        self.labelled(L.PUBLIC, a.target_public)
        place = a.place
        self.w.line([(1, 1, L.PLACE, LABEL), (2, 3, place.label if place else None, PLAIN),
                     (4, 4, L.PLACE_SCOPE, LABEL),
                     (5, 6, shown(place.scope) if place else None, PLAIN)])
        if place and place.communes:
            communes = {c.id: c.name for c in self.contract.territory.communes}
            self.labelled(L.COMMUNES, lines(communes.get(c, c) for c in place.communes))
        if place and place.neighbourhoods:
            qpv = {q.id: q.name for q in self.contract.territory.priority_neighbourhoods}
            self.labelled(L.NEIGHBOURHOODS, lines(qpv.get(q, q) for q in place.neighbourhoods))
        self.question(L.INEQUALITIES, a.ars.inequalities_identified)

    @staticmethod
    def _at_least(items: list[str], count: int) -> list[str | None]:
        return [*items, *([None] * (count - len(items)))]

    def typology(self) -> None:
        a = self.action
        self.section(L.TYPOLOGY)
        self.labelled(L.DETERMINANT, lines(a.determinants))
        for n, theme in enumerate(self._at_least(a.themes, 3), start=1):
            self.w.line([(1, 1, f"{L.THEME} {n}", LABEL), (2, 3, theme, PLAIN),
                         (4, 4, L.IF_OTHER, LABEL), (5, 6, None, PLAIN)])
        self.labelled(L.PRS, lines(a.prs_links))
        self.labelled(L.OTHER_PLANS, lines(a.other_plans))

    def partnership(self) -> None:
        a = self.action
        self.section(L.PARTNERSHIP)
        self.w.line([(i, i, title, {"font": BOLD, "fill": LABEL_FILL, "align": CENTRE})
                     for i, title in enumerate(L.PARTNER_HEADER, start=1)])
        for partner in a.partners:
            roles = [L.YES if role in partner.roles else None for role in PartnerRole]
            self.w.line([(1, 1, shown(partner.sector), PLAIN),
                         (2, 2, self.party(partner.organisation), PLAIN),
                         *((3 + i, 3 + i, r, ANSWER) for i, r in enumerate(roles))])
        self.question(L.PARTICIPATIVE, a.ars.participative)
        self.w.line([(1, 1, L.DETAIL, LABEL), (2, 3, a.ars.participation_detail, PLAIN),
                     (4, 4, L.DEGREE, LABEL),
                     (5, 6, shown(a.ars.participation_degree), PLAIN)])

    def evaluation(self) -> None:
        self.section(L.EVALUATION)
        by_kind = action_indicators(self.contract, self.action)
        for kind, slot in L.INDICATOR_SLOTS.items():
            found: list[Indicator | None] = list(by_kind[kind])
            found += [None] * (L.TEMPLATE_SLOTS[kind] - len(found))
            for n, indicator in enumerate(found, start=1):
                name = slot if kind == "process" and len(found) == 1 else f"{slot} {n}"
                self.w.line([(1, 1, name, LABEL),
                             (2, 5, indicator.label if indicator else None, PLAIN),
                             (6, 6, indicator.id if indicator else None, {"font": GREY})])

    def long_text(self, title: str, text: str | None) -> None:
        self.section(title)
        parts: list[str | None] = [*paragraphs(text)] or [None]
        for part in parts:
            self.w.line([(1, 6, part, PLAIN)])

    def complements(self) -> None:
        a = self.action
        self.section(L.COMPLEMENTS)
        self.labelled(L.ACTION_ID, a.id)
        self.labelled(L.SHORT_TITLE, a.short_title)
        self.labelled(L.PILOT_ID, a.pilot)
        self.labelled(L.TREE_OBJECTIVES, lines(a.objectives))
        self.labelled(L.TRANSVERSAL, lines(a.transversal_axes))
        self.labelled(L.CRITERIA, lines(a.evaluation_criteria))
        self.w.line([(1, 1, L.STATUS, LABEL), (2, 3, shown(a.status), PLAIN),
                     (4, 4, L.STATUS_DATE, LABEL), (5, 6, a.status_date, PLAIN)])
        self.labelled(L.PRIORITY, shown(a.priority))
        if a.funding:
            self.w.line([(1, 1, L.FUNDING_HEADER[0], LABEL), (2, 3, L.FUNDING_HEADER[1], LABEL),
                         *((i, i, L.FUNDING_HEADER[i - 1], LABEL) for i in (4, 5, 6))])
            for line in a.funding:
                self.w.line([(1, 1, self.party(line.funder), PLAIN), (2, 3, line.label, PLAIN),
                             (4, 4, line.amount, PLAIN), (5, 5, line.year, ANSWER),
                             (6, 6, yes_no(line.secured), ANSWER)])
        precise = [p for p in a.partners if p.since or p.note]
        if precise:
            self.w.line([(1, 1, L.PARTNER_NOTES_HEADER[0], LABEL),
                         (2, 2, L.PARTNER_NOTES_HEADER[1], LABEL),
                         (3, 6, L.PARTNER_NOTES_HEADER[2], LABEL)])
            for partner in precise:
                self.w.line([(1, 1, self.party(partner.organisation), PLAIN),
                             (2, 2, partner.since, ANSWER), (3, 6, partner.note, PLAIN)])
        self.labelled(L.NOTES, a.notes.strip("\n") if a.notes else None)


def write_fiche(ws: Worksheet, contract: Contract, action: Action) -> None:
    FicheSheet(ws, contract, action).write()
