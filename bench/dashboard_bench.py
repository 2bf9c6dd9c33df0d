#!/usr/bin/env python
"""Dashboard queries over many records on a throwaway PostgreSQL, beside the raw GROUP BY.

    .venv/bin/python bench/dashboard_bench.py                      # 400 tenants × 10 years × 1,875 = 7.5M
    .venv/bin/python bench/dashboard_bench.py --tenants 40         # 750,000 records, a quick run

Steps: generate leaver records in-process (drawn like the Musterkreis demo) and load them with COPY;
pre-compute the counts for every tenant with one set-based INSERT … SELECT … GROUP BY (the same cells
as `summaries.refresh_cohort_counts`, which is also timed on a few tenants and checked to give the very
same cells) and the per-year summary the association's comparison reads; then time every dashboard query of `uebergang.monitoring.queries` for one tenant, each
beside the SQL GROUP BY behind it on the counts and the raw GROUP BY on the leaver records.
Goals (issue #5): every dashboard query p95 ≤ 20 ms, the association comparison p95 ≤ 50 ms.
"""

# ruff: noqa: S608 - the SQL here is assembled from the constants below only, never from input

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pg import Timer, machine, postgres, setup_django, table

FIRST_YEAR = 2016
NULL = "\\N"  # COPY text format
LEAVER_COLUMNS = (
    "tenant_id, pseudonym, school_id, school_type, leaving_year, qualification, gender, age_at_leaving, "
    "region_id, special_needs, non_german, planned_destination_id, planned_on, actual_destination_id, "
    "actual_as_of, followup_destination_id, followup_as_of"
)

# How each dimension reads on the leaver records (top-level codes: a local sub-code rolls up to its parent).
LEAVER_SQL = {
    "year": "l.leaving_year",
    "school": "l.school_id",
    "school_type": "l.school_type",
    "qualification": "l.qualification",
    "gender": "l.gender",
    "region": "l.region_id",
    "destination": "COALESCE(ap.code, a.code, 'unknown')",
    "planned": "COALESCE(pp.code, p.code, '')",
    "followup": "COALESCE(fp.code, f.code, '')",
}
LEAVER_JOINS = """
    LEFT JOIN monitoring_destination a ON a.id = l.actual_destination_id
    LEFT JOIN monitoring_destination ap ON ap.id = a.parent_id
    LEFT JOIN monitoring_destination p ON p.id = l.planned_destination_id
    LEFT JOIN monitoring_destination pp ON pp.id = p.parent_id
    LEFT JOIN monitoring_destination f ON f.id = l.followup_destination_id
    LEFT JOIN monitoring_destination fp ON fp.id = f.parent_id
"""
COUNT_SQL = {
    "year": "leaving_year",
    "school": "school_id",
    "school_type": "school_type",
    "qualification": "qualification",
    "gender": "gender",
    "region": "region_id",
    "destination": "destination",
    "planned": "planned",
    "followup": "followup",
}

REFRESH_SQL = f"""
INSERT INTO monitoring_cohortcount (tenant_id, origin, leaving_year, school_id, school_type, qualification,
    gender, region_id, destination, planned, followup, count)
SELECT l.tenant_id, 'microdata', l.leaving_year, l.school_id, l.school_type, l.qualification, l.gender,
    l.region_id, {LEAVER_SQL["destination"]}, {LEAVER_SQL["planned"]}, {LEAVER_SQL["followup"]}, count(*)
FROM monitoring_leaver l {LEAVER_JOINS}
GROUP BY 1, 3, 4, 5, 6, 7, 8, 9, 10, 11
"""
# The association's per-year summary, as summaries.refresh_years writes it for one tenant.
SUMMARY_SQL = """
INSERT INTO monitoring_yearsummary (tenant_id, leaving_year, destination, count)
SELECT tenant_id, leaving_year, destination, SUM(count) FROM monitoring_cohortcount GROUP BY 1, 2, 3
"""
SUMMARY_HEADLINE = """SELECT tenant_id, SUM(count), SUM(count) FILTER (WHERE destination = 'dual'),
    SUM(count) FILTER (WHERE destination = 'transition'), SUM(count) FILTER (WHERE destination = 'unknown')
    FROM monitoring_yearsummary WHERE leaving_year = %s GROUP BY 1"""


def school_sizes(schools, per_year: int) -> list[int]:
    """Leavers per school and year, in proportion to the demo's school sizes, adding up to per_year."""
    from uebergang.demo.monitoring import SCHOOL_SIZE

    weights = [SCHOOL_SIZE[s.school_type] for s in schools]
    exact = [per_year * w / sum(weights) for w in weights]
    sizes = [int(x) for x in exact]
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - sizes[i], reverse=True)[
        : per_year - sum(sizes)
    ]:
        sizes[i] += 1
    return sizes


