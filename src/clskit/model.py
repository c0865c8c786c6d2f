"""The record of a Contrat Local de Santé: plain attrs classes, no I/O, no formatting.

Identifiers are explicit strings (``id: fa-03``) and every reference between objects
is by id; :mod:`clskit.checks` resolves and checks them. Every field carries a one-line
``doc`` in its metadata: the JSON Schema and ``docs/format.md`` are generated from it.
Enum values are English data keys; their French labels live in :mod:`clskit.labels`.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from attrs import define, field

from clskit._records import Record
from clskit.period import Period

#: A measured or targeted value: a number, a percentage, a milestone (true/false)
#: or a qualitative statement.
Value = bool | int | float | str

#: A figure or an amount: whole numbers stay whole (6 communes, not 6.0).
Number = int | float


def _doc(text: str) -> dict[str, Any]:
    return {"doc": text}


def _list(text: str) -> Any:
    return field(factory=list, metadata=_doc(text))


def _opt(text: str, default: Any = None) -> Any:
    return field(default=default, metadata=_doc(text))


def _req(text: str) -> Any:
    return field(metadata=_doc(text))


# --------------------------------------------------------------------------- enums


class ContractStatus(Enum):
    """Stage of the contract in its lifecycle."""

    PREFIGURATION = "prefiguration"
    DRAFTING = "drafting"
    SIGNED = "signed"
    ACTIVE = "active"
    EVALUATING = "evaluating"
    EVALUATED = "evaluated"
    CLOSED = "closed"


class ValidationBody(Enum):
    """Who validated the contract before signature."""

    ARS = "ars"
    COMMUNITY_COUNCIL = "community_council"
    MUNICIPAL_COUNCIL = "municipal_council"
    DEPARTMENTAL_ASSEMBLY = "departmental_assembly"
    COPIL = "copil"
    OTHER = "other"


class OrganisationKind(Enum):
    """What kind of organisation it is (drives grouping, not rights)."""

    ARS = "ars"
    STATE = "state"
    HEALTH_INSURANCE = "health_insurance"
    FAMILY_ALLOWANCE = "family_allowance"
    REGION = "region"
    DEPARTMENT = "department"
    EPCI = "epci"
    COMMUNE = "commune"
    MUNICIPAL_SERVICE = "municipal_service"
    HOSPITAL = "hospital"
    HEALTH_CENTRE = "health_centre"
    CPTS = "cpts"
    PROFESSIONALS = "professionals"
    SOCIAL_SERVICE = "social_service"
    ASSOCIATION = "association"
    EDUCATION = "education"
    HOUSING = "housing"
    COMPANY = "company"
    CONSULTANCY = "consultancy"
    INHABITANTS = "inhabitants"
    GROUP = "group"
    OTHER = "other"


class Sector(Enum):
    """Sector of a partner, as in the partners table of the ARS fiche action."""

    HEALTH = "health"
    MEDICO_SOCIAL = "medico_social"
    SOCIAL = "social"
    URBAN_POLICY = "urban_policy"
    HOUSING = "housing"
    URBAN_PLANNING = "urban_planning"
    EARLY_CHILDHOOD = "early_childhood"
    EMPLOYMENT = "employment"
    ENVIRONMENT = "environment"
    EDUCATION = "education"
    OTHER = "other"


class PartnerRole(Enum):
    """The four roles of the ARS partners table."""

    NEEDS_ANALYSIS = "needs_analysis"
    RESOURCE_MOBILISATION = "resource_mobilisation"
    IMPLEMENTATION = "implementation"
    CO_PILOTING = "co_piloting"


class AxisKind(Enum):
    """Strategic axes hold fiches action; transversal axes cut across all of them."""

    STRATEGIC = "strategic"
    TRANSVERSAL = "transversal"


class ObjectiveLevel(Enum):
    """Level in the objectives tree (the ARS «arbre des objectifs»)."""

    GENERAL = "general"
    SPECIFIC = "specific"
    OPERATIONAL = "operational"


class ActionStatus(Enum):
    """Status of a fiche action (the statuses of Territoires en Transitions)."""

    PLANNED = "planned"
    TO_DISCUSS = "to_discuss"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    LATE = "late"
    PAUSED = "paused"
    BLOCKED = "blocked"
    ABANDONED = "abandoned"


class Priority(Enum):
    """Priority level of an action."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class PlaceScope(Enum):
    """Where an action takes place."""

    WHOLE_TERRITORY = "whole_territory"
    PRIORITY_NEIGHBOURHOODS = "priority_neighbourhoods"
    COMMUNES = "communes"
    OTHER = "other"


