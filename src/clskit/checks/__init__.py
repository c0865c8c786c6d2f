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
from typing import TYPE_CHECKING, Any, TypeAlias

from attrs import define

from clskit._records import FrozenRecord
from clskit.checks._index import Index, Unread
from clskit.diagnostics import Diagnostic, Location, Path, Severity
from clskit.model import Contract

if TYPE_CHECKING:
    from clskit.plugins import Plugins as PluginManager

#: What a rule yields: the contract path it is about, and a message; optionally a third
#: item, the path of another place the finding is about (the first of two equal ids),
#: which the message names as ``(also PATH)``: the loader replaces that with its file
#: and line.
Finding: TypeAlias = tuple[Path, str] | tuple[Path, str, Path]
RuleFunc: TypeAlias = Callable[[Contract, Index], Iterable[Finding]]


@define(frozen=True, eq=False, repr=False)
class Rule(FrozenRecord):
    """A check rule: built in (``CLS…``), registered with :func:`rule`, or returned by a
    plugin's ``clskit_rules`` hook."""

    id: str
    """Its id, printed before each finding: a territory's own prefix (``T77-001``),
    never ``CLS``."""
    severity: Severity
    """How grave its findings are: an error makes the record not valid."""
    summary: str
    """One line saying what it finds (listed in ``docs/checks.md`` for built-in rules)."""
    func: RuleFunc
    """``func(contract, index)`` yields ``(path, message)`` findings; ``path`` is a
    tuple of keys and positions in the contract (``("actions", 2, "pilot")``)."""
    on_problem: Callable[[str], None] | None = None
    """Where a guarded rule (a plugin's: :meth:`guarded`) reports that it raised or
    yielded a malformed finding, instead of raising."""

    def guarded(self, on_problem: Callable[[str], None]) -> Rule:
        """This rule, reporting its own failures to ``on_problem`` (one line) instead of
        raising: what the plugin manager does with every plugin's rule."""
        return Rule(self.id, self.severity, self.summary, self.func, on_problem)

    def run(self, contract: Contract, index: Index) -> list[Diagnostic]:
        """Its findings over ``contract`` as diagnostics."""
        found = []
        try:
            for finding in self.func(contract, index):
                if (not isinstance(finding, tuple) or len(finding) not in (2, 3)
                        or not isinstance(finding[1], str)):
                    self._problem(f"rule {self.id} yielded {finding!r}, not (path, "
                                  "message): that finding is left out")
                    continue
                path = self._path(finding[0])
                related = (Location(None, None, self._path(finding[2]))
                           if len(finding) > 2 else None)
                found.append(Diagnostic(self.id, self.severity, finding[1],
                                        Location(None, None, path), related))
        except Exception as exc:
            if self.on_problem is None:
                raise
            self._problem(f"rule {self.id} raised {type(exc).__name__}: {exc}; its findings "
                          "after that are left out, the other rules ran")
        return found

    def _problem(self, message: str) -> None:
        if self.on_problem is None:  # a rule registered in code: its author sees it
            import warnings

            warnings.warn(message, stacklevel=4)
            return
        self.on_problem(message)

    def _path(self, path: Any) -> Path:
        """A finding's path as a tuple; a text (``"actions.2.pilot"``, a common slip) is
        read as its dotted parts, and said."""
        if isinstance(path, tuple):
            return path
        if isinstance(path, str):
            self._problem(f"rule {self.id} yielded the path {path!r} as a text: write a "
                          f"tuple, {tuple(_parts(path))!r}")
            return tuple(_parts(path))
        if isinstance(path, list):
            return tuple(path)
        self._problem(f"rule {self.id} yielded the path {path!r}, not a tuple")
        return ()


def _parts(text: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in text.split(".") if part]


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
          plugins: bool = True, unread: Unread | None = None,
          using: PluginManager | None = None) -> list[Diagnostic]:
    """Run the rules over ``contract``: the built-in ones, those registered with
    :func:`rule`, and (with ``plugins``) those of the plugins' ``clskit_rules`` hook —
    the installed plugins, or those of ``using`` (a
    :func:`~clskit.plugins.load_plugins` manager, as ``export(..., using=)``: how a
    plugin's test runs its rules). ``only`` keeps the rules whose ids it lists.
    ``unread`` is what the loader could not read: findings under those fields, or about
    references to the ids of unread items, are not reported (the reading errors are).

    A plugin's rule that raises, yields a malformed finding or reuses an id is reported
    in the manager's ``problems`` (``clskit validate`` prints them), never raised.
    """
    wanted = set(only) if only is not None else None
    index = Index(contract, unread)
    every = rules()
    if plugins or using is not None:
        from clskit.plugins import plugins as loaded

        every += (using or loaded()).rules()
    found: list[Diagnostic] = []
    for registered in every:
        if wanted is None or registered.id in wanted:
            found.extend(registered.run(contract, index))
    if index.unread.fields:
        found = [d for d in found if not index.unread.field(d.location.path)]
    return found


__all__ = ["Finding", "Index", "Rule", "Unread", "check", "rule", "rules"]
