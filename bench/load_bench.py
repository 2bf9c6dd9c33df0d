"""Pages under concurrent load beside a bare view, in one run (issue #18, "Fast pages").

A throwaway PostgreSQL with the Musterkreis demo data; gunicorn with the production settings (DEBUG off,
sync workers) serving the product plus `/bench/bare/` (`bench/bare_view.py`: the same middleware,
session and template engine rendering a 20-row table). Then, for every page:

1. **Service time**: one request at a time on the otherwise idle server, the median and p95 of
   `--single` requests (what one user waits for when nobody else is there); "uncached" the median
   when every request misses the page cache (a query parameter of its own), i.e. renders the page.
2. **Under load**: `--users` concurrent users (asyncio connections on loopback, no think time) for
   `--seconds`, in `--rounds` rounds. Each round measures the bare view and then every page, so the
   baseline is interleaved with what it is compared to; the ratio is a page's requests/s over the bare
   view's in the same round, the median over rounds is printed with the goal of the issue.

Loopback only and bounded in time: this doubles as the load test of the reliability harness (every
non-200 answer and every connection error is counted and makes the exit status 1).

    .venv/bin/python bench/load_bench.py                      # 50 users, 3 rounds × 10 s per page
    .venv/bin/python bench/load_bench.py --seconds 60 --rounds 1
    .venv/bin/python bench/load_bench.py --pages search,finder --single 100
    .venv/bin/python bench/load_bench.py --pages finder,search --catalogue 5000   # a big catalogue
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pg import ROOT, machine, postgres, table

TENANT = "musterkreis"
SECRET = "load-bench-" + "x" * 50
LOGIN = "coordinator@musterkreis.example.org"


@dataclass
class Page:
    key: str
    label: str
    path: str
    goal: float  # share of the bare view's requests/s
    login: bool = False
    service_goal_ms: float | None = None


@dataclass
class Result:
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    elapsed: float = 0.0


def pages(offering_id: int) -> list[Page]:
    return [
        Page("home", "Startseite /", "/", 0.5),
        Page("municipality", "Kommunenseite", f"/{TENANT}/", 0.5),
        Page("search", "Suche", f"/{TENANT}/angebote/?q=Bewerbung", 0.5, service_goal_ms=8),
        Page(
            "facets",
            "Suche mit Facetten",
            f"/{TENANT}/angebote/?q=Ausbildung&phases=training&target_groups=school_leavers",
            0.5,
            service_goal_ms=8,
        ),
        Page("offering", "Angebotsseite", f"/{TENANT}/angebote/{offering_id}/", 0.5),
        Page(
            "finder",
            "Angebotsfinder, Ergebnis",
            f"/{TENANT}/angebotsfinder/?alter=16&schule=ja&klasse=9&bedarf=beruf&schritt=ergebnis",
            0.5,
            service_goal_ms=8,
        ),
        Page("hsds", "HSDS services", f"/api/hsds/{TENANT}/services", 0.5),
        Page("workspace", "Arbeitsbereich (Start)", f"/{TENANT}/intern/", 0.3, login=True),
        Page("dashboard", "Monitoring-Dashboard", f"/{TENANT}/intern/monitoring/", 0.3, True, 10),
    ]


BARE = Page("bare", "bare view (Baseline)", "/bench/bare/", 1.0)


# ---------------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="uebergang.settings",
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="1",  # behind the TLS proxy: the client sends X-Forwarded-Proto as nginx would
        CACHE_LOCATION=str(ROOT / "bench" / "out" / "load-cache"),
        SHARED_FILES_DIR=str(ROOT / "bench" / "out" / "load-files"),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


GROW = """
import uuid
import django
django.setup()
from django.db import transaction
from uebergang.offerings.models import Offering
from uebergang.offerings.search import refresh_search_text
WORDS = ["Nord", "Süd", "Ost", "West", "Mitte", "am Nachmittag", "für Mädchen", "kompakt", "plus", "digital"]
published = Offering.objects.filter(tenant__slug=TENANT, status="published")
models = list(published.prefetch_related("categories", "locations").order_by("pk"))
with transaction.atomic():
    for number in range(max(0, TARGET - len(models))):
        model = models[number % len(models)]
        copy = Offering.objects.get(pk=model.pk)
        copy.pk = None
        copy.hsds_id = uuid.uuid4()
        copy.title = f"{model.title} {WORDS[number % len(WORDS)]} {number // len(WORDS) + 2}"[:200]
        copy.save()
        copy.categories.set(model.categories.all())
        for location in model.locations.all():
            location.pk = None
            location.hsds_id = uuid.uuid4()
            location.offering = copy
            location.save()
        refresh_search_text(copy)
print(published.count())
"""


def grow_catalogue(env: dict[str, str], target: int) -> int:
    """Copies of the demo's published offerings (own titles, categories, places) up to `target`."""
    script = f"TENANT = {TENANT!r}\nTARGET = {target}\n" + GROW
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"could not grow the catalogue:\n{done.stderr[-3000:]}")
    return int(done.stdout.split()[-1])


