"""The review's sections, each a function of the context returning a ``Part`` or
``None`` when it has nothing to say (a contract with little data gets a document of
what it has, never an empty heading)."""

from __future__ import annotations

from collections.abc import Callable

from clskit_review.context import Context
from clskit_review.document import Part
from clskit_review.sections import (
    annexes,
    bodies,
    contract,
    deployment,
    governance,
    indicators,
    participation,
    process,
    purpose,
)

Builder = Callable[[Context], Part | None]

#: Every section by name, in the default order (that of the CAMVS review); ``extra``
#: holds what other plugins contribute (``clskit_sections``).
SECTIONS: dict[str, Builder | None] = {
    "purpose": purpose.build,
    "bodies": bodies.build,
    "contract": contract.build,
    "deployment": deployment.build,
    "participation": participation.build,
    "indicators": indicators.build,
    "process": process.build,
    "governance": governance.build,
    "extra": None,
    "annexes": annexes.build,
}
DEFAULT_ORDER = tuple(SECTIONS)
