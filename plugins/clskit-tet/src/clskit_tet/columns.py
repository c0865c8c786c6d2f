"""The columns of the platform's import sheet, as its parser checks them.

Territoires en Transitions checks the titles of row 2, A to AB, one by one against a fixed
list (``IPA/parsers/excel-parser.ts``), after trimming spaces; columns after AB are not
checked and not imported. Column D has two spellings at the platform's HEAD: the
parser's «Titre de l'action» (data from row 4) and the published template's «Titre de la
fiche action» (a fourth row of instructions, data from row 5). Both are read here.
"""

from __future__ import annotations

import unicodedata

from attrs import define

#: Row 1 (section titles) is ignored; row 2 holds the column titles.
HEADER_ROW = 2
#: The first data row when D2 is the parser's title; the template's adds a guidance row.
FIRST_DATA_ROW = 4
#: What the platform looks for in A2 of each sheet, in order, to find its data sheet.
SHEET_MARK = "Axe (x)"

TITLE_PARSER = "Titre de l'action"
TITLE_TEMPLATE = "Titre de la fiche action"


@define(frozen=True)
class Column:
    """A checked column: its position, the exact title the platform expects, our key."""

    index: int
    title: str
    key: str


_EXPECTED = (
    ("Axe (x)", "axis"),
    ("Sous-axe (x.x)", "sub_axis"),
    ("Sous-sous axe (x.x.x)", "sub_sub_axis"),
    (TITLE_PARSER, "title"),
    ("Titre de la sous-action", "sub_title"),
    ("Descriptif", "description"),
    ("Instances de gouvernance", "governance"),
    ("Objectifs", "objectives"),
    ("Indicateurs liés", "indicators"),
    ("Structure pilote", "structures"),
    ("Moyens humains et techniques", "resources"),
    ("Partenaires", "partners"),
    ("Direction ou service pilote", "services"),
    ("Personne pilote", "pilots"),
    ("Élu·e référent·e", "referents"),
    ("Participation Citoyenne", "participation"),
    ("Financements", "financing"),
    ("Financeur 1", "funder1"),
    ("Montant € HT", "amount1"),
    ("Financeur 2", "funder2"),
    ("Montant € HT", "amount2"),
    ("Financeur 3", "funder3"),
    ("Montant € HT", "amount3"),
    ("Budget prévisionnel total € HT", "budget"),
    ("Statut", "status"),
    ("Niveau de priorité", "priority"),
    ("Date de début", "start"),
    ("Date de fin", "end"),
)

#: A to AB, in order.
COLUMNS: tuple[Column, ...] = tuple(Column(i, title, key)
                                    for i, (title, key) in enumerate(_EXPECTED, start=1))
BY_KEY = {c.key: c for c in COLUMNS}
#: The funder and amount columns, pair by pair.
FUNDER_PAIRS = (("funder1", "amount1"), ("funder2", "amount2"), ("funder3", "amount3"))

#: Title of the free column (after AB) that clskit reads into ``Action.notes``; the
#: platform reads none of them. Its letter differs between the template (AF) and files
#: made from older templates (AG), so it is found by its title.
NOTES_TITLE = "Notes"
#: Columns read but not kept by the platform: clskit does the same and says so once.
NOT_IMPORTED = ("indicators",)


def fold(text: str) -> str:
    """Lower case, no accents, spaces collapsed: how names are compared (as the platform
    compares people and tags)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("’", "'").lower().split())


#: Texts of the template's guidance row and placeholders, as they are when left in a data
#: cell (copied rows, the template's example): read as empty, with a warning when they
#: stand where the platform would import them.
_PLACEHOLDER_STARTS = (
    "ces informations devront etre saisies directement sur la plateforme",
    "ce champ ne sera pas integre lors de l'importation",
    "➔ utilisez exactement la meme ecriture",
    "plusieurs services peuvent etre indiques",
    "creez sous la forme",
    "si vos axes sont numerotes",
    "si vos sous-axes sont numerotes",
    "si vos sous-sous-axes sont numerotes",
    "texte court de 300 caracteres maximum",
    "presentez en quelques lignes le descriptif",
    "reseignez ici le nom et les objectifs des indicateurs",
    "renseignez ici le nom et les objectifs des indicateurs",
    "choisissez l'option qui correspond le mieux",
    "saisissez un nombre entier, sans espaces",
    "saisissez une date sous le format",
    "indiquer si l'action est en amelioration continue",
)
#: The title of the template's pre-filled example row (row 5 of ``modele-import-pa.xlsx``).
EXAMPLE_TITLE_START = "action 1 - assurer la coordination de la transition ecologique"


def is_placeholder(value: object) -> bool:
    """A text of the template's instructions rather than data."""
    return isinstance(value, str) and fold(value).startswith(_PLACEHOLDER_STARTS)


def is_guidance_row(values: tuple[object, ...]) -> bool:
    """Row 4 of the template: its instructions in the axis or the title column (a data
    row with a guidance text left in some other cell is still data)."""
    return any(is_placeholder(v) for v in values[:4:3])


__all__ = ["BY_KEY", "COLUMNS", "EXAMPLE_TITLE_START", "FIRST_DATA_ROW", "FUNDER_PAIRS",
           "HEADER_ROW", "NOTES_TITLE", "NOT_IMPORTED", "SHEET_MARK", "TITLE_PARSER",
           "TITLE_TEMPLATE", "Column", "fold", "is_guidance_row", "is_placeholder"]