def leaver_lines(bench, index: int, years: int, per_year: int, pools) -> str:
    """One tenant's leaver records as COPY text (tab-separated, \\N for NULL)."""
    rng = random.Random(f"bench-dashboards-{index}")
    codes = {code: str(pk) for code, pk in bench.codes.items()}
    codes[None] = NULL
    regions = [str(r.pk) for r in bench.regions]
    tenant_id = bench.tenant.pk
    sizes = school_sizes(bench.schools, per_year)
    out = []
    n = 0
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        with_followup = year < FIRST_YEAR + years - 2
        for school, size in zip(bench.schools, sizes, strict=True):
            pool = pools[school.school_type]
            head = f"{tenant_id}\t"
            middle = f"\t{school.pk}\t{school.school_type}\t{year}\t"
            own_region = str(school.region_id)
            planned_on = f"{year}-03-15"
            as_of = f"{year}-10-01"
            followup_as_of = f"{year + 1}-10-01" if with_followup else NULL
            nationality = {None: NULL, True: "t", False: "f"}
            for _ in range(size):
                n += 1
                fact = pool[rng.randrange(len(pool))]
                region = own_region if rng.random() < 0.85 else rng.choice(regions)
                planned = codes[fact.planned]
                out.append(
                    f"{head}{index:08x}{year:04d}{n:052x}{middle}{fact.qualification}\t{fact.gender}\t{fact.age}\t"
                    f"{region}\t{'t' if fact.special_needs else 'f'}\t"
                    f"{nationality[fact.non_german]}\t"
                    f"{planned}\t{planned_on if fact.planned else NULL}\t{codes[fact.actual]}\t{as_of}\t"
                    f"{codes[fact.followup] if with_followup else NULL}\t{followup_as_of}\n"
                )
    return "".join(out)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(fn, repeat: int, warmup: int = 3) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def sql_runner(sql: str, params: list):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    return run


def grouped_sql(dimensions: list[str], tenant_id: int, years: list[int] | None, school_id: int | None):
    """(SQL on the counts, SQL on the leaver records) for the figures of one table."""
    count_where, leaver_where, params = ["tenant_id = %s"], ["l.tenant_id = %s"], [tenant_id]
    if years:
        count_where.append("leaving_year = ANY(%s)")
        leaver_where.append("l.leaving_year = ANY(%s)")
        params.append(years)
    if school_id:
        count_where.append("school_id = %s")
        leaver_where.append("l.school_id = %s")
        params.append(school_id)
    count_cols = ", ".join(COUNT_SQL[d] for d in dimensions)
    leaver_cols = ", ".join(LEAVER_SQL[d] for d in dimensions)
    groups = ", ".join(str(i + 1) for i in range(len(dimensions)))
    on_counts = (
        f"SELECT {count_cols}, SUM(count) FROM monitoring_cohortcount WHERE {' AND '.join(count_where)} "
        f"GROUP BY {groups}"
    )
    on_leavers = (
        f"SELECT {leaver_cols}, count(*) FROM monitoring_leaver l {LEAVER_JOINS} "
        f"WHERE {' AND '.join(leaver_where)} GROUP BY {groups}"
    )
    return on_counts, on_leavers, params


HEADLINE_COUNTS = """SELECT {group}, SUM(count), SUM(count) FILTER (WHERE destination = 'dual'),
    SUM(count) FILTER (WHERE destination = 'transition'), SUM(count) FILTER (WHERE destination = 'unknown')
    FROM monitoring_cohortcount WHERE {where} GROUP BY 1"""
TRAINING_COUNTS = """SELECT leaving_year, followup, SUM(count) FROM monitoring_cohortcount
    WHERE {where} AND destination IN ('dual', 'school_vet') AND followup <> '' GROUP BY 1, 2"""
TRAINING_LEAVERS = f"""SELECT l.leaving_year, {LEAVER_SQL["followup"]}, count(*) FROM monitoring_leaver l {LEAVER_JOINS}
    WHERE {{where}} AND {LEAVER_SQL["destination"]} IN ('dual', 'school_vet') AND {LEAVER_SQL["followup"]} <> ''
    GROUP BY 1, 2"""
HEADLINE_LEAVERS = """SELECT {group_col}, count(*), count(*) FILTER (WHERE {dest} = 'dual'),
    count(*) FILTER (WHERE {dest} = 'transition'), count(*) FILTER (WHERE {dest} = 'unknown')
    FROM monitoring_leaver l LEFT JOIN monitoring_destination a ON a.id = l.actual_destination_id
    LEFT JOIN monitoring_destination ap ON ap.id = a.parent_id WHERE {where} GROUP BY 1"""


