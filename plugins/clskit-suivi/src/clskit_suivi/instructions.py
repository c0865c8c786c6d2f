"""The «Mode d'emploi» sheet, in French: what to write where, and what clskit does with it."""

from __future__ import annotations

from clskit import Contract, Period, fr
from clskit_suivi.layout import DATA_SHEETS
from clskit_suivi.values import period_text


def instructions(contract: Contract, window: Period) -> list[tuple[str, str]]:
    """(style, text) paragraphs: ``title``, ``heading`` or ``text``."""
    name = contract.short_name or contract.name
    quarter = period_text(window)
    out: list[tuple[str, str]] = [
        ("title", f"Classeur de suivi — {name}"),
        ("text", f"Période : {fr.period(window)} ({quarter}). Ce classeur recueille ce qui "
                 "s'est passé dans la période ; clskit le verse ensuite au dossier du contrat."),
        ("heading", "Comment le remplir"),
        ("text", "• Une ligne par fait, par réunion, par valeur ou par partenaire, à partir de "
                 "la ligne 2. Les listes déroulantes donnent les valeurs attendues (fiches, "
                 "types, instances, statuts, indicateurs) ; une aide s'affiche quand une case "
                 "est sélectionnée."),
        ("text", "• Les lignes grisées sont ce que le dossier contient déjà pour la période. "
                 "Elles ne sont pas ajoutées une seconde fois. Les modifier ne change pas le "
                 "dossier : corrigez alors le fichier du dossier lui-même."),
        ("text", "• Une date s'écrit JJ/MM/AAAA. Si le jour n'est pas connu, écrire la période : "
                 f"{quarter}, 2022-02 ou 2022. Une date ou une période laissée vide vaut "
                 f"la période du classeur ({quarter})."),
        ("text", "• Plusieurs lignes dans une case (ordre du jour, décisions) : Alt+Entrée."),
        ("text", "• Ne pas renommer les onglets ni les titres de colonnes : clskit lit les "
                 "colonnes d'après leur titre. La colonne A masquée des onglets Journal et "
                 "Indicateurs est réservée à clskit."),
    ]
    for layout in DATA_SHEETS:
        out.append(("heading", f"Onglet « {layout.name} »"))
        out.append(("text", layout.intro))
        for column in layout.columns:
            if column.name == "key":
                continue
            mark = " (obligatoire)" if column.required else ""
            out.append(("text", f"• {column.title}{mark} : {column.help}"))
    out += [
        ("heading", "Statut d'une fiche"),
        ("text", "Un changement de statut est une ligne du Journal : la date où il prend "
                 "effet, la ou les fiches, le type «Événement» ou «Décision», un texte qui dit "
                 "ce qui change, et le nouveau statut."),
        ("heading", "Réunion présentée, réunion d'origine"),
        ("text", "«Présenté à la réunion» : le fait a été montré à cette réunion (les "
                 "objectifs atteints présentés au COPIL). «Issu de la réunion» : le fait en "
                 "est sorti (une décision, un constat). Une réunion ajoutée dans l'onglet "
                 "Réunions se cite par son identifiant : celui de la colonne A, ou, laissé "
                 "vide, l'instance et la date (copil-2022-03-10)."),
        ("heading", "Verser le classeur au dossier"),
        ("text", f"clskit import suivi FICHIER.xlsx --into DOSSIER : les lignes sont vérifiées "
                 "toutes à la fois ; à la moindre erreur (une fiche inconnue, une date qui "
                 "n'existe pas, un statut hors liste), chaque problème est signalé avec "
                 "l'onglet, la ligne et la colonne, et rien n'est écrit. Importer deux fois le "
                 "même classeur n'ajoute rien de plus : le fichier de la période "
                 f"(journal/suivi-{quarter}.yaml…) est remplacé."),
    ]
    return out


__all__ = ["instructions"]
