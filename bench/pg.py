"""A throwaway PostgreSQL cluster for the benchmarks, and Django pointed at it (or at a SQLite file).

The cluster logic is the one of `conftest.ThrowawayPostgres` (initdb/pg_ctl from the PATH, unix socket
only, as the `postgres` system user when run as root), with a few settings a production server would
also have (bigger shared_buffers and WAL), so checkpoints do not dominate the figures. Durability is off
(fsync, synchronous_commit) for both sides of every comparison alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DB_NAME = "uebergang"

SERVER_OPTIONS = [
    "listen_addresses=''",
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "shared_buffers=512MB",
    "max_wal_size=8GB",
    "checkpoint_timeout=30min",
    "work_mem=32MB",
    "maintenance_work_mem=512MB",
]


class BenchPostgres:
    """initdb + pg_ctl in a temporary folder; reachable only over its unix socket."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="uebergang-bench-pg-"))
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603

    @property
    def url(self) -> str:
        return f"postgres://postgres@{quote(str(self.dir), safe='')}/{DB_NAME}"

    def start(self) -> None:
        if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
            sys.exit("PostgreSQL binaries (initdb, pg_ctl) are not on the PATH")
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        data = str(self.dir / "data")
        self._run(
            "initdb",
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        options = f"-k {self.dir} " + " ".join(f"-c {option}" for option in SERVER_OPTIONS)
        self._run("pg_ctl", "-D", data, "-l", str(self.dir / "log"), "-w", "-o", options, "start")
        import psycopg

        with psycopg.connect(host=str(self.dir), user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DB_NAME}")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def postgres():
    server = BenchPostgres()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def setup_django(database_url: str, *, migrate: bool = True) -> None:
    """Point Django at `database_url` (before setup) and bring the schema up to date."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["CONN_MAX_AGE"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uebergang.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


class Timer:
    def __enter__(self) -> Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A plain-text table with right-aligned figures, for printing and pasting into bench/README.md."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])])


def machine() -> str:
    import platform

    cpu = "?"
    try:
        for entry in Path("/proc/cpuinfo").read_text().splitlines():
            if entry.startswith("model name"):
                cpu = entry.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    version = subprocess.run(["initdb", "--version"], capture_output=True, text=True).stdout.strip()  # noqa: S607
    return f"{os.cpu_count()} cores ({cpu}){memory}; Python {platform.python_version()}; {version}"