class ParticipationDegree(Enum):
    """Degree of inhabitants' participation (Territoires en Transitions' scale)."""

    NONE = "none"
    INFORMATION = "information"
    CONSULTATION = "consultation"
    CONCERTATION = "concertation"
    CO_CONSTRUCTION = "co_construction"


class BodyKind(Enum):
    """Kind of governance body («instance»)."""

    COPIL = "copil"
    COTECH = "cotech"
    FOLLOW_UP_COMMITTEE = "follow_up_committee"
    THEMATIC_COMMITTEE = "thematic_committee"
    WORKING_GROUP = "working_group"
    INHABITANTS_WORKSHOP = "inhabitants_workshop"
    COORDINATION = "coordination"
    REFERENTS = "referents"
    SELECTION_COMMITTEE = "selection_committee"
    OTHER = "other"


class MeetingMode(Enum):
    """How a meeting was held."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    HYBRID = "hybrid"
    PHONE = "phone"


class MeetingStatus(Enum):
    """Whether a meeting took place."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class IndicatorKind(Enum):
    """Indicator kind of the ARS fiche action."""

    PROCESS = "process"
    ACTIVITY = "activity"
    RESULT = "result"


class Measure(Enum):
    """What kind of value an indicator takes."""

    NUMBER = "number"
    PERCENTAGE = "percentage"
    QUALITATIVE = "qualitative"
    MILESTONE = "milestone"


class Direction(Enum):
    """Which way is better for an indicator."""

    INCREASE = "increase"
    DECREASE = "decrease"
    REACH = "reach"


class IndicatorFamily(Enum):
    """Families of the ARS «Référentiel CLS» follow-up."""

    IMPLEMENTATION = "implementation"
    PARTNERSHIP_GOVERNANCE = "partnership_governance"
    IMPACT_RESULTS = "impact_results"


class EntryKind(Enum):
    """Kind of journal entry."""

    ACHIEVED = "achieved"
    TODO = "todo"
    HIGHLIGHT = "highlight"
    EVENT = "event"
    DECISION = "decision"


class OrganisationRelation(Enum):
    """How an organisation relates to the contract beyond signing it or partnering a fiche."""

    CONTRACT_PARTNER = "contract_partner"
    LOCAL_NETWORK = "local_network"
    FUNDER = "funder"
    BODY_MEMBER = "body_member"
    OTHER = "other"


class PublicationKind(Enum):
    """Documents the coordination produces."""

    QUARTERLY_REVIEW = "quarterly_review"
    ANNUAL_REPORT = "annual_report"
    MINUTES = "minutes"
    DECK = "deck"
    EVALUATION = "evaluation"
    DIAGNOSTIC = "diagnostic"
    OTHER = "other"


# --------------------------------------------------------------------------- territory


@define(kw_only=True, repr=False, eq=False)
class Commune(Record):
    """A commune of the territory."""

    id: str = _req("Identifier, unique among communes.")
    name: str = _req("Name of the commune.")
    insee_code: str | None = _opt("INSEE code of the commune.")
    population: int | None = _opt("Number of inhabitants.")


@define(kw_only=True, repr=False, eq=False)
class PriorityNeighbourhood(Record):
    """A QPV, «quartier prioritaire de la politique de la ville»."""

    id: str = _req("Identifier, unique among neighbourhoods.")
    name: str = _req("Name of the neighbourhood.")
    commune: str | None = _opt("Id of its commune.")
    code: str | None = _opt("Official QPV code (e.g. QP077010).")
    population: int | None = _opt("Number of inhabitants.")