def session_cookie(env: dict[str, str]) -> tuple[str, int]:
    """A signed-in session of the demo coordinator (the login form's work, done once) and an offering."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.conf import settings\n"
        "from uebergang.accounts.models import User\n"
        "from uebergang.offerings.models import Offering\n"
        f"client = Client(); client.force_login(User.objects.get(email={LOGIN!r}))\n"
        f"offering = Offering.objects.filter(tenant__slug={TENANT!r}, status='published').order_by('pk').first()\n"
        "print(client.cookies[settings.SESSION_COOKIE_NAME].value, offering.pk)\n"
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"could not sign in:\n{done.stderr[-3000:]}")
    cookie, offering = done.stdout.split()
    return cookie, int(offering)


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bench.load_wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


# ---------------------------------------------------------------------------------------------------
# The client: plain HTTP/1.1 over asyncio streams (gunicorn's sync workers close after each answer)


def request_bytes(page: Page, cookie: str, extra: str = "") -> bytes:
    path = page.path + ("&" if "?" in page.path else "?") + extra if extra else page.path
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", "Accept-Language: de"]
    lines.append("X-Forwarded-Proto: https")
    if page.login:
        lines.append(f"Cookie: sessionid={cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def fetch(port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        await writer.drain()
        answer = await reader.read()
    finally:
        writer.close()
    status_line = answer.split(b"\r\n", 1)[0].split()
    return int(status_line[1]) if len(status_line) > 1 else 0


async def load(port: int, page: Page, cookie: str, users: int, seconds: float) -> Result:
    result = Result()
    raw = request_bytes(page, cookie)
    stop = time.perf_counter() + seconds

    async def user() -> None:
        while time.perf_counter() < stop:
            began = time.perf_counter()
            try:
                status = await fetch(port, raw)
            except OSError:
                status = 0
            result.latencies.append(time.perf_counter() - began)
            result.requests += 1
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status != 200:
                result.errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(users)))
    result.elapsed = time.perf_counter() - began
    return result


async def single(port: int, page: Page, cookie: str, count: int, *, cold: bool = False) -> list[float]:
    """`count` requests one after the other; `cold`: each with a query parameter of its own, which the
    page ignores but the page cache does not — every request renders the page (a cache miss)."""
    times = []
    for number in range(count):
        raw = request_bytes(page, cookie, f"nocache={time.time_ns()}-{number}" if cold else "")
        began = time.perf_counter()
        status = await fetch(port, raw)
        times.append(time.perf_counter() - began)
        if status != 200:
            sys.exit(f"{page.path} answered {status}")
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ---------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--single", type=int, default=50, help="one-at-a-time requests per page")
    parser.add_argument("--pages", default="", help="comma-separated keys (default: all)")
    parser.add_argument(
        "--catalogue", type=int, default=0, help="grow Musterkreis to this many published offerings"
    )
    args = parser.parse_args()
    # Stopped from outside: leave through the `finally` blocks, so the server and the cluster go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    print(f"Machine: {machine()}")
    print(
        f"gunicorn, {args.workers} sync workers, DEBUG off, PostgreSQL; {args.users} users; Musterkreis demo"
    )
    with postgres() as pg:
        env = server_env(pg.url)
        began = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "demo_data")
        manage(env, "collectstatic", "--noinput")  # DEBUG off: the hashed names, as in production
        print(f"demo data loaded in {time.perf_counter() - began:.0f} s")
        if args.catalogue:
            print(f"catalogue: {grow_catalogue(env, args.catalogue)} published offerings in Musterkreis")
        cookie, offering = session_cookie(env)
        chosen = pages(offering)
        if args.pages:
            keys = set(args.pages.split(","))
            chosen = [page for page in chosen if page.key in keys]
        port = free_port()
        server = start_server(env, port, args.workers)
        try:
            return asyncio.run(measure(port, cookie, chosen, args))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


async def measure(port: int, cookie: str, chosen: list[Page], args) -> int:
    everything = [BARE, *chosen]
    for page in everything:  # warm the workers' caches and check every page answers
        for _ in range(2 * args.workers):
            status = await fetch(port, request_bytes(page, cookie))
            if status != 200:
                sys.exit(f"{page.path} answered {status}")

    service = {page.key: await single(port, page, cookie, args.single) for page in everything}
    cold = {page.key: await single(port, page, cookie, args.single, cold=True) for page in everything}

    rounds: list[dict[str, Result]] = []
    for number in range(args.rounds):
        measured: dict[str, Result] = {}
        for page in everything:
            measured[page.key] = await load(port, page, cookie, args.users, args.seconds)
            await asyncio.sleep(0.5)
        rounds.append(measured)
        bare_rps = measured["bare"].requests / measured["bare"].elapsed
        print(f"round {number + 1}: bare view {bare_rps:.0f} req/s")

    rows = []
    failed = 0
    for page in everything:
        rps = [r[page.key].requests / r[page.key].elapsed for r in rounds]
        ratios = [
            r[page.key].requests / r[page.key].elapsed / (r["bare"].requests / r["bare"].elapsed)
            for r in rounds
        ]
        latencies = [value for r in rounds for value in r[page.key].latencies]
        errors = sum(r[page.key].errors for r in rounds)
        failed += errors
        ratio = statistics.median(ratios)
        single_ms = statistics.median(service[page.key]) * 1000
        rows.append(
            [
                page.label,
                f"{single_ms:.1f}",
                f"{percentile(service[page.key], 0.95) * 1000:.1f}",
                f"{statistics.median(cold[page.key]) * 1000:.1f}",
                f"≤ {page.service_goal_ms:g}" if page.service_goal_ms else "",
                f"{statistics.median(rps):.0f}",
                f"{ratio:.0%}" if page is not BARE else "100%",
                f"≥ {page.goal:.0%}" if page is not BARE else "",
                "ja" if page is BARE or ratio >= page.goal else "NEIN",
                f"{statistics.median(latencies) * 1000:.0f}",
                f"{percentile(latencies, 0.95) * 1000:.0f}",
                str(errors),
            ]
        )
    print()
    print(
        table(
            [
                "page",
                "single ms",
                "single p95",
                "uncached ms",
                "goal",
                "req/s",
                "of bare",
                "goal",
                "met",
                "load median ms",
                "load p95 ms",
                "errors",
            ],
            rows,
        )
    )
    if failed:
        print(f"\n{failed} answers were not 200 or failed to connect.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
