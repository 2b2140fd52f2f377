"""Benchmark 1 — throughput: this crawler (WARC and storage on) vs Scrapy, side by side.

Both crawl the sandbox generator's 5,000-page site on loopback with the same concurrency, no
delays and robots off. Fair in both directions:

- the server is warmed first (every page served once before anything is measured), and each
  crawler runs once unmeasured, so neither meets a cold cache or compiles its bytecode in a
  measured run;
- the crawlers alternate, A B B A per round, so drift in the machine's state falls on both;
- each run is one whole process: this crawler creates its own database schema inside it, and
  peak RSS is the process's own (``wait4``), start-up and schema included.

Every run is printed, then the medians; the last line is the median ratio. Run:
``.venv/bin/python -m benchmarks.throughput [--pages 5000] [--rounds 2]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "bench.linfen.gov.cn"
KINDS = ("zwgk", "scrapy")


def run_zwgk(http_port: int, dns_port: int, concurrency: int, folder: Path) -> dict[str, float]:
    import asyncio

    from config.loader import with_overrides
    from config.settings import AuditConfig, Settings, UnitConfig
    from crawler.run import crawl_units
    from storage.db import Database

    unit = UnitConfig.model_validate(
        {
            "id": "bench",
            "name": "基准",
            "class": "A",
            "homepage": f"http://{HOST}/",
            "scope": [f"http://{HOST}/"],
        }
    )
    config = with_overrides(
        AuditConfig(path="<bench>", settings=Settings(), units=[unit]),
        network={
            "nameservers": [f"127.0.0.1:{dns_port}"],
            "allow_private": True,
            "port_map": {"80": http_port},
        },
        crawl={"data_dir": str(folder), "render_js": False, "page_budget_per_unit": 100_000, "max_depth": 20},
        politeness={
            "obey_robots": False,
            "per_host_concurrency": concurrency,
            "per_ip_concurrency": concurrency,
            "min_delay_s": 0.0,
        },
    )
    db = Database.open(f"sqlite:///{folder / 'bench.sqlite3'}")  # the schema, inside the measured process
    started = time.perf_counter()
    summary = asyncio.run(crawl_units(config, db))
    return {"pages": summary.pages, "seconds": time.perf_counter() - started}


def run_scrapy(http_port: int, concurrency: int) -> dict[str, float]:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    count = {"pages": 0}

    class Bench(scrapy.Spider):  # type: ignore[misc]
        name = "bench"
        start_urls = [f"http://127.0.0.1:{http_port}/"]

        def parse(self, response: scrapy.http.Response) -> object:
            count["pages"] += 1
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href, callback=self.parse)

    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "CONCURRENT_REQUESTS_PER_IP": 0,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": False,
            "LOG_LEVEL": "ERROR",
            "TELNETCONSOLE_ENABLED": False,
            "DEFAULT_REQUEST_HEADERS": {"Host": HOST},
            "COOKIES_ENABLED": False,
            "RETRY_ENABLED": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DEPTH_LIMIT": 0,
        }
    )
    process.crawl(Bench)
    started = time.perf_counter()
    process.start()
    return {"pages": count["pages"], "seconds": time.perf_counter() - started}


def worker(kind: str, http_port: int, dns_port: int, concurrency: int) -> None:
    if kind == "zwgk":
        result = run_zwgk(http_port, dns_port, concurrency, Path(tempfile.mkdtemp(prefix="zwgk-bench-")))
    else:
        result = run_scrapy(http_port, concurrency)
    result["pages_per_s"] = result["pages"] / result["seconds"]
    print(json.dumps(result), flush=True)


def warm(http_port: int, pages: int) -> None:
    """Ask for every page once, so the server's page cache is as warm for the first run as the last."""
    import httpx

    with httpx.Client(headers={"Host": HOST}, timeout=30) as client:
        client.get(f"http://127.0.0.1:{http_port}/")
        for n in range(1, pages):
            client.get(f"http://127.0.0.1:{http_port}/p/{n}.shtml")


def measure(kind: str, http_port: int, dns_port: int, concurrency: int) -> dict[str, float]:
    """One crawler in a process of its own; its peak RSS from the kernel's account of that very
    process (``wait4``), so start-up, imports and the schema count for both crawlers alike."""
    args = [sys.executable, "-m", "benchmarks.throughput", "--worker", kind]
    args += ["--http", str(http_port), "--dns", str(dns_port), "--concurrency", str(concurrency)]
    with tempfile.TemporaryFile(mode="w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=err, text=True)
        assert child.stdout is not None
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0 or not out.strip():
            err.seek(0)
            raise SystemExit(f"{kind} worker failed (exit {child.returncode}):\n{err.read()[-2000:]}")
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    result["process_s"] = wall
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--rounds", type=int, default=2, help="rounds of A B B A (each crawler runs twice a round)"
    )
    parser.add_argument("--worker", choices=KINDS)
    parser.add_argument("--http", type=int)
    parser.add_argument("--dns", type=int)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.http, args.dns, args.concurrency)
        return
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks._web", "bench", str(args.pages)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in KINDS}
    try:
        assert server.stdout is not None
        http_port, dns_port = (int(x) for x in server.stdout.readline().split())
        warm(http_port, args.pages)
        for kind in KINDS:  # one unmeasured run each: bytecode compiled, files in the page cache
            measure(kind, http_port, dns_port, args.concurrency)
        print(f"load before: {os.getloadavg()[0]:.2f}")
        print(
            f"{'run':>3} {'crawler':<7} {'pages':>6} {'crawl s':>8} {'pages/s':>8} {'process s':>9} {'peak RSS MB':>11}"
        )
        order = [KINDS[0], KINDS[1], KINDS[1], KINDS[0]] * args.rounds
        for i, kind in enumerate(order, 1):
            r = measure(kind, http_port, dns_port, args.concurrency)
            runs[kind].append(r)
            print(
                f"{i:>3} {kind:<7} {r['pages']:>6.0f} {r['seconds']:>8.2f} {r['pages_per_s']:>8.1f} "
                f"{r['process_s']:>9.2f} {r['peak_rss_mb']:>11.1f}",
                flush=True,
            )
        print(f"load after: {os.getloadavg()[0]:.2f}")
    finally:
        server.kill()
        server.wait()
    med = {kind: {k: statistics.median(r[k] for r in runs[kind]) for k in runs[kind][0]} for kind in KINDS}
    for kind in KINDS:
        print(
            f"median {kind:<7} {med[kind]['pages_per_s']:>8.1f} pages/s {med[kind]['peak_rss_mb']:>7.1f} MB"
        )
    ratios = [z["pages_per_s"] / s["pages_per_s"] for z, s in zip(runs["zwgk"], runs["scrapy"], strict=True)]
    rss = [z["peak_rss_mb"] / s["peak_rss_mb"] for z, s in zip(runs["zwgk"], runs["scrapy"], strict=True)]
    print(
        f"ratio zwgk/scrapy: {statistics.median(ratios):.2f}x pages/s (target >= 2.0), "
        f"{statistics.median(rss):.2f}x peak RSS (target <= 1.0); median of {len(ratios)} paired runs"
    )


if __name__ == "__main__":
    main()
