"""What the disclosure checks share: the topics they feed."""

from __future__ import annotations

TOPIC_COLUMN = "disclosure_column"
TOPIC_CATALOGUE = "catalogue"