def load(args, tenants) -> dict[str, float]:
    from django.db import connection

    from bench.data import pools as make_pools

    figures = {}
    pools = make_pools()
    generated = 0.0
    with (
        Timer() as load_timer,
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY monitoring_leaver ({LEAVER_COLUMNS}) FROM STDIN") as copy,
    ):
        for index, bench in enumerate(tenants):
            start = time.perf_counter()
            text = leaver_lines(bench, index, args.years, args.per_year, pools)
            generated += time.perf_counter() - start
            copy.write(text)
            if index % 50 == 49:
                print(f"  … {index + 1} tenants loaded", flush=True)
    figures["generate"] = generated
    figures["copy"] = load_timer.seconds - generated
    with Timer() as analyze, connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE monitoring_leaver")
    figures["analyze"] = analyze.seconds
    return figures


def refresh(args, tenants) -> tuple[list[list[object]], bool]:
    from django.db import connection

    from uebergang.monitoring.models import CohortCount
    from uebergang.monitoring.summaries import refresh_cohort_counts

    rows = []
    records = len(tenants) * args.years * args.per_year
    if args.refresh == "sql":
        with Timer() as sql_timer, connection.cursor() as cursor:
            cursor.execute(REFRESH_SQL)
            cells = cursor.rowcount
            cursor.execute(SUMMARY_SQL)
            cursor.execute("VACUUM ANALYZE monitoring_cohortcount")
            cursor.execute("VACUUM ANALYZE monitoring_yearsummary")
        rows.append(
            [
                "set-based INSERT … GROUP BY (all tenants)",
                f"{records:,}",
                f"{cells:,}",
                f"{sql_timer.seconds:.1f}",
                "",
            ]
        )
    sample = tenants if args.refresh == "orm" else tenants[: args.refresh_sample]
    fields = [*COUNT_SQL.values(), "count"]
    same = True
    seconds = []
    for bench in sample:
        before = sorted(CohortCount.objects.for_tenant(bench.tenant).values_list(*fields))
        start = time.perf_counter()
        written = refresh_cohort_counts(bench.tenant)
        seconds.append(time.perf_counter() - start)
        if args.refresh == "sql":
            same = same and before == sorted(
                CohortCount.objects.for_tenant(bench.tenant).values_list(*fields)
            )
    if args.refresh == "orm":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE monitoring_cohortcount")
            cursor.execute("VACUUM ANALYZE monitoring_yearsummary")
    per_tenant = sum(seconds) / len(seconds)
    rows.append(
        [
            f"refresh_cohort_counts, per tenant (mean of {len(sample)})",
            f"{args.years * args.per_year:,}",
            f"{written:,}",
            f"{per_tenant:.2f}",
            f"{per_tenant * len(tenants):.0f} for all {len(tenants)}",
        ]
    )
    return rows, same


def dashboard_queries(bench, latest: int, followup_year: int):
    """Every query of one tenant's dashboard: (label, call, SQL on the counts, SQL on the records, params)."""
    from uebergang.monitoring import queries

    tenant, tid = bench.tenant, bench.tenant.pk
    school = bench.schools[0].pk
    result = []
    for school_id, suffix in ((None, ""), (school, ", one school")):
        where_counts = "tenant_id = %s" + (" AND school_id = %s" if school_id else "")
        where_leavers = "l.tenant_id = %s" + (" AND l.school_id = %s" if school_id else "")
        params = [tid, school_id] if school_id else [tid]
        result.append(
            (
                f"headline (all years){suffix}",
                lambda s=school_id: queries.headline(tenant, school_id=s),
                HEADLINE_COUNTS.format(where=where_counts, group="leaving_year"),
                HEADLINE_LEAVERS.format(
                    group_col="l.leaving_year", dest=LEAVER_SQL["destination"], where=where_leavers
                ),
                params,
            )
        )
        if school_id is None:  # the dashboards offer it for the whole tenant only
            result.append(
                (
                    "still in training a year later",
                    lambda: queries.still_in_training(tenant),
                    TRAINING_COUNTS.format(where=where_counts),
                    TRAINING_LEAVERS.format(where=where_leavers),
                    params,
                )
            )
    specs = [("year × destination (trend)", ["year", "destination"], None, None)]
    for dimension in ("school", "school_type", "qualification", "gender", "region"):
        specs.append((f"{dimension} × destination, {latest}", [dimension, "destination"], [latest], None))
    specs.append((f"planned × destination (flow), {latest}", ["planned", "destination"], [latest], None))
    specs.append(
        (f"destination × follow-up, {followup_year}", ["destination", "followup"], [followup_year], None)
    )
    specs.append(("year × destination, one school", ["year", "destination"], None, school))
    for label, dims, years, school_id in specs:
        on_counts, on_leavers, params = grouped_sql(dims, tid, years, school_id)
        call = lambda d=dims, y=years, s=school_id: queries.table(tenant, d, years=y, school_id=s)  # noqa: E731
        result.append((label, call, on_counts, on_leavers, params))
    result.append(
        (
            "years with figures",
            lambda: queries.years(tenant),
            "SELECT DISTINCT leaving_year FROM monitoring_cohortcount WHERE tenant_id = %s",
            "SELECT DISTINCT leaving_year FROM monitoring_leaver WHERE tenant_id = %s",
            [tid],
        )
    )
    return result


