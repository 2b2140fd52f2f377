"""The unit's own document list (Annex 5 item 5): import, blank template, cross-check.

Not a registered check: it needs the list the unit hands in. ``zwgk doclist check UNIT FILE``
reads the file (``read_doclist``), fetches the listed links the crawl did not store, and runs
``crosscheck(doclist, snapshot, settings)``.
"""

from __future__ import annotations

from checks.doclist.crosscheck import DocListResult, crosscheck
from checks.doclist.importer import DocList, DocListError, DocListRow, read_doclist
from checks.doclist.template import write_template

__all__ = [
    "DocList",
    "DocListError",
    "DocListResult",
    "DocListRow",
    "crosscheck",
    "read_doclist",
    "write_template",
]