@define(kw_only=True, repr=False, eq=False)
class KeyFigure(Record):
    """A figure that describes the territory (population, density…)."""

    label: str = _req("What the figure measures, in French.")
    value: Number = _req("The figure.")
    unit: str | None = _opt("Unit shown after the value (habitants, %, …).")
    year: int | None = _opt("Year of the figure.")
    source: str | None = _opt("Where the figure comes from (INSEE, DLS…).")


@define(kw_only=True, repr=False, eq=False)
class Territory(Record):
    """The territory a contract covers."""

    name: str = _req("Name of the territory (usually the EPCI's).")
    kind: str | None = _opt("Kind of body, as written (communauté d'agglomération…).")
    organisation: str | None = _opt("Id of the organisation that governs it (the EPCI).")
    department: str | None = _opt("Département (name or number).")
    region: str | None = _opt("Région.")
    communes: list[Commune] = _list("Communes of the territory.")
    priority_neighbourhoods: list[PriorityNeighbourhood] = _list("Its QPV.")
    key_figures: list[KeyFigure] = _list("Key figures.")
    description: str | None = _opt("Free description.")


# --------------------------------------------------------------------------- parties


@define(kw_only=True, repr=False, eq=False)
class Organisation(Record):
    """An organisation: a signatory, a partner, a service, or a group of actors."""

    id: str = _req("Identifier, unique among organisations and people.")
    name: str = _req("Full name.")
    short_name: str | None = _opt("Short name or acronym (CPAM 77).")
    kind: OrganisationKind = _opt("Kind of organisation.", OrganisationKind.OTHER)
    sector: Sector | None = _opt("Default sector when it is a partner of an action.")
    parent: str | None = _opt("Id of the organisation it belongs to (a service of the EPCI).")
    joined: dt.date | None = _opt("When it joined the contract's partnership.")
    relation: OrganisationRelation | None = _opt(
        "How it relates to the contract when it neither signs it nor partners a fiche "
        "(partner of the contract, local health network, funder, member of a body).")
    description: str | None = _opt("Free description.")
    website: str | None = _opt("Web address.")
    email: str | None = _opt("Service e-mail address (not a person's).")


@define(kw_only=True, repr=False, eq=False)
class Person(Record):
    """A person. Names and contacts are personal data: exports can redact them."""

    id: str = _req("Identifier, unique among organisations and people.")
    name: str = _req("Full name as it should be printed (Hélène MARIE).")
    honorific: str | None = _opt("Madame, Monsieur, Docteur…")
    position: str | None = _opt("Job title or mandate (Déléguée départementale).")
    organisation: str | None = _opt("Id of the organisation they belong to.")
    role: str | None = _opt("Their role in the contract (coordinatrice du CLS, élu référent…).")
    elected: bool = _opt("True for an elected official.", False)
    email: str | None = _opt("E-mail address.")
    phone: str | None = _opt("Telephone number.")


@define(kw_only=True, repr=False, eq=False)
class Signatory(Record):
    """A party that signs the contract, and who represents it."""

    organisation: str = _req("Id of the signing organisation.")
    representative: str | None = _opt("Id of the person who signs for it.")
    delegates: list[str] = _list("Ids of other people who represent it in the bodies.")
    designation: str | None = _opt("How the contract names it («ci-après l'Agglomération»).")


@define(kw_only=True, repr=False, eq=False)
class Validation(Record):
    """A validation of the contract before its signature."""

    by: ValidationBody = _req("Who validated.")
    date: dt.date | None = _opt("Date of the validation; leave out when it is not known.")
    note: str | None = _opt("Deliberation number or remark.")


@define(kw_only=True, repr=False, eq=False)
class Signature(Record):
    """Where and when the contract was signed."""

    date: dt.date | None = _opt("Date of signature; leave out when it is not known.")
    place: str | None = _opt("Place of signature.")
    done: bool = _opt("False while the signature is still to come.", True)


