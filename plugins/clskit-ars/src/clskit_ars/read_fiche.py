"""One fiche sheet back into an :class:`~clskit.model.Action`.

The sheet is read by the labels of its column A, in any order and with rows inserted or
removed: a block (the partners table, a long text) runs from its header to the next
known label or section. A label the reader does not know is a warning, never a stop.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import define, field

from clskit.model import (
    Action,
    ActionStatus,
    ArsQuestions,
    Funding,
    IndicatorKind,
    ParticipationDegree,
    Partner,
    PartnerRole,
    Place,
    PlaceScope,
    Priority,
    Sector,
)
from clskit.workbooks import Cell, Problems, Sheet, date, number, text, yes_no
from clskit_ars import layout as L
from clskit_ars.reading import Record, at, enum_cell
from clskit_ars.values import long_text, slug, split_lines, split_list

#: Labels of one row each, folded → the field they hold.
_FIELDS = {
    L.AXIS: "axis", L.TITLE: "title", L.PILOT: "pilot", L.PRE_EXISTING: "pre_existing",
    L.CONTRAT_DE_VILLE: "in_contrat_de_ville", L.SPECIFIC: "specific_objective",
    L.PUBLIC: "target_public", L.PLACE: "place", L.COMMUNES: "communes",
    L.NEIGHBOURHOODS: "neighbourhoods", L.INEQUALITIES: "inequalities_identified",
    L.DETERMINANT: "determinants", L.PRS: "prs_links", L.OTHER_PLANS: "other_plans",
    L.PARTICIPATIVE: "participative", L.DETAIL: "participation", L.ACTION_ID: "id",
    L.SHORT_TITLE: "short_title", L.PILOT_ID: "pilot_id", L.TREE_OBJECTIVES: "objectives",
    L.TRANSVERSAL: "transversal_axes", L.CRITERIA: "evaluation_criteria",
    L.STATUS: "status", L.PRIORITY: "priority", L.NOTES: "notes", L.BANNER: "banner",
}
_NUMBERED = re.compile(r"^(objoperationnel|theme|indicateurprocessus|indicateuractivite|"
                       r"indicateurresultat)(\d*)$")
_SLOT_KIND = {"indicateurprocessus": IndicatorKind.PROCESS,
              "indicateuractivite": IndicatorKind.ACTIVITY,
              "indicateurresultat": IndicatorKind.RESULT}


def looks_like_fiche(sheet: Sheet) -> bool:
    """A sheet is a fiche when its column A has the template's «Intitulé de l'action»."""
    return any(L.same(sheet.value(row, 1), L.TITLE) for row in range(1, min(sheet.max_row, 40) + 1))


def classify(label: Any) -> tuple[str, int] | None:
    """The field a column-A label stands for, with its number (Thème 2 → theme, 2)."""
    if label is None:
        return None
    for known, name in _FIELDS.items():
        if L.same(label, known):
            return name, 0
    if m := _NUMBERED.match(L.key(label)):
        return m[1], int(m[2] or 1)
    for section in L.SECTIONS:
        if L.same(label, section):
            return "section:" + section, 0
    return None


@define
class Slot:
    """An indicator named in the SUIVI ET ÉVALUATION block."""

    kind: IndicatorKind
    label: str
    id: str | None
    cell: Cell


@define
class ReadFiche:
    """What one sheet gave: the action, its indicator slots, and where its code was."""

    action: Action
    slots: list[Slot]
    code_cell: Cell
    contract_name: str | None


@define
class _State:
    values: dict[str, Any] = field(factory=dict)
    operational: dict[int, str] = field(factory=dict)
    themes: dict[int, str] = field(factory=dict)
    partners: list[Partner] = field(factory=list)
    partner_cells: list[tuple[str, Cell]] = field(factory=list)
    funding: list[Funding] = field(factory=list)
    slots: list[Slot] = field(factory=list)
    texts: dict[str, list[str]] = field(factory=dict)


class FicheReader:
    """Reads one fiche sheet; problems go to the shared :class:`Problems`."""

    def __init__(self, sheet: Sheet, record: Record, problems: Problems) -> None:
        self.sheet = sheet
        self.record = record
        self.problems = problems
        self.s = _State()
        self.block: str | None = None  # partners, funding, partner_notes, or a long text
        self.contract_row = 0

    def cell(self, row: int, column: int, title: str | None = None) -> Cell:
        return at(self.sheet, row, column, title)

    def read(self) -> ReadFiche | None:
        previous: tuple[Any, ...] | None = None
        for row in range(1, self.sheet.max_row + 1):
            values = self.sheet.row_values(row)
            if self.sheet.is_blank(row):
                continue
            if values == previous and self.block in (L.JUSTIFICATION, L.DESCRIPTION):
                continue  # a paragraph merged over several rows reads once
            previous = values
            self.row(row)
        return self.build()

    # -- dispatch

    def row(self, row: int) -> None:
        label = self.sheet.value(row, 1)
        found = classify(label)
        if found is None and self.block in (L.JUSTIFICATION, L.DESCRIPTION):
            part = text(self.cell(row, 1, self.block))
            if part:
                self.s.texts.setdefault(self.block, []).append(part)
            return
        if found is None:
            if L.same(label, L.SECTOR) and L.same(self.sheet.value(row, 2), L.PARTNER):
                self.block = "partners"
            elif L.same(label, L.FUNDER):
                self.block = "funding"
            elif L.same(label, L.PARTNER_NOTES):
                self.block = "partner_notes"
            elif self.block in ("partners", "funding", "partner_notes"):
                getattr(self, f"_{self.block}")(row)
            elif row == self.contract_row:
                self.s.values["contract_name"] = text(self.cell(row, 1))
            elif text(self.cell(row, 1)) is not None:
                self.problems.warning(self.cell(row, 1), f"ligne {text(self.cell(row, 1))!r} "
                                      "non reconnue dans une fiche action : ignorée")
            return
        name, n = found
        if name.startswith("section:"):
            section = name.removeprefix("section:")
            self.block = section if section in (L.JUSTIFICATION, L.DESCRIPTION) else None
            return
        self.block = None
        self.field(row, name, n, str(label))

    def field(self, row: int, name: str, n: int, label: str) -> None:
        value = self.cell(row, 2, label)
        v = self.s.values
        if name in ("pre_existing", "in_contrat_de_ville", "inequalities_identified",
                    "participative"):
            v[name] = yes_no(self.cell(row, 6, label), self.problems)
        elif name == "banner":
            v["code"] = text(value)
            v["code_cell"] = value
            self.contract_row = row + 1  # the contract's name, under the banner
        elif name == "pilot":
            v["pilot"] = value
            v["start"] = date(self.cell(row, 4, L.START), self.problems)
            v["end"] = date(self.cell(row, 6, L.END), self.problems)
        elif name == "place":
            v["place_label"] = text(value)
            v["place_scope"] = enum_cell(self.cell(row, 5, L.PLACE_SCOPE), PlaceScope,
                                         self.problems, "un type de lieu")
        elif name in ("communes", "neighbourhoods"):
            v[name] = self.record.places(value, qpv=name == "neighbourhoods")
        elif name == "participation":
            v["participation_detail"] = text(value)
            v["participation_degree"] = enum_cell(
                self.cell(row, 5, L.DEGREE), ParticipationDegree, self.problems,
                "un degré de participation", strict=False)
        elif name == "status":
            v["status"] = enum_cell(value, ActionStatus, self.problems, "un statut")
            v["status_date"] = date(self.cell(row, 5, L.STATUS_DATE), self.problems)
        elif name == "priority":
            v["priority"] = enum_cell(value, Priority, self.problems, "une priorité")
        elif name == "objoperationnel":
            if (objective := text(value)) is not None:
                self.s.operational[n] = objective
        elif name == "theme":
            self._theme(row, n, label)
        elif name in _SLOT_KIND:
            self._slot(row, name, label)
        elif name in ("axis", "pilot_id"):
            v[name] = value
        else:
            v[name] = text(value)

    # -- blocks

    def _theme(self, row: int, n: int, label: str) -> None:
        theme = text(self.cell(row, 2, label))
        other = text(self.cell(row, 5, L.IF_OTHER))
        if theme is not None and L.key(theme) == L.key(L.OTHER) and other:
            self.s.themes[n] = other
        elif theme is not None:
            if other:
                self.problems.warning(self.cell(row, 5, L.IF_OTHER),
                                      f"«Si autre» rempli alors que le thème est {theme!r} "
                                      "(et non «Autre») : ignoré")
            self.s.themes[n] = theme
        elif other:
            self.s.themes[n] = other

    def _slot(self, row: int, name: str, label: str) -> None:
        cell = self.cell(row, 2, label)
        shown = text(cell)
        identifier = text(self.cell(row, 6, label))
        if shown is None:
            if identifier:
                self.problems.warning(cell, f"indicateur {identifier!r} sans libellé : ignoré")
            return
        self.s.slots.append(Slot(_SLOT_KIND[name], shown, identifier, cell))

    def _partners(self, row: int) -> None:
        header = L.PARTNER_HEADER
        who = self.cell(row, 2, header[1])
        sector = enum_cell(self.cell(row, 1, header[0]), Sector, self.problems, "un secteur",
                           strict=False)
        roles = [role for i, role in enumerate(PartnerRole)
                 if yes_no(self.cell(row, 3 + i, header[2 + i]), self.problems)]
        if text(who) is None:
            self.problems.warning(who, "ligne de partenaire sans partenaire : ignorée")
            return
        organisation = self.record.party(who)
        assert organisation is not None
        if not roles:
            self.problems.warning(who, f"{text(who)!r} n'a aucun rôle coché («Oui») parmi "
                                       "les quatre : partenaire gardé sans rôle")
        self.s.partners.append(Partner(organisation=organisation, sector=sector, roles=roles))
        self.s.partner_cells.append((organisation, who))

    def _funding(self, row: int) -> None:
        h = L.FUNDING_HEADER
        amount = number(self.cell(row, 4, h[3]), self.problems, "un montant")
        year = number(self.cell(row, 5, h[4]), self.problems, "une année")
        self.s.funding.append(Funding(
            funder=self.record.party(self.cell(row, 1, h[0])),
            label=text(self.cell(row, 2, h[1])),
            amount=int(amount) if amount is not None and amount.is_integer() else amount,
            year=int(year) if year is not None else None,
            secured=yes_no(self.cell(row, 6, h[5]), self.problems)))

    def _partner_notes(self, row: int) -> None:
        h = L.PARTNER_NOTES_HEADER
        who = self.cell(row, 1, h[0])
        organisation = self.record.party(who)
        since = date(self.cell(row, 2, h[1]), self.problems)
        note = text(self.cell(row, 3, h[2]))
        for partner in self.s.partners:
            if partner.organisation == organisation and partner.since is None \
                    and partner.note is None:
                partner.since, partner.note = since, note
                return
        if organisation is not None:
            self.problems.warning(who, f"{text(who)!r} n'est pas dans le tableau des "
                                       "partenaires de la fiche : précision ignorée")

    # -- the action

    def build(self) -> ReadFiche | None:
        v = self.s.values
        where = v.get("code_cell") or at(self.sheet, 1, 1)
        code = v.get("code")
        title = v.get("title")
        if not code:
            self.problems.error(where, "pas de code de fiche (ligne «FICHE ACTION», "
                                       "colonne B) : la feuille ne peut être lue", "sheet")
        if not title:
            self.problems.error(where, "pas d'intitulé de l'action (ligne «Intitulé de "
                                       "l'action»)", "value")
        if not code or not title:
            return None
        pilot, pilot_label = self._pilot()
        place = None
        if v.get("place_label") or v.get("place_scope") or v.get("communes") \
                or v.get("neighbourhoods"):
            place = Place(scope=v.get("place_scope") or PlaceScope.WHOLE_TERRITORY,
                          label=v.get("place_label"), communes=v.get("communes", []),
                          neighbourhoods=v.get("neighbourhoods", []))
        axis = v.get("axis")
        ars = ArsQuestions(
            pre_existing=v.get("pre_existing"), in_contrat_de_ville=v.get("in_contrat_de_ville"),
            inequalities_identified=v.get("inequalities_identified"),
            participative=v.get("participative"),
            participation_degree=v.get("participation_degree"),
            participation_detail=v.get("participation_detail"))
        action = Action(
            id=v.get("id") or slug(code, set()), code=code, title=title,
            short_title=v.get("short_title"),
            axis=self.record.axis(axis) if axis is not None else None,
            transversal_axes=split_list(v.get("transversal_axes")),
            objectives=split_list(v.get("objectives")),
            specific_objective=v.get("specific_objective"),
            operational_objectives=[self.s.operational[k] for k in sorted(self.s.operational)],
            pilot=pilot, pilot_label=pilot_label, partners=self.s.partners,
            target_public=v.get("target_public"), place=place,
            determinants=split_lines(v.get("determinants")),
            themes=[self.s.themes[k] for k in sorted(self.s.themes)],
            prs_links=split_lines(v.get("prs_links")),
            other_plans=split_lines(v.get("other_plans")), ars=ars,
            justification=long_text(self.s.texts.get(L.JUSTIFICATION, [])),
            description=long_text(self.s.texts.get(L.DESCRIPTION, [])),
            evaluation_criteria=split_lines(v.get("evaluation_criteria")),
            start=v.get("start"), end=v.get("end"),
            status=v.get("status") or ActionStatus.PLANNED, status_date=v.get("status_date"),
            priority=v.get("priority"), funding=self.s.funding,
            notes=long_text([v["notes"]]) if v.get("notes") else None)
        return ReadFiche(action, self.s.slots, where, v.get("contract_name"))

    def _pilot(self) -> tuple[str | None, str | None]:
        """The porteur: the identifier row names it, the template's cell says it in the
        fiche's words, kept as ``pilot_label`` («the porteur as written in the fiche»).
        With no identifier, the words name an organisation or person of the record, or
        stay words only."""
        v = self.s.values
        shown_cell: Cell | None = v.get("pilot")
        shown = text(shown_cell) if shown_cell is not None else None
        id_cell: Cell | None = v.get("pilot_id")
        identifier = text(id_cell) if id_cell is not None else None
        if identifier is not None and identifier not in self.record.ids:
            assert id_cell is not None
            self.problems.warning(id_cell, f"porteur {identifier!r} absent de la feuille "
                                           "«Contrat» : identifiant ignoré")
            identifier = None
        if identifier is None and shown is not None:
            identifier = self.record.find(shown)
        return identifier, shown
