"""The simulated web in a process of its own, for the demo and other whole-web audits.

In the auditor's process the sandbox's server threads share the interpreter lock with the
crawler, so a 2-core machine runs both on one. A child process gives the simulated web its
own core: the parent reads the config the child wrote and stops the child by closing its stdin.

    with sandbox_process(seed=1, data_dir=Path("data/sandbox")) as sb:
        sb.config, sb.http_port, sb.nameserver
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from config.loader import load_config
from config.settings import AuditConfig

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class SandboxInChild:
    config: AuditConfig
    http_port: int
    dns_port: int

    @property
    def nameserver(self) -> str:
        return f"127.0.0.1:{self.dns_port}"


class SandboxFailed(RuntimeError):
    """The child process ended before it said the simulated web was up."""


@contextlib.contextmanager
def sandbox_process(seed: int, data_dir: Path) -> Iterator[SandboxInChild]:
    child = subprocess.Popen(
        [sys.executable, "-m", "sandbox.process", "--seed", str(seed), "--data-dir", str(data_dir)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        ready = child.stdout.readline()
        if not ready:
            raise SandboxFailed(f"the simulated web did not start (exit status {child.wait()})")
        facts = json.loads(ready)
        yield SandboxInChild(
            config=load_config(facts["config_path"]), http_port=facts["http_port"], dns_port=facts["dns_port"]
        )
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def main() -> None:
    from sandbox.server import run_sandbox

    parser = argparse.ArgumentParser(description="Serve the simulated web until stdin closes.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    with run_sandbox(seed=args.seed, data_dir=args.data_dir) as sb:
        facts = {"config_path": str(sb.config_path), "http_port": sb.http_port, "dns_port": sb.dns_port}
        print(json.dumps(facts), flush=True)
        sys.stdin.read()  # until the parent closes it (or dies)


if __name__ == "__main__":
    main()