@define(kw_only=True, repr=False, eq=False)
class RelatedScheme(Record):
    """Another local scheme the contract articulates with (CLSM, CPTS, PCAET, PLH…)."""

    id: str = _req("Identifier.")
    kind: str = _req("Acronym of the kind of scheme (CLSM, CPTS, DAC, PTSM, PAT, PCAET, PLH…).")
    name: str = _req("Name of the scheme.")
    organisation: str | None = _opt("Id of the organisation that carries it.")
    description: str | None = _opt("How the contract articulates with it.")


# --------------------------------------------------------------------------- strategy


@define(kw_only=True, repr=False, eq=False)
class Axis(Record):
    """A strategic or transversal axis."""

    id: str = _req("Identifier, unique among axes.")
    code: str = _req("Display code (Axe stratégique 1, Axe transversal 2).")
    title: str = _req("Title of the axis.")
    kind: AxisKind = _opt("Strategic or transversal.", AxisKind.STRATEGIC)
    short_title: str | None = _opt("Short title for slides (OFFRE DE SOINS DE 1er RECOURS).")
    description: str | None = _opt("What the axis is about.")


@define(kw_only=True, repr=False, eq=False)
class Objective(Record):
    """A node of the objectives tree: general, specific or operational, any depth."""

    id: str = _req("Identifier, unique among objectives.")
    code: str = _req("Display code (Obj 3).")
    title: str = _req("Statement of the objective.")
    level: ObjectiveLevel | None = _opt("Level in the tree.")
    parent: str | None = _opt("Id of the parent objective.")
    axis: str | None = _opt("Id of the axis it belongs to.")
    description: str | None = _opt("Free description.")


# --------------------------------------------------------------------------- actions


@define(kw_only=True, repr=False, eq=False)
class Place(Record):
    """Where an action takes place («lieu de l'action»)."""

    scope: PlaceScope = _opt("Whole territory, QPV, some communes, other.",
                             PlaceScope.WHOLE_TERRITORY)
    label: str | None = _opt("The place as written in the fiche.")
    communes: list[str] = _list("Ids of the communes concerned.")
    neighbourhoods: list[str] = _list("Ids of the QPV concerned.")


@define(kw_only=True, repr=False, eq=False)
class Partner(Record):
    """A line of the partners table of a fiche action."""

    organisation: str = _req("Id of the partner organisation.")
    sector: Sector | None = _opt("Sector in this action (defaults to the organisation's).")
    roles: list[PartnerRole] = _list("Roles taken among the four of the ARS template.")
    since: dt.date | None = _opt("When the partner joined the action.")
    note: str | None = _opt("Remark on the partnership.")


@define(kw_only=True, repr=False, eq=False)
class ArsQuestions(Record):
    """The yes/no questions of the ARS Île-de-France fiche action."""

    pre_existing: bool | None = _opt("Already implemented before the CLS?")
    in_contrat_de_ville: bool | None = _opt(
        "Integrated in the health part of the contrat de ville?"
    )
    inequalities_identified: bool | None = _opt("Social and territorial inequalities identified?")
    participative: bool | None = _opt("Participative approach with inhabitants?")
    participation_degree: ParticipationDegree | None = _opt("Degree of that participation.")
    participation_detail: str | None = _opt("The answer to «si oui, précisez».")


@define(kw_only=True, repr=False, eq=False)
class Funding(Record):
    """A funding line of an action."""

    funder: str | None = _opt("Id of the funding organisation.")
    label: str | None = _opt("The funding as written (droit commun, FIR…).")
    amount: Number | None = _opt("Amount.")
    currency: str = _opt("ISO currency code.", "EUR")
    year: int | None = _opt("Year the amount applies to.")
    secured: bool | None = _opt("True when the funding is granted, false when requested.")


