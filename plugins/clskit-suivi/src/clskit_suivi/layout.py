"""The follow-up workbook's sheets and columns, written once for the exporter and the importer.

Both sides read these tables, so that a column the exporter writes is a column the
importer knows by its title: the importer finds columns by title, not by letter, and a
coordinator who moves a column loses nothing (a warning says the drop-down lists no
longer sit under their column).
"""

from __future__ import annotations

from attrs import define

#: The sheet of reference values the drop-down lists point at (hidden), and the cells
#: that say which contract and which period the workbook was written for.
LISTS = "Listes"
INSTRUCTIONS = "Mode d'emploi"
META_CONTRACT = "contrat"
META_PERIOD = "période"
#: Where the metadata sits on the lists sheet: label in this column, value in the next.
META_COLUMN = 20
#: Data validation and formatting reach this row: room for a quarter's rows.
LAST_FORMATTED_ROW = 500
#: More rows than this in one sheet is not a quarter's follow-up: the sheet is refused.
MAX_ROWS = 5_000

#: Title of the hidden first column that marks a pre-filled row with what it stands for.
KEY_TITLE = "Réf. clskit (ne pas modifier)"


@define(frozen=True)
class Column:
    """A column of a data sheet: its title, width, the list it takes its values from
    (a column of the lists sheet, by name), and the help shown when a cell is selected."""

    name: str
    title: str
    width: float
    help: str
    choices: str | None = None
    required: bool = False
    strict: bool = True  # False: the drop-down suggests, other values are accepted
    wrap: bool = False


@define(frozen=True)
class SheetLayout:
    name: str
    columns: tuple[Column, ...]
    intro: str

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def index(self, name: str) -> int:
        """1-based position of the column as exported."""
        return next(i for i, c in enumerate(self.columns, start=1) if c.name == name)


_KEY = Column("key", KEY_TITLE, 4, "Rempli par clskit pour les lignes déjà au dossier.")
_WHEN_HELP = ("Une date (JJ/MM/AAAA) ou, si le jour n'est pas connu, une période : "
              "2022-T1, 2022-02, 2022. Vide : le trimestre du classeur.")

JOURNAL = SheetLayout("Journal", (
    _KEY,
    Column("when", "Date ou période", 14, _WHEN_HELP),
    Column("actions", "Fiche(s)", 14, "Code de la fiche (FA 3) ; plusieurs : FA 3, FA 4. "
           "Vide : le contrat dans son ensemble.", choices="fiches", strict=False),
    Column("kind", "Type", 18, "Objectif atteint, reste-à-faire, point saillant, "
           "événement ou décision.", choices="types", required=True),
    Column("title", "Titre", 24, "Un intitulé court (facultatif).", wrap=True),
    Column("text", "Texte", 60, "Ce qui s'est passé ou ce qui reste à faire.",
           required=True, wrap=True),
    Column("meeting", "Présenté à la réunion", 22, "Identifiant de la réunion où le fait a "
           "été présenté (onglet Réunions).", choices="reunions", strict=False),
    Column("outcome_of", "Issu de la réunion", 22, "Identifiant de la réunion dont le fait "
           "est issu (une décision prise, un constat).", choices="reunions", strict=False),
    Column("status", "Nouveau statut", 16, "Le statut des fiches nommées à partir de cette "
           "date.", choices="statuts"),
    Column("due", "Échéance", 12, "Pour un reste-à-faire : la date prévue (JJ/MM/AAAA)."),
), "Un fait par ligne : ce qui a été fait, ce qui reste à faire, un point saillant, "
   "un événement, une décision ; un changement de statut d'une fiche se note ici.")

MEETINGS = SheetLayout("Réunions", (
    Column("id", "Identifiant", 26, "Laisser vide : clskit le forme avec l'instance et la "
           "date (copil-2022-03-10). C'est lui que l'onglet Journal cite."),
    Column("body", "Instance", 34, "COPIL, COTECH, groupe de travail…", choices="instances",
           required=True),
    Column("when", "Date", 12, "La date de la réunion (JJ/MM/AAAA), ou sa période si le "
           "jour n'est pas connu (2022-02).", required=True),
    Column("status", "Statut", 12, "Tenue, prévue ou annulée. Vide : tenue.",
           choices="statuts_reunion"),
    Column("mode", "Modalité", 18, "En présentiel, en visioconférence, en mixte, par "
           "téléphone.", choices="modalites"),
    Column("participants_count", "Participants (nombre)", 14, "Le nombre de participants."),
    Column("agenda", "Ordre du jour", 40, "Un point par ligne (Alt+Entrée).", wrap=True),
    Column("decisions", "Décisions", 40, "Une décision ou un arbitrage par ligne.",
           wrap=True),
), "Une réunion par ligne : les instances qui se sont réunies dans le trimestre, ou qui "
   "se réuniront.")

INDICATORS = SheetLayout("Indicateurs", (
    _KEY,
    Column("indicator", "Indicateur", 50, "Un indicateur du contrat.", choices="indicateurs",
           required=True, wrap=True),
    Column("when", "Période", 14, "La période que la valeur couvre (2022-T1, 2022) ou la "
           "date de la mesure. Vide : le trimestre du classeur."),
    Column("value", "Valeur", 12, "Un nombre, un pourcentage (45 pour 45 %), Oui / Non pour "
           "un jalon, ou un texte.", required=True),
    Column("comment", "Commentaire", 50, "Une remarque sur la valeur.", wrap=True),
), "Une valeur d'indicateur par ligne.")

PARTNERS = SheetLayout("Partenaires", (
    Column("id", "Identifiant", 18, "Laisser vide : clskit le forme d'après le sigle ou le "
           "nom (cidff)."),
    Column("name", "Nom", 40, "Le nom complet de l'organisme.", required=True, wrap=True),
    Column("short_name", "Sigle", 14, "Le sigle ou nom court (CIDFF)."),
    Column("kind", "Type d'organisme", 26, "Association, commune, CPTS…",
           choices="types_organisme"),
    Column("sector", "Secteur", 20, "Le secteur du partenaire.", choices="secteurs"),
    Column("joined", "Date d'arrivée", 14, "Le jour où il a rejoint le partenariat "
           "(JJ/MM/AAAA)."),
    Column("description", "Description", 40, "Ce qu'il apporte au contrat.", wrap=True),
), "Un nouveau partenaire par ligne.")

DATA_SHEETS = (JOURNAL, MEETINGS, INDICATORS, PARTNERS)
