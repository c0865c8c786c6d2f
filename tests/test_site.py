"""The documentation site builds with ``mkdocs build --strict`` (a broken link, a missing
page or a docstring mkdocstrings cannot read fails), and the API reference documents
every attribute a plugin author reads: no attribute has to be found with ``dir()``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from clskit_test_support import ROOT

SRC = ROOT / "src" / "clskit"

#: The classes a plugin reads, by the file that defines them.
KIT = {
    "snapshot.py": ["Snapshot", "ActionView", "ObjectiveView", "AxisView", "BodyActivity",
                    "Counts", "Partnership", "PartnerJoin", "MemberJoin", "Participation",
                    "ContractFacts", "Undated"],
    "indicators.py": ["Achievement", "RollUp", "Tally", "Point"],
    "checks/_index.py": ["Index"],
    "checks/__init__.py": ["Rule"],
    "exporters.py": ["Option"],
}


def _is_doc(node: ast.stmt | None) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str) and bool(node.value.value.strip()))


def _undocumented(cls: ast.ClassDef) -> list[str]:
    missing = []
    for i, stmt in enumerate(cls.body):
        following = cls.body[i + 1] if i + 1 < len(cls.body) else None
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            if not _is_doc(following):
                missing.append(stmt.target.id)
        elif isinstance(stmt, ast.FunctionDef):
            if stmt.name == "__init__":
                body = stmt.body
                for j, inner in enumerate(body):
                    target = (inner.targets[0] if isinstance(inner, ast.Assign)
                              else inner.target if isinstance(inner, ast.AnnAssign) else None)
                    if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                            and target.value.id == "self"
                            and not _is_doc(body[j + 1] if j + 1 < len(body) else None)):
                        missing.append(target.attr)
            elif not stmt.name.startswith("_") and not _is_doc(stmt.body[0]):
                missing.append(stmt.name)
    return missing


@pytest.mark.parametrize("file", sorted(KIT))
def test_every_attribute_a_plugin_reads_has_a_docstring(file: str) -> None:
    tree = ast.parse((SRC / file).read_text(encoding="utf-8"))
    classes = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    for name in KIT[file]:
        assert _is_doc(classes[name].body[0]), f"{name} has no docstring"
        assert _undocumented(classes[name]) == [], f"{name}: {_undocumented(classes[name])}"


def test_the_site_builds_strictly_and_lists_the_kit(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                          capture_output=True, text=True, cwd=ROOT,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stdout + done.stderr
    pages = {p: (tmp_path / "site" / "api" / p / "index.html").read_text(encoding="utf-8")
             for p in ("snapshot", "indicators", "checks", "plugins", "helpers")}
    every = "".join(pages.values())
    for file, names in KIT.items():
        tree = ast.parse((SRC / file).read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            if cls.name not in names:
                continue
            attributes = [stmt.target.id for stmt in cls.body
                          if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)]
            attributes += [node.attr for stmt in cls.body
                           if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__"
                           for node in ast.walk(stmt) if isinstance(node, ast.Attribute)
                           and isinstance(node.value, ast.Name) and node.value.id == "self"
                           and isinstance(node.ctx, ast.Store)]
            for attribute in attributes:
                assert f".{cls.name}.{attribute}\"" in every, \
                    f"{cls.name}.{attribute} is not in the API reference"
    for page in ("tutorial", "glossary", "format", "plugins", "changelog"):
        assert (tmp_path / "site" / page / "index.html").is_file(), page