@define(kw_only=True, repr=False, eq=False)
class Action(Record):
    """A fiche action (FA), with every field of the ARS Île-de-France template."""

    id: str = _req("Identifier, unique among actions (fa-03).")
    code: str = _req("Display code (FA 3, Action 1.1.2).")
    title: str = _req("Intitulé de l'action.")
    short_title: str | None = _opt("Shorter title for tables and slides.")
    axis: str | None = _opt("Id of its axis.")
    transversal_axes: list[str] = _list("Ids of the transversal axes it serves.")
    objectives: list[str] = _list("Ids of the objectives of the tree it serves.")
    specific_objective: str | None = _opt("Objectif spécifique, as written in the fiche.")
    operational_objectives: list[str] = _list("Objectifs opérationnels, as written.")
    pilot: str | None = _opt("Id of the lead organisation or person (porteur).")
    pilot_label: str | None = _opt("The porteur as written in the fiche.")
    partners: list[Partner] = _list("Partners table.")
    target_public: str | None = _opt("Public cible.")
    place: Place | None = _opt("Lieu de l'action.")
    determinants: list[str] = _list("Déterminants de santé visés.")
    themes: list[str] = _list("Thèmes (Accès aux soins, Démarche participative…).")
    prs_links: list[str] = _list("Codes of the PRS projects it contributes to (1.1, 5.1).")
    other_plans: list[str] = _list("Other local plans it articulates with.")
    ars: ArsQuestions = field(factory=ArsQuestions,
                              metadata=_doc("Answers to the ARS yes/no questions."))
    justification: str | None = _opt("Justification.")
    description: str | None = _opt("Description (free text, lists allowed).")
    resources: str | None = _opt(
        "Moyens humains et techniques: the staff, time and means the action relies on, "
        "as written (Territoires en Transitions' column).")
    evaluation_criteria: list[str] = _list("Objectifs / critères d'évaluation.")
    start: dt.date | None = _opt("Start (début).")
    end: dt.date | None = _opt("End (fin).")
    status: ActionStatus = _opt("Status at the time of the record.", ActionStatus.PLANNED)
    status_date: dt.date | None = _opt(
        "The day ``status`` was known to be so; without it the status is the record's "
        "present one and is not shown for earlier windows.")
    priority: Priority | None = _opt("Priority.")
    funding: list[Funding] = _list("Funding lines.")
    notes: str | None = _opt("Internal notes.")


@define(kw_only=True, repr=False, eq=False)
class OtherAction(Record):
    """An action linked to the CLS objectives that is not a fiche action."""

    id: str = _req("Identifier.")
    title: str = _req("Title.")
    description: str | None = _opt("What was done.")
    date: dt.date | None = _opt("When it happened.")
    period: Period | None = _opt("When only loosely known: the period it happened in (2021-03).")
    organisation: str | None = _opt("Id of the organisation that carries it.")
    objectives: list[str] = _list("Ids of the objectives it serves.")
    actions: list[str] = _list("Ids of the fiches action it relates to.")


# --------------------------------------------------------------------------- governance


@define(kw_only=True, repr=False, eq=False)
class Member(Record):
    """A member of a body: an organisation or a person."""

    member: str = _req("Id of an organisation or a person.")
    role: str | None = _opt("Role in the body (président, secrétariat…).")
    since: dt.date | None = _opt("When they joined the body.")


@define(kw_only=True, repr=False, eq=False)
class Body(Record):
    """A governance body («instance»): COPIL, COTECH, working group, workshop…"""

    id: str = _req("Identifier, unique among bodies.")
    name: str = _req("Name of the body.")
    kind: BodyKind = _req("Kind of body.")
    mission: str | None = _opt("What the body does.")
    composition: str | None = _opt("Who sits in it, as written (élus et techniciens des communes).")
    members: list[Member] = _list("Members.")
    min_meetings_per_year: int | None = _opt("Required rhythm: at least this many meetings a year.")
    reports_to: list[str] = _list("Ids of the bodies it reports to.")
    chair: str | None = _opt("Id of the person or organisation that chairs or animates it.")
    axis: str | None = _opt("Id of the axis of a thematic committee.")
    actions: list[str] = _list("Ids of the fiches action a working group serves.")
    created: dt.date | None = _opt("When the body was set up.")


