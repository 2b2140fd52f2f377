"""Whether an annual report's tables were read whole: the reasons a sum over them can't be trusted.

A rule that fails on a table the reader could not read whole is not evidence of an error in the
report: a row lost at a page break, a row label it could not match, cells spilled into the next
row all make true sums look false. ``checks.disclosure.annual_rules`` reports such a failure as
*undecided* with the reason found here (issue 18: precision first). What the reading gives:

- ``requests``: why table 3's column sums (``intake_balance``, ``outcome_sum``) cannot be
  trusted — a problem while reading it, or outcome rows that number no official layout;
- ``rows``: why one row's own sum (``applicant_sum``) cannot be trusted — it lacked values;
- ``review``: why table 4's block sums (``review_sum``) cannot be trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pages.annual_report_tables import GROUPS, Table

# Items per outcome group in the official layouts (rules.md §2): 2021 and 2019.
GROUP_SIZES = {
    "2021": {"withheld": 8, "unable": 3, "not_processed": 5, "other": 3},
    "2019": {"withheld": 8, "unable": 3, "not_processed": 5, "other": 1},
}
_ROW_PROBLEM = re.compile(r"^row (\S+): \d+ values")


@dataclass(frozen=True)
class TableDoubts:
    requests: str | None = None
    rows: dict[str, str] = field(default_factory=dict)
    review: str | None = None


def table_doubts(requests: Table, problems: list[str]) -> TableDoubts:
    """The doubts a reading leaves, from its tables and the problems met while reading them."""
    review = [p for p in problems if p.startswith("review table")]
    table3 = [p for p in problems if not p.startswith("review table") and "no table of" not in p]
    rows = {m.group(1): problem for problem in table3 if (m := _ROW_PROBLEM.match(problem))}
    counts = {
        group: len({row for row, _ in requests if row.split(".")[0] == group}) for group in dict(GROUPS)
    }
    if requests and not any(counts == sizes for sizes in GROUP_SIZES.values()):
        table3.append(f"outcome items per group {counts} match no official layout")
    return TableDoubts("; ".join(table3) or None, rows, "; ".join(review) or None)
