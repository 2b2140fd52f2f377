#!/usr/bin/env bash
# Until the first release, schema changes regenerate migration 0001 from storage/models.py.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f storage/migrations/versions/0001_initial_schema.py
.venv/bin/python - "$tmp" <<'PY'
import sys
from alembic import command
from alembic.config import Config
cfg = Config()
cfg.set_main_option("script_location", "storage/migrations")
cfg.set_main_option("sqlalchemy.url", f"sqlite:///{sys.argv[1]}/gen.sqlite3")
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
rm -rf "$tmp"