@define(kw_only=True, repr=False, eq=False)
class Meeting(Record):
    """A meeting of a body, dated by ``date`` or, when only loosely known, ``period``."""

    @property
    def when(self) -> Period | None:
        """The day, or the loose period, the meeting took place in."""
        if self.date is not None:
            return Period(self.date, self.date)
        return self.period

    id: str = _req("Identifier, unique among meetings.")
    body: str = _req("Id of the body that met.")
    date: dt.date | None = _opt("Date.")
    period: Period | None = _opt("When only loosely known: the period it took place in (2021-09).")
    count: int | None = _opt(
        "How many meetings this entry stands for: 1, more when several are grouped, "
        "null when only known to have met in its period («7 groupes de travail se sont "
        "réunis en 2021»).", 1)
    reported_at: str | None = _opt(
        "Id of the meeting where it was reported, when it is known only from there.")
    time: dt.time | None = _opt("Start time (10:00).")
    title: str | None = _opt("Title, when it differs from the body's name.")
    status: MeetingStatus = _opt("Held, planned or cancelled.", MeetingStatus.HELD)
    mode: MeetingMode | None = _opt("In person, video, hybrid, phone.")
    place: str | None = _opt("Where it was held.")
    participants_count: int | None = _opt("Number of participants.")
    participants: list[str] = _list("Ids of the people or organisations present.")
    participants_note: str | None = _opt("Who took part, as written.")
    opened_by: list[str] = _list("Ids of the people who opened the meeting.")
    agenda: list[str] = _list("Ordre du jour.")
    decisions: list[str] = _list("Arbitrages and decisions.")
    next_steps: list[str] = _list("Prochaines étapes.")
    minutes: str | None = _opt("Minutes (compte-rendu), free text.")
    actions: list[str] = _list("Ids of the fiches action discussed.")


# --------------------------------------------------------------------------- indicators


@define(kw_only=True, repr=False, eq=False)
class Baseline(Record):
    """The value of an indicator before the action."""

    value: Value = _req("The value.")
    date: dt.date | None = _opt("Date of the value.")
    source: str | None = _opt("Where the value comes from.")


@define(kw_only=True, repr=False, eq=False)
class Target(Record):
    """A value an indicator should reach, by a date or over a period."""

    value: Value = _req("The target value.")
    date: dt.date | None = _opt("Date by which it should be reached.")
    period: Period | None = _opt("Period it applies to (2022, 2022-Q1, or start/end).")


@define(kw_only=True, repr=False, eq=False)
class Measurement(Record):
    """A measured value of an indicator."""

    value: Value = _req("The measured value.")
    date: dt.date | None = _opt("Date of the measurement.")
    period: Period | None = _opt("Period it covers (2021, 2021-Q4, or start/end).")
    comment: str | None = _opt("Remark.")
    reported_at: str | None = _opt(
        "Id of the meeting where the value was presented: it is known from that day, "
        "even when its period runs on.")
    dimensions: dict[str, str] = field(
        factory=dict,
        metadata=_doc("Breakdown keys, such as commune or age band (commune: melun)."),
    )


@define(kw_only=True, repr=False, eq=False)
class Indicator(Record):
    """An indicator of a fiche action or of the contract."""

    id: str = _req("Identifier, unique among indicators.")
    label: str = _req("What is measured, in French.")
    kind: IndicatorKind = _req("Process, activity or result.")
    measure: Measure = _opt("Number, percentage, qualitative or milestone.", Measure.NUMBER)
    unit: str | None = _opt("Unit (participants, structures…).")
    direction: Direction | None = _opt("Increase, decrease or reach.")
    family: IndicatorFamily | None = _opt("Family of the ARS Référentiel CLS.")
    actions: list[str] = _list("Ids of the fiches action it belongs to.")
    objectives: list[str] = _list("Ids of the objectives it documents.")
    baseline: Baseline | None = _opt("Value before the action.")
    targets: list[Target] = _list("Targets.")
    measurements: list[Measurement] = _list("Measured values.")
    source: str | None = _opt("Where values come from.")
    key: bool = _opt("True for an indicator shown in summaries.", False)