def ms(value: float) -> str:
    return f"{value:.1f}"


def measure(args, tenants) -> list[list[object]]:
    from uebergang.monitoring import queries

    bench = tenants[len(tenants) // 2]
    latest = FIRST_YEAR + args.years - 1
    rows = []
    for label, call, on_counts, on_leavers, params in dashboard_queries(bench, latest, latest - 2):
        app = timed(call, args.repeat)
        counts = timed(sql_runner(on_counts, params), args.repeat)
        leavers = timed(sql_runner(on_leavers, params), args.repeat)
        rows.append([label, *map(ms, (*app, *counts, *leavers)), "yes" if app[1] <= 20 else "NO"])

    repeat = args.association_repeat
    association = timed(lambda: queries.association_comparison(latest), repeat, warmup=1)
    on_counts = HEADLINE_COUNTS.format(where="leaving_year = %s", group="tenant_id")
    on_leavers = HEADLINE_LEAVERS.format(
        group_col="l.tenant_id", dest=LEAVER_SQL["destination"], where="l.leaving_year = %s"
    )
    counts = timed(sql_runner(on_counts, [latest]), repeat, warmup=1)
    leavers = timed(sql_runner(on_leavers, [latest]), repeat, warmup=1)
    summary = timed(sql_runner(SUMMARY_HEADLINE, [latest]), repeat, warmup=1)
    rows.append(
        [
            f"association_comparison({latest}), {len(tenants)} tenants",
            *map(ms, (*association, *summary, *leavers)),
            "yes" if association[1] <= 50 else "NO",
        ]
    )
    rows.append(
        [
            "  (its SQL on all count cells instead of the summary)",
            "",
            "",
            *map(ms, counts),
            "",
            "",
            "",
        ]
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, default=400)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-year", type=int, default=1875, help="leavers per tenant and year")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per dashboard query")
    parser.add_argument("--association-repeat", type=int, default=20)
    parser.add_argument(
        "--refresh",
        choices=["sql", "orm"],
        default="sql",
        help="pre-compute counts set-based for all tenants (sql) or with refresh_cohort_counts per tenant (orm)",
    )
    parser.add_argument(
        "--refresh-sample", type=int, default=5, help="tenants to time refresh_cohort_counts on"
    )
    args = parser.parse_args()
    records = args.tenants * args.years * args.per_year
    print(f"Machine: {machine()}")
    print(
        f"Records: {records:,} = {args.tenants} tenants × {args.years} years × {args.per_year:,}\n",
        flush=True,
    )

    with postgres() as server:
        setup_django(server.url)
        from bench.data import create_tenants

        tenants = create_tenants(args.tenants)
        loading = load(args, tenants)
        print(
            table(
                ["loading the records", "seconds"],
                [
                    ["generate rows in Python", f"{loading['generate']:.1f}"],
                    ["COPY into monitoring_leaver (with its indexes)", f"{loading['copy']:.1f}"],
                    ["VACUUM ANALYZE", f"{loading['analyze']:.1f}"],
                ],
            ),
            end="\n\n",
            flush=True,
        )
        refresh_rows, same = refresh(args, tenants)
        print(
            table(["pre-computing the counts", "records", "cells", "seconds", "extrapolated s"], refresh_rows)
        )
        if args.refresh == "sql":
            print(
                f"set-based cells identical to refresh_cohort_counts on the sampled tenants: {'yes' if same else 'NO'}"
            )
        print(flush=True)

        from uebergang.monitoring.models import CohortCount

        bench = tenants[len(tenants) // 2]
        cells = CohortCount.objects.for_tenant(bench.tenant).count()
        print(
            f"Dashboard queries of tenant {bench.tenant.slug} ({args.years * args.per_year:,} records, {cells:,} count "
            f"cells), ms over {args.repeat} runs (association: {args.association_repeat}):"
        )
        print(
            table(
                [
                    "query",
                    "queries.py p50",
                    "p95",
                    "SQL on counts p50",
                    "p95",
                    "raw GROUP BY on records p50",
                    "p95",
                    "goal met",
                ],
                measure(args, tenants),
            )
        )
        print(
            "For the association comparison, 'SQL on counts' is the SQL on monitoring_yearsummary (what it\n"
            "reads); the line under it groups every count cell of the year instead (what it read before)."
        )
        print("Goals: dashboard query p95 ≤ 20 ms; association comparison p95 ≤ 50 ms.")


if __name__ == "__main__":
    main()
