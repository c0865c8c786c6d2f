"""The region as one self-contained HTML page for an ARS analyst.

Everything is inside the file: the CSS, a small script that sorts the tables, and the
charts drawn as inline SVG on the server side, so that the page opens offline, from a
mail attachment or a shared drive, and makes no request at all. A Content-Security-Policy
says so to the browser: nothing may load, and only the page's own script (pinned by
its hash) may run, so that even a value that slipped through escaping could not run.
Every value from the records goes through :func:`html.escape`.

The charts say what they show without the script; the script only adds sorting. Each
contract's row links to its own section further down the page («#contrat-N»), which
prints on a page of its own.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence

from clskit import fr
from clskit._region_report import (
    STALE_MONTHS,
    behind,
    by_contract_status,
    by_generation,
    contract_name,
    first_message,
    generation_label,
    last_fact,
    period_text,
    stale,
)
from clskit.indicators import IndicatorStatus, status_label
from clskit.model import ActionStatus
from clskit.region import ContractRow, Region

#: Colours of the charts: readable on screen and in grey print, one per status family.
_ACTION_COLOURS: dict[ActionStatus | None, str] = {
    ActionStatus.PLANNED: "#8fb8de", ActionStatus.TO_DISCUSS: "#c6b3e0",
    ActionStatus.IN_PROGRESS: "#2f6db5", ActionStatus.DONE: "#2e8b57",
    ActionStatus.LATE: "#d9822b", ActionStatus.PAUSED: "#b0a36e",
    ActionStatus.BLOCKED: "#c0392b", ActionStatus.ABANDONED: "#7f7f7f", None: "#d0d0d0",
}
_INDICATOR_COLOURS = {
    IndicatorStatus.ACHIEVED: "#2e8b57", IndicatorStatus.ON_TRACK: "#2f6db5",
    IndicatorStatus.LATE: "#d9822b", IndicatorStatus.NO_TARGET: "#b0a36e",
    IndicatorStatus.NO_DATA: "#d0d0d0",
}
_NEUTRAL = "#2f6db5"

_SCRIPT = """
(function () {
  "use strict";
  function key(cell, numeric) {
    var raw = cell.getAttribute("data-sort");
    if (raw === null) { raw = cell.textContent; }
    if (numeric) { var n = parseFloat(raw); return isNaN(n) ? -Infinity : n; }
    return raw.toLocaleLowerCase("fr");
  }
  function sort(table, index, button) {
    var body = table.tBodies[0];
    var header = button.parentNode;
    var numeric = header.getAttribute("data-type") === "num";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      var order = x < y ? -1 : (x > y ? 1 : 0);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = th.querySelector("button");
      if (button) {
        button.addEventListener("click", function () { sort(table, index, button); });
      }
    });
  });
}());
"""

_CSS = """
:root { --ink: #1d2733; --muted: #5b6776; --line: #d5dbe3; --band: #f3f6f9;
        --accent: #2f6db5; }
* { box-sizing: border-box; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 72rem; padding: 1.5rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--accent);
     padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
p.lead { color: var(--muted); margin: 0 0 1rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; }
a { color: var(--accent); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
        gap: .75rem; margin: 1rem 0; }
.kpi { background: var(--band); border-radius: .4rem; padding: .6rem .8rem; }
.kpi b { display: block; font-size: 1.6rem; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
          gap: 1rem; }
figure { margin: 0; border: 1px solid var(--line); border-radius: .4rem; padding: .6rem; }
figcaption { font-weight: bold; margin-bottom: .4rem; }
svg text { font-family: inherit; font-size: 11px; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
         vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
thead th { background: var(--band); position: sticky; top: 0; }
th button { all: unset; cursor: pointer; font-weight: bold; }
th button:focus-visible { outline: 2px solid var(--accent); }
th button::after { content: " \\2195"; color: var(--muted); font-size: .8em; }
th[aria-sort="ascending"] button::after { content: " \\2191"; color: var(--ink); }
th[aria-sort="descending"] button::after { content: " \\2193"; color: var(--ink); }
tfoot td { font-weight: bold; border-top: 2px solid var(--ink); }
.failures { background: #fdecea; border-left: 4px solid #c0392b; padding: .6rem .9rem; }
.empty { color: var(--muted); font-style: italic; }
section.contract { border-top: 1px solid var(--line); padding-top: .5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: .2rem .8rem; font-size: .85rem;
          margin-top: .3rem; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .25em;
          vertical-align: -.05em; }
.top { font-size: .85rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .top, th button::after { display: none; }
  a { color: inherit; text-decoration: none; }
  thead th { position: static; }
  figure, tr, dl, .kpi { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  section.contract { break-before: page; border: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(value: object) -> str:
    """A value from the records, escaped for HTML text and attribute values."""
    return html.escape(str(value), quote=True)


def anchor(index: int) -> str:
    """The id of a contract's section: by position, since contract ids are the records'
    own and may hold anything."""
    return f"contrat-{index + 1}"


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def bar_chart(title: str, items: Sequence[tuple[str, int, str]], *, chart_id: str,
              label_width: int = 172) -> str:
    """Horizontal bars, one per ``(label, value, colour)``, as inline SVG."""
    if not items or not any(v for _, v, _ in items):
        return (f'<figure id="{chart_id}"><figcaption>{e(title)}</figcaption>'
                f'<p class="empty">Aucune donnée.</p></figure>')
    width, bar_area, row = 380, 380 - label_width - 40, 22
    height = row * len(items) + 6
    top = max(v for _, v, _ in items) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'aria-label="{e(title)}" xmlns="http://www.w3.org/2000/svg">']
    for i, (name, value, colour) in enumerate(items):
        y = i * row + 3
        length = round(bar_area * value / top, 1)
        shown = name if len(name) <= 26 else name[:25] + "…"
        parts.append(
            f'<g><title>{e(name)} : {e(fr.number(value))}</title>'
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{e(shown)}</text>'
            f'<rect x="{label_width}" y="{y + 2}" width="{max(length, 1 if value else 0)}" '
            f'height="{row - 6}" fill="{colour}" rx="2"></rect>'
            f'<text x="{label_width + length + 4}" y="{y + 14}">{e(fr.number(value))}</text></g>')
    parts.append("</svg>")
    return (f'<figure id="{chart_id}"><figcaption>{e(title)}</figcaption>'
            f'{"".join(parts)}</figure>')


def stacked_bar(title: str, items: Sequence[tuple[str, int, str]], *, chart_id: str) -> str:
    """One bar cut into shares, with a legend: for parts of one whole (fiches by status)."""
    total = sum(v for _, v, _ in items)
    if not total:
        return (f'<figure id="{chart_id}"><figcaption>{e(title)}</figcaption>'
                f'<p class="empty">Aucune donnée.</p></figure>')
    width, x = 380.0, 0.0
    parts = [f'<svg class="chart" viewBox="0 0 {width:g} 36" width="100%" role="img" '
             f'aria-label="{e(title)}" xmlns="http://www.w3.org/2000/svg">']
    legend = []
    for name, value, colour in items:
        if not value:
            continue
        share = width * value / total
        parts.append(f'<rect x="{x:.1f}" y="4" width="{share:.1f}" height="28" '
                     f'fill="{colour}"><title>{e(name)} : {e(fr.number(value))}</title></rect>')
        x += share
        legend.append(f'<span><span class="swatch" style="background:{colour}"></span>'
                      f'{e(name)} : {e(fr.number(value))}</span>')
    parts.append("</svg>")
    return (f'<figure id="{chart_id}"><figcaption>{e(title)}</figcaption>{"".join(parts)}'
            f'<div class="legend">{"".join(legend)}</div></figure>')


def _status_name(status: ActionStatus | None) -> str:
    return fr.enum(status) if status is not None else f"Statut {fr.UNKNOWN_STATUS}"


def _th(label: str, numeric: bool = False, sortable: bool = True) -> str:
    cls = ' class="n" data-type="num"' if numeric else ""
    inner = f'<button type="button">{e(label)}</button>' if sortable else e(label)
    return f"<th{cls} scope=\"col\">{inner}</th>"


def _td(value: object, sort: object | None = None, numeric: bool = False) -> str:
    cls = ' class="n"' if numeric else ""
    key = f' data-sort="{e(sort)}"' if sort is not None else ""
    shown = fr.number(value) if numeric and isinstance(value, int) else value
    return f"<td{cls}{key}>{e(shown)}</td>"


def _table(table_id: str, headers: Iterable[str], numeric: set[int], rows: list[str],
           foot: str = "") -> str:
    head = "".join(_th(h, i in numeric) for i, h in enumerate(headers))
    return (f'<table id="{table_id}" class="sortable"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody>{foot}</table>')


def _contracts_table(region: Region) -> str:
    headers = ["Contrat", "Territoire", "Statut", "Génération", "Période", "Fiches",
               "En cours", "Réalisées", "Indicateurs", "Atteints", "Instances en retard",
               "Dernier fait"]
    rows = []
    for i, row in enumerate(region.rows):
        c = row.contract
        last = last_fact(c, region.as_of)
        rows.append(
            "<tr>"
            f'<td data-sort="{e(contract_name(c))}"><a href="#{anchor(i)}">'
            f"{e(contract_name(c))}</a></td>"
            + _td(c.territory.name) + _td(fr.enum(c.status))
            + _td(c.generation, c.generation, True)
            + _td(period_text(c), c.period.start.isoformat() if c.period else "")
            + _td(len(c.actions), len(c.actions), True)
            + _td(row.actions_by_status.get(ActionStatus.IN_PROGRESS, 0),
                  row.actions_by_status.get(ActionStatus.IN_PROGRESS, 0), True)
            + _td(row.actions_by_status.get(ActionStatus.DONE, 0),
                  row.actions_by_status.get(ActionStatus.DONE, 0), True)
            + _td(sum(row.indicators.values()), sum(row.indicators.values()), True)
            + _td(row.indicators.get(IndicatorStatus.ACHIEVED, 0),
                  row.indicators.get(IndicatorStatus.ACHIEVED, 0), True)
            + _td(len(row.bodies_behind), len(row.bodies_behind), True)
            + _td(fr.date(last) if last else "aucun", last.isoformat() if last else "")
            + "</tr>")
    foot = [region.actions, region.actions_by_status.get(ActionStatus.IN_PROGRESS, 0),
            region.actions_by_status.get(ActionStatus.DONE, 0), sum(region.indicators.values()),
            region.indicators.get(IndicatorStatus.ACHIEVED, 0), region.bodies_behind]
    total = (f"<tfoot><tr><td>Total ({e(fr.plural(len(region.rows), 'contrat'))})</td>"
             "<td></td><td></td><td></td><td></td>"
             + "".join(f'<td class="n">{e(fr.number(n))}</td>' for n in foot)
             + "<td></td></tr></tfoot>")
    return _table("contrats", headers, {3, 5, 6, 7, 8, 9, 10}, rows, total)


def _link(index: int, row: ContractRow) -> str:
    name = contract_name(row.contract)
    return f'<td data-sort="{e(name)}"><a href="#{anchor(index)}">{e(name)}</a></td>'


def _behind_table(region: Region) -> str:
    found = behind(region)
    if not found:
        return '<p class="empty">Aucune instance en retard sur son rythme.</p>'
    index = {id(row): i for i, row in enumerate(region.rows)}
    rows = [f"<tr>{_link(index[id(b.row)], b.row)}{_td(b.name)}"
            f"{_td(b.held, b.held, True)}{_td(b.expected, b.expected, True)}</tr>"
            for b in found]
    return _table("instances", ["Contrat", "Instance", "Réunions tenues", "Attendues à date"],
                  {2, 3}, rows)


def _partners_table(region: Region) -> str:
    shared = [(name, n) for name, n in region.partners.items() if n > 1]
    if not shared:
        return '<p class="empty">Aucun partenaire présent dans plusieurs contrats.</p>'
    rows = [f"<tr>{_td(name)}{_td(n, n, True)}</tr>" for name, n in shared]
    return _table("partenaires", ["Partenaire", "Contrats"], {1}, rows)


def _stale_table(region: Region) -> str:
    found = stale(region)
    if not found:
        return (f'<p class="empty">Tous les contrats ont un fait daté depuis moins de '
                f"{STALE_MONTHS} mois.</p>")
    index = {id(row): i for i, row in enumerate(region.rows)}
    rows = [f"<tr>{_link(index[id(row)], row)}{_td(row.contract.territory.name)}"
            f"{_td(fr.date(last) if last else 'aucun fait daté', last.isoformat() if last else '')}"
            "</tr>" for row, last in found]
    return _table("sans-nouvelles", ["Contrat", "Territoire", "Dernier fait"], set(), rows)


def _themes_table(region: Region) -> str:
    if not region.actions_by_theme:
        return '<p class="empty">Aucun thème renseigné.</p>'
    rows = [f"<tr>{_td(theme)}{_td(n, n, True)}</tr>"
            for theme, n in region.actions_by_theme.items()]
    return _table("themes", ["Thème", "Fiches"], {1}, rows)


def _failures(region: Region) -> str:
    failed = first_message(region)
    if not failed:
        return ""
    items = "".join(
        f"<li><b>{e(source)}</b> : {e(fr.plural(count, 'erreur'))}"
        + (f" ; première : <code>{e(text)}</code>" if text else "") + "</li>"
        for source, count, text in failed)
    return (f'<section id="non-charges" class="failures"><h2>Contrats non chargés '
            f"({len(failed)})</h2><p>Ces contrats ne sont pas comptés : leurs fichiers "
            f"ont des erreurs à corriger.</p><ul>{items}</ul></section>")


def _contract_section(index: int, row: ContractRow, region: Region) -> str:
    c = row.contract
    last = last_fact(c, region.as_of)
    statuses = "".join(f"<li>{e(_status_name(s))} : {e(fr.number(n))}</li>"
                       for s, n in row.actions_by_status.items()) or "<li>aucune</li>"
    indicators = "".join(f"<li>{e(status_label(s))} : {e(fr.number(n))}</li>"
                         for s, n in row.indicators.items() if n) or "<li>aucun</li>"
    bodies = [a for a in row.snapshot.behind_rhythm]
    behind_text = ", ".join(f"{a.body.name} ({a.held_this_year} sur {a.expected_by_now})"
                            for a in bodies) or "aucune"
    meetings = fr.number(row.meetings_held)
    if row.meetings_uncounted:
        meetings += (f", plus {fr.plural(row.meetings_uncounted, 'instance réunie')} "
                     f"(nombre {fr.UNKNOWN_STATUS})")
    details = [
        ("Territoire", c.territory.name), ("Statut", fr.enum(c.status)),
        ("Génération", generation_label(c.generation)), ("Période", period_text(c)),
        ("Fiches action", fr.number(len(c.actions))),
        ("Partenaires des fiches", fr.number(row.partners)),
        ("Réunions tenues dans l'année", meetings),
        ("Instances en retard", behind_text),
        ("Dernier fait daté", fr.date(last) if last else "aucun"),
        ("Source", row.source),
    ]
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in details)
    return (f'<section class="contract" id="{anchor(index)}"><h3>{e(c.name)}</h3>'
            f'<dl>{dl}</dl><div class="charts"><div><h4>Fiches par statut</h4>'
            f'<ul>{statuses}</ul></div><div><h4>Indicateurs</h4><ul>{indicators}</ul></div>'
            f'</div><p class="top"><a href="#contrats">Retour au tableau des contrats</a></p>'
            f"</section>")


def render_html(region: Region) -> str:
    """The page: the as-of date and failed contracts first, then charts, tables and a
    section per contract."""
    as_of = fr.date(region.as_of)
    statuses = by_contract_status(region)
    generations = by_generation(region)
    charts = [
        bar_chart("Contrats par statut",
                  [(fr.enum(s), n, _NEUTRAL) for s, n in statuses.items()],
                  chart_id="graphique-statuts"),
        bar_chart("Contrats par génération",
                  [(generation_label(g), n, _NEUTRAL) for g, n in generations.items()],
                  chart_id="graphique-generations"),
        stacked_bar("Fiches action par statut",
                    [(_status_name(s), n, _ACTION_COLOURS[s])
                     for s, n in region.actions_by_status.items()],
                    chart_id="graphique-fiches"),
        bar_chart("Statut des indicateurs",
                  [(status_label(s), n, _INDICATOR_COLOURS[s])
                   for s, n in region.indicators.items()],
                  chart_id="graphique-indicateurs"),
        bar_chart("Thèmes les plus fréquents (fiches)",
                  [(t, n, _NEUTRAL) for t, n in list(region.actions_by_theme.items())[:12]],
                  chart_id="graphique-themes"),
    ]
    kpis = [
        (fr.number(len(region.rows)), "contrats chargés"),
        (fr.number(region.actions), "fiches action"),
        (fr.number(sum(region.indicators.values())), "indicateurs"),
        (fr.number(region.bodies_behind), "instances en retard"),
        (fr.number(len(stale(region))), f"contrats sans fait depuis {STALE_MONTHS} mois"),
        (fr.number(len(region.failures)), "contrats non chargés"),
    ]
    kpi_html = "".join(f'<div class="kpi"><b>{e(v)}</b>{e(k)}</div>' for v, k in kpis)
    sections = "".join(_contract_section(i, row, region) for i, row in enumerate(region.rows))
    nav = [("contrats", "Contrats"), ("graphiques", "Graphiques"),
           ("instances-en-retard", "Instances en retard"),
           ("partenaires-communs", "Partenaires communs"),
           ("sans-nouvelles-titre", "Sans nouvelles"), ("themes-titre", "Thèmes"),
           ("fiches-contrats", "Fiche par contrat")]
    if region.failures:
        nav.insert(0, ("non-charges", "Non chargés"))
    nav_html = "".join(f'<li><a href="#{k}">{e(v)}</a></li>' for k, v in nav)
    summary = (f"{fr.plural(len(region.rows), 'contrat')}"
               + (f", {fr.plural(len(region.failures), 'contrat')} non chargé"
                  f"{'s' if len(region.failures) > 1 else ''}" if region.failures else ""))
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{_csp()}">
<meta name="referrer" content="no-referrer">
<title>Contrats locaux de santé — synthèse régionale au {e(as_of)}</title>
<link rel="icon" href="data:,">
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>Contrats locaux de santé : synthèse régionale</h1>
<p class="lead">Situation au <time datetime="{region.as_of.isoformat()}">{e(as_of)}</time>
 — {e(summary)}. Chaque contrat est lu sur l'année en cours jusqu'à cette date.</p>
<nav aria-label="Sommaire"><ul>{nav_html}</ul></nav>
</header>
<main>
{_failures(region)}
<div class="kpis">{kpi_html}</div>
<h2 id="graphiques">Graphiques</h2>
<div class="charts">{"".join(charts)}</div>
<h2>Contrats</h2>
<p>Cliquer sur un en-tête trie le tableau ; le nom d'un contrat mène à sa fiche.</p>
{_contracts_table(region)}
<h2 id="instances-en-retard">Instances en retard sur leur rythme</h2>
{_behind_table(region)}
<h2 id="partenaires-communs">Partenaires présents dans plusieurs contrats</h2>
{_partners_table(region)}
<h2 id="sans-nouvelles-titre">Contrats sans fait daté depuis {STALE_MONTHS} mois</h2>
{_stale_table(region)}
<h2 id="themes-titre">Fiches par thème</h2>
{_themes_table(region)}
<h2 id="fiches-contrats">Fiche par contrat</h2>
{sections}
</main>
<footer><p class="lead">Produit par clskit à partir des fichiers des contrats.</p></footer>
<script>{_SCRIPT}</script>
</body>
</html>
"""