# --------------------------------------------------------------------------- follow-up


@define(kw_only=True, repr=False, eq=False)
class JournalEntry(Record):
    """A dated fact of progress about one or more actions (or about the contract)."""

    kind: EntryKind = _req("Achieved, to do, highlight, event, decision.")
    date: dt.date | None = _opt("When it happened (a to-do: when it was noted).")
    period: Period | None = _opt("When only loosely known: the period it happened in (2021).")
    text: str = _req("What happened or remains, in French.")
    actions: list[str] = _list("Ids of the fiches action it is about (none: the contract).")
    meeting: str | None = _opt(
        "Id of the meeting it was reported at (shown to it): it is part of what that "
        "meeting presented.")
    outcome_of: str | None = _opt(
        "Id of the meeting it came out of (a decision taken, a conclusion drawn there): "
        "part of that meeting's outcome, not of what it was shown.")
    status: ActionStatus | None = _opt("New status of the actions from this date.")
    due: dt.date | None = _opt("For a to-do: when it is due.")
    tags: list[str] = _list("Free tags (participation, process, governance…).")
    title: str | None = _opt("Short heading.")
    body: str | None = _opt("Id of the body where it was raised (the COTECH, a GT…).")


@define(kw_only=True, repr=False, eq=False)
class WorkshopSession(Record):
    """One session of a participatory workshop: a meeting of the workshop's body."""

    date: dt.date = _req("Date.")
    participants_count: int | None = _opt("Number of participants.")
    themes: list[str] = _list("Themes worked on.")
    place: str | None = _opt("Where.")


@define(kw_only=True, repr=False, eq=False)
class Workshop(Record):
    """Participatory work with inhabitants (ateliers des habitants)."""

    id: str = _req("Identifier.")
    title: str = _req("Title.")
    body: str | None = _opt("Id of the body it is held under.")
    sessions: list[WorkshopSession] = _list("Sessions.")
    participants_total: int | None = _opt("Distinct participants over all sessions.")
    participants_profile: str | None = _opt("Who took part (âgés de 18 à 71 ans…).")
    description: str | None = _opt("Aims and conduct of the workshop.")
    method: str | None = _opt("Method (World Café…).")
    outcomes: list[str] = _list("What came out of it.")
    feedback: list[str] = _list("Participants' comments.")
    next_steps: list[str] = _list("What comes next.")
    actions: list[str] = _list("Ids of the fiches action it feeds.")


@define(kw_only=True, repr=False, eq=False)
class Answer(Record):
    """An answer to a survey question and how many chose it."""

    label: str = _req("The answer.")
    count: int = _req("How many respondents chose it.")


@define(kw_only=True, repr=False, eq=False)
class SurveyQuestion(Record):
    """A question of a survey with its answer counts."""

    text: str = _req("The question.")
    number: int | None = _opt("Its number in the questionnaire.")
    multiple: bool = _opt("True when several answers could be ticked.", False)
    answers: list[Answer] = _list("Answers with their counts.")
    free_answers: list[str] = _list("Free-text answers («préciser»).")


@define(kw_only=True, repr=False, eq=False)
class Survey(Record):
    """A questionnaire to inhabitants or actors."""

    id: str = _req("Identifier.")
    title: str = _req("Title.")
    date: dt.date | None = _opt("When it was run (or closed).")
    period: Period | None = _opt("When only loosely known: the period it ran in (2021-06).")
    audience: str | None = _opt("Who answered.")
    respondents: int | None = _opt("Number of respondents.")
    questions: list[SurveyQuestion] = _list("Questions.")
    actions: list[str] = _list("Ids of the fiches action it feeds.")


@define(kw_only=True, repr=False, eq=False)
class Publication(Record):
    """A document the coordination produced (a quarterly review, an annual report…)."""

    id: str = _req("Identifier.")
    kind: PublicationKind = _req("Kind of document.")
    title: str = _req("Title.")
    date: dt.date | None = _opt("Publication date.")
    period: Period | None = _opt("Period it covers.")
    description: str | None = _opt("What the document is for.")


