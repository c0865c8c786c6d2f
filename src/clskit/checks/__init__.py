"""Semantic rules over a contract, beyond what types say.

A rule is a function ``(contract, index) -> Iterable[Finding]`` registered with an id
(``CLS104``), a severity and a one-line summary. :func:`check` runs them all and never
stops at the first finding. Territories add their own rules with :func:`rule` (and,
once the plugin system lands, through a hook).

The loader passes what it could not read (:class:`Unread`): findings about those values
are left out, since the reading error already names their cause.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeAlias

from attrs import define

from clskit.checks._index import Index, Unread
from clskit.diagnostics import Diagnostic, Location, Path, Severity
from clskit.model import Contract

#: What a rule yields: the contract path it is about, and a message; optionally a third
#: item, the path of another place the finding is about (the first of two equal ids),
#: which the message names as ``(also PATH)``: the loader replaces that with its file
#: and line.
Finding: TypeAlias = tuple[Path, str] | tuple[Path, str, Path]
RuleFunc: TypeAlias = Callable[[Contract, Index], Iterable[Finding]]


@define(frozen=True)
class Rule:
    """A registered rule."""

    id: str
    severity: Severity
    summary: str
    func: RuleFunc

    def run(self, contract: Contract, index: Index) -> list[Diagnostic]:
        found = []
        for finding in self.func(contract, index):
            path, message = finding[0], finding[1]
            related = Location(None, None, finding[2]) if len(finding) > 2 else None
            found.append(Diagnostic(self.id, self.severity, message,
                                    Location(None, None, path), related))
        return found


_REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, summary: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as the rule ``rule_id``."""

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in _REGISTRY and _REGISTRY[rule_id].func is not func:
            raise ValueError(f"rule {rule_id} is already registered")
        _REGISTRY[rule_id] = Rule(rule_id, severity, summary, func)
        return func

    return register


def rules() -> list[Rule]:
    """Every registered rule, by id."""
    from clskit.checks import _rules  # noqa: F401  (registers the built-in rules)

    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def check(contract: Contract, only: Iterable[str] | None = None, *,
          plugins: bool = True, unread: Unread | None = None) -> list[Diagnostic]:
    """Run the rules over ``contract``: the built-in ones, those registered with
    :func:`rule`, and (with ``plugins``) those of installed plugins' ``clskit_rules``
    hook. ``only`` keeps the rules whose ids it lists. ``unread`` is what the loader
    could not read: findings under those fields, or about references to the ids of
    unread items, are not reported (the reading errors are)."""
    wanted = set(only) if only is not None else None
    index = Index(contract, unread)
    every = rules()
    if plugins:
        from clskit.plugins import plugins as loaded

        known = {r.id for r in every}
        every += [r for r in loaded().rules() if r.id not in known]
    found: list[Diagnostic] = []
    for registered in every:
        if wanted is None or registered.id in wanted:
            found.extend(registered.run(contract, index))
    if index.unread.fields:
        found = [d for d in found if not index.unread.field(d.location.path)]
    return found


__all__ = ["Finding", "Index", "Rule", "Unread", "check", "rule", "rules"]
