"""The layer arrows of docs/architecture.md, held: each package imports only the packages
below it, and the product never imports the simulated web."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parent.parent
# package → the packages it may import (docs/architecture.md).
ALLOWED: dict[str, set[str]] = {
    "config": set(),
    "pages": {"config"},
    "storage": {"config"},
    "checks": {"pages", "storage", "config"},
    "crawler": {"pages", "storage", "config"},
    "scoring": {"checks", "pages", "storage", "config"},
    "reports": {"scoring", "checks", "pages", "storage", "config"},
    "zwgk": {"crawler", "reports", "scoring", "checks", "pages", "storage", "config"},
    "sandbox": {"checks", "pages", "storage", "config"},
}
# The simulated web's side of the command line: the only sandbox modules that import zwgk.
SANDBOX_CLI = ("cli_plugin.py", "cli_demo.py", "cli_sandbox.py")


def imports(path: Path) -> set[str]:
    """Top-level packages a module imports, at module level or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & set(ALLOWED)


def modules(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


def test_each_package_imports_only_the_layers_below_it() -> None:
    wrong = []
    for package, allowed in ALLOWED.items():
        for path in modules(package):
            extra = imports(path) - allowed - {package}
            if package == "sandbox" and path.name in SANDBOX_CLI:
                extra -= {"zwgk"}
            if extra:
                wrong.append(f"{path.relative_to(ROOT)} imports {sorted(extra)}")
    assert wrong == []
    assert sum(len(modules(p)) for p in ALLOWED) > 150  # the walk saw the code


def test_the_product_names_the_simulated_web_only_as_a_plugin() -> None:
    """No product module imports it; only zwgk.cli names its plugin, to load it if present."""
    named = [
        str(path.relative_to(ROOT))
        for package in ALLOWED
        if package != "sandbox"
        for path in modules(package)
        if any(
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("sandbox.")
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert named == ["zwgk/cli.py"]
