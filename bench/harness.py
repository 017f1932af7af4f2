"""What every benchmark shares: a demo database at a scale, a server on loopback, signed-in
clients and a table of p50/p95 times.

A benchmark prints figures; it is never a test. Databases live in var/bench/ and are reused
by later runs at the same scale (SQLite) or built afresh in a throwaway cluster (PostgreSQL).
"""

import argparse
import html
import http.client
import math
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = sys.executable
TODAY = "2026-11-24"
REQUESTS_PER_PAGE = 200


def arguments(description: str, extend=None) -> argparse.Namespace:
    """The arguments every benchmark takes; ``extend(parser)`` adds a benchmark's own."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=int, default=250, help="demo Commonwealth scale (250)")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="SQLite under var/bench (kept) or a throwaway PostgreSQL cluster",
    )
    parser.add_argument("--requests", type=int, default=REQUESTS_PER_PAGE)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    if extend is not None:
        extend(parser)
    return parser.parse_args()


def with_database(args: argparse.Namespace) -> None:
    """Point DATABASE_URL at the benchmark's database, re-running under a throwaway cluster
    when PostgreSQL is asked for."""
    os.environ["TANDEM_DEMO"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["PYTHONPATH"] = str(ROOT)
    if args.database == "postgres":
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            os.execv(str(ROOT / "scripts" / "with-postgres"), ["with-postgres", PYTHON, *sys.argv])
        _create_database(os.environ["DATABASE_URL"])
        return
    VAR.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{VAR / f'scale-{args.scale}.sqlite3'}"


def _create_database(url: str) -> None:
    """The throwaway cluster starts with no database of ours; make it."""
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(*command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, check=True)


@dataclass
class Build:
    seconds: float
    peak_mib: float
    reused: bool


def build(scale: int) -> Build:
    """Migrate and generate the demo Commonwealth at ``scale`` unless it is already there;
    returns the generator's wall time and peak resident memory."""
    manage("migrate", "--noinput", "-v0")
    manage("createcachetable", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    setup_django()
    from tandem.demo.commonwealth import demo_loaded

    if demo_loaded():
        print("The demo Commonwealth is already in this database; reusing it.")
        return Build(0.0, 0.0, reused=True)
    print(f"Generating the demo Commonwealth at --scale {scale} ...", flush=True)
    started = time.monotonic()
    child = subprocess.Popen(
        [PYTHON, "manage.py", "demo_commonwealth", "--scale", str(scale), "--today", TODAY],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"The generator failed with status {child.returncode}.")
    _analyze()
    # ru_maxrss is in KiB on Linux.
    return Build(time.monotonic() - started, usage.ru_maxrss / 1024, reused=False)


def _analyze() -> None:
    """Give PostgreSQL's planner statistics of the rows just generated: before autovacuum
    gets to them, it plans the insights' counts as if the tables were empty (minutes, not a
    second, at --scale 25)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving Tandem (DEBUG off, as in the demo) on a free loopback port."""

    def __init__(self, workers: int):
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "tandem.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                Client(self.port).get("/healthz")
                return
            except (ConnectionError, OSError):
                time.sleep(0.2)
        self.stop()
        sys.exit("The server did not start within 30 s.")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@dataclass
class Client:
    """One keep-alive connection with a cookie jar: a person using Tandem in a browser tab."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method: str, path: str, form: dict | None = None):
        headers = {"Host": "127.0.0.1", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.getheader("Location"), content.decode(errors="replace")

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict):
        status, _location, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"{path} did not offer a form (status {status}).")
        return self.request("POST", path, {"csrfmiddlewaretoken": token.group(1), **fields})


def sign_in(port: int, email: str) -> Client:
    """Sign in through allauth's pages as a person would, with the demo's two-factor code
    where the role needs one."""
    from tandem.demo.accounts import DEMO_PASSWORD

    client = Client(port)
    status, location, _ = client.post_form(
        "/accounts/login/", {"login": email, "password": DEMO_PASSWORD}
    )
    if location and "2fa" in location:
        status, location, _ = client.post_form(location, {"code": current_totp_code()})
    if status != 302:
        raise RuntimeError(f"Signing in as {email} failed (status {status}).")
    return client


def current_totp_code() -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    from tandem.demo.accounts import DEMO_TOTP_SECRET

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


def setup_django() -> None:
    import django

    django.setup()


@dataclass
class Row:
    page: str
    times_ms: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank


def measure(page: str, requests: list[tuple[Client, str]], count: int) -> Row:
    """GET ``count`` requests cycling through (client, path) pairs; any status but 200 stops
    the run. Several clients stand for several people signed in at once."""
    if not requests:
        sys.exit(f"{page}: no paths to request.")
    warm_client, warm_path = requests[0]
    warm_client.get(warm_path)  # one warm-up request per page
    times = []
    for index in range(count):
        client, path = requests[index % len(requests)]
        started = time.perf_counter()
        status, _location, body = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            sys.exit(f"{page}: {path} answered {status}: {html.unescape(body[:300])}")
    return Row(page, times)


def measure_pages(pages: dict[str, list[tuple[Client, str]]], count: int) -> list[Row]:
    """``measure`` each page in turn, printing its p95 as it finishes."""
    rows = []
    for page, requests in pages.items():
        rows.append(measure(page, requests, count))
        print(f"  {page}: p95 {rows[-1].p95:.1f} ms", flush=True)
    return rows


def report(title: str, rows: list[Row], build_figures: Build | None, target_ms: dict) -> str:
    lines = [title, ""]
    if build_figures and not build_figures.reused:
        lines.append(
            f"Generator: {build_figures.seconds:.0f} s, peak memory {build_figures.peak_mib:.0f} MiB"
        )
        lines.append("")
    lines.append(f"| {'page':<44} | requests | p50 ms | p95 ms | target p95 |")
    lines.append(f"|{'-' * 46}|---------:|-------:|-------:|-----------:|")
    for row in rows:
        target = target_ms.get(row.page)
        mark = "" if target is None else (f"< {target}" + ("" if row.p95 < target else " MISSED"))
        lines.append(
            f"| {row.page:<44} | {len(row.times_ms):>8} | {row.p50:>6.1f} | {row.p95:>6.1f} "
            f"| {mark:>10} |"
        )
    return "\n".join(lines)


def run(doc: str, *, name: str, pages, targets: dict) -> None:
    """A benchmark from start to end: the arguments (described by the first line of ``doc``),
    the database, a server, the pages that ``pages(port, args)`` names timed, the report."""
    args = arguments(doc.splitlines()[0])
    with_database(args)
    built = build(args.scale)
    server = Server(args.workers)
    try:
        rows = measure_pages(pages(server.port, args), args.requests)
    finally:
        server.stop()
    print()
    print(
        report(
            f"{name} benchmark, --scale {args.scale}, {args.database}, "
            f"{args.workers} gunicorn workers",
            rows,
            built,
            targets,
        )
    )
