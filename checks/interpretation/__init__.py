"""Policy interpretations (issue 7): columns, forms, links to policies, lags, channels.

Importing the package registers the ``interpretation.*`` checks; ``analyse`` gives a unit's
figures with the documents behind them (``zwgk interpretations``).
"""

from __future__ import annotations

from checks.interpretation import checks as _checks  # noqa: F401  (registers the checks)
from checks.interpretation.analysis import analyse
from checks.interpretation.model import Interpretation, Policy, UnitInterpretations

__all__ = ["Interpretation", "Policy", "UnitInterpretations", "analyse"]
