"""Benchmark: ``clskit import tet`` of a 1,000-action plan against openpyxl reading it.

    python benchmarks/bench_tet.py [--actions 1000] [--runs 5]

A plan workbook in the platform's layout is generated (every imported column filled, a
sub-action every fifth row, three axis levels, 40 axes). The measured work is reading it
into a contract with every check (``clskit.plugins.read_import``: open the workbook
safely, find the sheet, check the header, read and check each cell, build the record).
The floor is openpyxl reading the same cells: ``load_workbook(data_only=True)`` and every
value of every row, the mode the shared reader must use (read-only mode cannot see merged
cells, which coordinators use for axes). Runs are interleaved after one untimed warm-up
of each, in this process; the medians are compared; the goal is a ratio under 3. The
read-only floor and the whole ``clskit import`` (workspace written and validated) are
printed for information.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
from clskit_tet.columns import COLUMNS

from clskit.plugins import import_file, read_import

GOAL = 3.0


def make_plan(path: Path, actions: int) -> int:
    """Write a plan of ``actions`` rows; returns the number of cells written."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Fichier dimport"
    sheet["A1"] = "Présentation de l’action"
    for column in COLUMNS:
        sheet.cell(2, column.index, column.title)
        sheet.cell(3, column.index, "Champ texte")
    statuses = ["À venir", "En cours", "Réalisé", "En retard", "En pause"]
    cells = 0
    parent = ""
    for n in range(actions):
        axis = n // 25 + 1
        sub = n % 25 // 5 + 1
        is_sub = n % 5 == 4
        if not is_sub:
            parent = f"Action {n} : améliorer l'accès aux soins de proximité"
        values = {
            "axis": f"{axis}. Axe stratégique numéro {axis}",
            "sub_axis": f"{axis}.{sub}. Objectif spécifique {axis}.{sub}",
            "sub_sub_axis": f"{axis}.{sub}.1. Objectif opérationnel",
            "title": parent,
            "sub_title": f"Étape {n}" if is_sub else None,
            "description": "Description de l'action, sur plusieurs lignes.\n- un\n- deux",
            "governance": "COPIL, COTECH",
            "objectives": "Réduire les inégalités sociales et territoriales de santé",
            "structures": f"Structure {n % 30}",
            "resources": "0,5 ETP de coordination",
            "partners": f"Partenaire {n % 50}, CPAM, ARS",
            "services": "Direction de la santé",
            "pilots": f"Prénom{n % 40} NOM",
            "referents": f"Élu{n % 20} NOM",
            "participation": "Consultation",
            "financing": "Droit commun",
            "funder1": "ARS", "amount1": 1000 + n,
            "funder2": "Département", "amount2": 500,
            "funder3": "Région", "amount3": 250,
            "budget": 5000 + n,
            "status": statuses[n % len(statuses)],
            "priority": "Moyen",
            "start": dt.datetime(2023, 1, 1) + dt.timedelta(days=n % 300),
            "end": "31/12/2027",
        }
        for column in COLUMNS:
            value = values.get(column.key)
            if value is not None:
                sheet.cell(4 + n, column.index, value)
                cells += 1
    book.save(path)
    return cells


def floor(path: Path) -> None:
    book = openpyxl.load_workbook(path, data_only=True)
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass


def floor_read_only(path: Path) -> None:
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    for sheet in book.worksheets:
        for _ in sheet.iter_rows(values_only=True):
            pass
    book.close()


def measured(path: Path) -> None:
    result = read_import("tet", path)
    assert result.contract is not None


def timed(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        cells = make_plan(path, args.actions)
        sides: dict[str, Callable[[], None]] = {
            "floor": lambda: floor(path),
            "import": lambda: measured(path),
            "floor_read_only": lambda: floor_read_only(path),
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        for work in sides.values():
            work()  # warm-up: imports, caches
        for _ in range(args.runs):
            for name, work in sides.items():
                times[name].append(timed(work))
        whole = timed(lambda: import_file("tet", path, to=Path(folder) / "ws"))
    median = {name: statistics.median(values) for name, values in times.items()}
    ratio = median["import"] / median["floor"]
    print(f"plan: {args.actions} actions, {cells} cells, {args.runs} runs")
    print(f"openpyxl reading the cells (floor): {median['floor']:.3f} s")
    print(f"clskit reading the plan (read_import): {median['import']:.3f} s")
    print(f"ratio: {ratio:.2f} (goal < {GOAL})")
    print(f"for information: openpyxl read-only {median['floor_read_only']:.3f} s "
          f"(ratio {median['import'] / median['floor_read_only']:.2f}); whole clskit "
          f"import with the workspace written and validated {whole:.3f} s")
    return 0 if ratio < GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
