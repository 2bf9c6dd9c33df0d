#!/usr/bin/env python
"""The case worker's queue at 100,000 cases in one tenant, on a throwaway PostgreSQL.

    .venv/bin/python bench/cases_queue_bench.py                  # 100,000 cases (+ 3 × 10,000 elsewhere)
    .venv/bin/python bench/cases_queue_bench.py --cases 20000    # a quick run

Loads one tenant with `--cases` cases (a third open, over three leaving years, 40 case workers in six
teams, 30 schools, 8 regions, German names from fictional pools) and three other tenants with 10,000
each, all with COPY. Then requests the queue as a logged-in case worker sees it (Django's test client:
middleware, session, permission check, form, query, template) for each filter and search, `--repeat`
times, and prints median, p95 and max beside two baselines measured in the same run: a bare view
rendering a 20-row table through the same stack (`bench/bare_view.py`), and the raw SQL of the page's
rows. Goal (issue #12): p95 ≤ 50 ms for every scenario.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pg import machine, postgres, setup_django, table

FIRST = [
    "Lena",
    "Mia",
    "Emma",
    "Hannah",
    "Sofia",
    "Lea",
    "Amira",
    "Elif",
    "Zeynep",
    "Marie",
    "Jana",
    "Nele",
    "Paul",
    "Ben",
    "Leon",
    "Finn",
    "Elias",
    "Jonas",
    "Luca",
    "Noah",
    "Emir",
    "Yusuf",
    "Milan",
    "Tim",
]
LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Yilmaz",
    "Kaya",
    "Demir",
    "Şahin",
    "Nowak",
    "Kowalski",
    "Popescu",
    "Ivanov",
    "Rossi",
    "Fernández",
    "Haddad",
    "Nguyen",
]
CLASSES = ["9a", "9b", "9c", "10a", "10b", "10c", "BVJ", "VABO", "AV1", "AV2"]
COLUMNS = (
    "tenant_id, number, source, first_name, last_name, date_of_birth, email, phone, street, postcode, city, "
    "guardian_name, guardian_contact, school_id, school_class, leaving_year, region_id, pupil_pseudonym, "
    "lead_worker_id, team_id, deadline, status, outcome, destination_id, passed_to_id, outcome_note, "
    "closed_at, anonymised_at, created_at, updated_at"
)
NULL = "\\N"


def build_tenant(slug: str, n_workers: int, n_teams: int, n_schools: int, n_regions: int):
    from uebergang.accounts.models import Membership
    from uebergang.cases.models import CaseTeam
    from uebergang.test import (
        create_membership,
        create_organisation,
        create_region,
        create_tenant,
        create_user,
    )

    tenant = create_tenant(slug)
    workers = []
    for i in range(n_workers):
        user = create_user(f"fb{i}@{slug}.example.org", full_name=f"Fallbegleitung {i} {slug}")
        create_membership(user, tenant, Membership.Role.CASE_WORKER)
        workers.append(user)
    teams = [CaseTeam.objects.create(tenant=tenant, name=f"Team {i}") for i in range(n_teams)]
    for i, user in enumerate(workers):
        teams[i % n_teams].members.add(user)
    schools = [create_organisation(tenant, f"Schule {i} {slug}", "school") for i in range(n_schools)]
    regions = [create_region(tenant, f"Region {i}") for i in range(n_regions)]
    return tenant, workers, teams, schools, regions


def copy_cases(tenant, workers, teams, schools, regions, n: int, rng: random.Random, dual_id: int) -> None:
    from django.db import connection

    today = date.today()
    now = datetime.now(UTC)
    buffer = io.StringIO()
    for number in range(1, n + 1):
        year = today.year - rng.choice((0, 1, 2))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        is_open = rng.random() < 1 / 3
        born = date(year - rng.choice((15, 16, 16, 17, 18, 19)), rng.randint(1, 12), rng.randint(1, 28))
        worker = rng.choice(workers) if rng.random() < 0.8 else None
        team = rng.choice(teams) if rng.random() < 0.6 else None
        deadline = today + timedelta(days=rng.randint(-60, 120)) if is_open else date(year, 10, 31)
        status = rng.choice(("new", "in_contact", "referred")) if is_open else "closed"
        outcome = "" if is_open else rng.choice(("destination_reached", "moved_away", "not_reachable"))
        destination = str(dual_id) if outcome == "destination_reached" else NULL
        created = now - timedelta(days=rng.randint(1, 700))
        closed_at = NULL if is_open else (created + timedelta(days=rng.randint(5, 120))).isoformat()
        row = [
            tenant.pk,
            number,
            "clearing_list",
            first,
            last,
            born.isoformat(),
            f"{first}.{last}{number}@example.org".lower(),
            f"0151 {number:07d}",
            f"Hauptstraße {number % 200}",
            "69469",
            "Musterstadt",
            "",
            "",
            rng.choice(schools).pk,
            rng.choice(CLASSES),
            year,
            rng.choice(regions).pk,
            f"{rng.getrandbits(256):064x}",
            worker.pk if worker else NULL,
            team.pk if team else NULL,
            deadline.isoformat(),
            status,
            outcome,
            destination,
            NULL,
            "",
            closed_at,
            NULL,
            created.isoformat(),
            created.isoformat(),
        ]
        buffer.write("\t".join(str(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor, cursor.copy(f"COPY cases_case ({COLUMNS}) FROM STDIN") as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cases_case")  # as autovacuum leaves a table in steady use


class Counted(list):
    """An execute wrapper that keeps the statements of one request."""

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.append((sql, (time.perf_counter() - start) * 1000))


def timed(call, repeat: int) -> list[float]:
    call()  # warm caches and connections
    result = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        result.append((time.perf_counter() - start) * 1000)
    return result


def summary(times: list[float]) -> list[str]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
    return [f"{statistics.median(times):.1f}", f"{p95:.1f}", f"{max(times):.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--others", type=int, default=10_000, help="cases in each of three other tenants")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one scenario")
    parser.add_argument("--profile-scenario", default="alle offenen")
    parser.add_argument("--profile-sort", default="cumulative")
    parser.add_argument(
        "--sql", action="store_true", help="per scenario: SQL time and the statements over 2 ms"
    )
    args = parser.parse_args()
    with postgres() as server:
        setup_django(server.url)
        from django.conf import settings
        from django.db import connection
        from django.http import QueryDict
        from django.test import Client

        from uebergang.cases.forms import QueueFilterForm
        from uebergang.cases.queries import queue as queue_of
        from uebergang.monitoring.codes import codes_for
        from uebergang.test import enrol_totp

        settings.ROOT_URLCONF = "bench.bare_view"
        settings.ALLOWED_HOSTS = ["*"]
        connection.settings_dict["CONN_MAX_AGE"] = 60  # persistent, as the production default
        # As in the tests: static files by name (a production server runs collectstatic for the manifest).
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        rng = random.Random("uebergang-bench-cases")
        started = time.perf_counter()
        main_tenant, workers, teams, schools, regions = build_tenant("kreis-bench", 40, 6, 30, 8)
        dual = codes_for(main_tenant)["dual"].pk
        copy_cases(main_tenant, workers, teams, schools, regions, args.cases, rng, dual)
        for i in range(3):
            other = build_tenant(f"stadt-{i}", 10, 2, 10, 3)
            copy_cases(*other, args.others, rng, dual)
        print(f"loaded {args.cases:,} + 3 × {args.others:,} cases in {time.perf_counter() - started:.0f} s")

        worker = workers[0]
        enrol_totp(worker)
        client = Client()
        client.force_login(worker)
        base = "/kreis-bench/intern/faelle/"
        scenarios = {
            "meine (start page)": "",
            "Team": "?ansicht=team",
            "alle offenen": "?ansicht=alle",
            "alle, Seite 50": "?ansicht=alle&seite=50",
            "Schule": f"?ansicht=alle&schule={schools[3].pk}",
            "Wohnregion": f"?ansicht=alle&region={regions[2].pk}",
            "Status in Kontakt": "?ansicht=alle&status=in_contact",
            "abgeschlossene": "?ansicht=alle&status=closed",
            "Fallführung": f"?ansicht=alle&fallfuehrung={workers[5].pk}",
            "Alter 16–17": "?ansicht=alle&alter_von=16&alter_bis=17",
            "Suche Nachname": "?ansicht=alle&q=Yilmaz",
            "Suche Namensteil": "?ansicht=alle&q=mann",
            "Suche Fallnummer": "?ansicht=alle&q=F-04711",
            "Suche Vor- und Nachname": "?ansicht=alle&q=Lena+Becker",
            "Suche + Schule + Status": f"?ansicht=alle&q=Weber&schule={schools[1].pk}&status=new",
        }
        for url in [base + query for query in scenarios.values()]:
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
        rows = []
        bare = timed(lambda: client.get("/bench/bare/", secure=True), args.repeat)
        rows.append(["baseline: bare view, 20-row table", *summary(bare), "–", "–"])
        chrome = timed(lambda: client.get("/kreis-bench/intern/fallkonferenzen/", secure=True), args.repeat)
        rows.append(["reference: an empty workspace page (Fallkonferenzen)", *summary(chrome), "–", "–"])
        raw_sql = (
            "SELECT c.id, c.number, c.first_name, c.last_name, c.deadline, s.name, r.name FROM cases_case c "
            "LEFT JOIN network_organisation s ON s.id = c.school_id LEFT JOIN tenants_region r ON r.id = c.region_id "
            "WHERE c.tenant_id = %s AND c.status <> 'closed' ORDER BY c.deadline, c.number LIMIT 50"
        )

        def raw() -> None:
            with connection.cursor() as cursor:
                cursor.execute(raw_sql, [main_tenant.pk])
                cursor.fetchall()

        rows.append(
            [
                "baseline: raw SQL of the first page (alle offenen)",
                *summary(timed(raw, args.repeat)),
                "1",
                "–",
            ]
        )
        worst = 0.0
        for label, query in scenarios.items():
            url = base + query
            statements = Counted()
            with connection.execute_wrapper(statements):
                response = client.get(url, secure=True)
            form = QueueFilterForm(QueryDict(query.lstrip("?")), tenant=main_tenant)
            form.is_valid()
            found = queue_of(main_tenant, worker, form.cleaned_data, date.today()).count()
            times = timed(lambda url=url: client.get(url, secure=True), args.repeat)
            figures = summary(times)
            worst = max(worst, float(figures[1]))
            rows.append([label, *figures, str(len(statements)), f"{found:,}"])
            # The bare view again after each page, so a drifting machine shows in the baseline too.
            bare.extend(timed(lambda: client.get("/bench/bare/", secure=True), max(10, args.repeat // 10)))
        rows.append(["baseline: bare view, all runs", *summary(bare), "–", "–"])
        print(machine())
        print(table(["queue request (ms)", "median", "p95", "max", "SQL", "cases found"], rows))
        if args.sql:
            statements = Counted()
            with connection.execute_wrapper(statements):
                client.get("/kreis-bench/intern/fallkonferenzen/", secure=True)
            print("empty workspace page:")
            for sql, ms in statements:
                print(f"  {ms:6.2f} ms  {sql[:150]}")
            for label, query in scenarios.items():
                statements = Counted()
                with connection.execute_wrapper(statements):
                    client.get(base + query, secure=True)
                print(f"{label}: SQL {sum(ms for _sql, ms in statements):.1f} ms")
                for sql, ms in statements:
                    if ms > 2:
                        print(f"  {ms:6.2f} ms  {sql[:90]} … {sql[-200:]}")
        if args.profile:
            import cProfile
            import pstats

            chrome = "/kreis-bench/intern/fallkonferenzen/"  # "leer": the workspace frame alone
            url = chrome if args.profile_scenario == "leer" else base + scenarios[args.profile_scenario]
            profile = cProfile.Profile()
            profile.runcall(lambda: [client.get(url, secure=True) for _ in range(20)])
            pstats.Stats(profile).sort_stats(args.profile_sort).print_stats(60)
        print(f"goal p95 ≤ 50 ms: {'met' if worst <= 50 else 'MISSED'} (worst p95 {worst:.1f} ms)")


if __name__ == "__main__":
    main()