@define(kw_only=True, repr=False, eq=False)
class Milestone(Record):
    """A step of a calendar (preparation of a contract, evaluation…).

    Steps known only in order are listed in that order with ``done`` and no dates.
    """

    id: str = _req("Identifier.")
    title: str = _req("What happens.")
    phase: str | None = _opt("Phase it belongs to (Évaluation du CLS 1…).")
    start: dt.date | None = _opt("Start date.")
    end: dt.date | None = _opt("End date.")
    when: str | None = _opt("The date as written when it is loose (Février – Mars 2022).")
    done: bool | None = _opt("Whether it is done.")

    @property
    def span(self) -> Period | None:
        """The days the step covers (one date alone is a day), ``None`` when undated."""
        start, end = self.start or self.end, self.end or self.start
        return Period(start, end) if start is not None and end is not None else None


# --------------------------------------------------------------------------- contract


@define(kw_only=True, repr=False, eq=False)
class Successor(Record):
    """The contract that follows this one (a préfiguration leads to a five-year CLS)."""

    name: str = _req("Name of the next contract.")
    generation: int | None = _opt("Its generation.")
    period: Period | None = _opt("Its period, when known.")
    duration_months: int | None = _opt("Its length in months, when only that is known.")
    description: str | None = _opt("What is planned.")


@define(kw_only=True, repr=False, eq=False)
class Contract(Record):
    """A Contrat Local de Santé: the root of the record."""

    id: str = _req("Identifier of the contract (camvs-cls2).")
    name: str = _req("Full name of the contract.")
    short_name: str | None = _opt("Short name (CLS 2 de la CAMVS).")
    generation: int = _opt("1 for a first contract, 2 for the second…", 1)
    period: Period | None = _opt(
        "Period of the contract (2021/2023 or start/end); leave out when its dates are "
        "not known.")
    duration_months: int | None = _opt(
        "Length in months when the dates are not known («conclu pour une durée d'un an»: 12).")
    status: ContractStatus = _opt("Lifecycle stage.", ContractStatus.ACTIVE)
    territory: Territory = _req("The territory covered.")
    coordinator: str | None = _opt("Id of the person who coordinates the contract.")
    validations: list[Validation] = _list("Validations before signature.")
    signature: Signature | None = _opt("Date and place of signature.")
    signatories: list[Signatory] = _list("The signing parties and their representatives.")
    organisations: list[Organisation] = _list("Organisations (signatories, partners, services).")
    people: list[Person] = _list("People.")
    axes: list[Axis] = _list("Strategic and transversal axes.")
    objectives: list[Objective] = _list("The objectives tree.")
    actions: list[Action] = _list("The fiches action.")
    indicators: list[Indicator] = _list("Indicators.")
    bodies: list[Body] = _list("Governance bodies.")
    meetings: list[Meeting] = _list("Meetings of the bodies.")
    journal: list[JournalEntry] = _list("Dated progress entries.")
    other_actions: list[OtherAction] = _list("Other actions linked to the CLS objectives.")
    workshops: list[Workshop] = _list("Participatory workshops.")
    surveys: list[Survey] = _list("Surveys.")
    publications: list[Publication] = _list("Documents produced (reviews, reports).")
    milestones: list[Milestone] = _list("Calendar steps.")
    related_schemes: list[RelatedScheme] = _list("Other local schemes it articulates with.")
    legal_basis: str | None = _opt("Legal basis as quoted in the contract.")
    evaluation_clause: str | None = _opt("The contract's article on evaluation, quoted.")
    successor: Successor | None = _opt("The contract that comes next, when the record says.")
    description: str | None = _opt("Free description.")


#: The lists of the contract that a workspace may split into a folder of files each.
COLLECTIONS: tuple[str, ...] = (
    "organisations",
    "people",
    "signatories",
    "axes",
    "objectives",
    "actions",
    "indicators",
    "bodies",
    "meetings",
    "journal",
    "other_actions",
    "workshops",
    "surveys",
    "publications",
    "milestones",
    "related_schemes",
)
