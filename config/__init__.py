"""Configuration: the assessed units and every setting, validated on load.

This is the bottom layer: every other package may import it; it imports none of them.
"""

from __future__ import annotations

from config.loader import ConfigError, load_config
from config.settings import AuditConfig, Settings, UnitConfig

__all__ = ["AuditConfig", "ConfigError", "Settings", "UnitConfig", "load_config"]
