#!/usr/bin/env python
"""The annual report for a tenant with six years of data, on a throwaway PostgreSQL.

    .venv/bin/python bench/report_bench.py              # Musterkreis demo: six leaving years, plan, money, network
    .venv/bin/python bench/report_bench.py --repeat 3

Loads the Musterkreis demo (six leaving years of about 1,800 leavers each, the work plan with indicators,
funding lines and staff, the network with bodies and meetings), then times what the worker does for a
report — the figures, the pages with their charts (HTML), the PDF (WeasyPrint) — median and max of
`--repeat` runs, beside a baseline in the same run: WeasyPrint rendering a plain page with as much text
as the report, without charts or figures. Goal (issue #13): the whole report ≤ 10 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pg import machine, postgres, setup_django, table


def timed(call, repeat: int) -> tuple[list[float], object]:
    result = None
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with postgres() as server:
        setup_django(server.url)
        import re

        import weasyprint

        from uebergang.demo import foundation, monitoring, network, offerings, planning
        from uebergang.monitoring.models import Leaver
        from uebergang.planning import report
        from uebergang.tenants.models import Tenant

        started = time.perf_counter()
        for part in (foundation, network, offerings, monitoring, planning):
            part.load()
        tenant = Tenant.objects.get(slug="musterkreis")
        years = sorted(set(Leaver.objects.for_tenant(tenant).values_list("leaving_year", flat=True)))
        leavers = Leaver.objects.for_tenant(tenant).count()
        print(
            f"demo loaded in {time.perf_counter() - started:.0f} s: {leavers:,} leavers in {len(years)} years {years}"
        )
        year = years[-1]

        figure_times, data = timed(lambda: report.figures(tenant, year), args.repeat)
        html_times, document = timed(lambda: report.html(tenant, data), args.repeat)
        pdf_times, content = timed(lambda: report.render_pdf(document), args.repeat)
        whole, _ = timed(lambda: report.pdf(tenant, report.figures(tenant, year)), args.repeat)

        words = re.sub(r"<[^>]+>", " ", document)
        plain = (
            "<html lang=de><body>"
            + "".join(f"<p>{line}</p>" for line in words.split("\n") if line.strip())
            + "</body></html>"
        )
        baseline, _ = timed(lambda: weasyprint.HTML(string=plain).write_pdf(), args.repeat)

        def row(label: str, times: list[float]) -> list[str]:
            return [label, f"{statistics.median(times):.2f}", f"{max(times):.2f}"]

        print(machine())
        print(
            table(
                ["annual report (s)", "median", "max"],
                [
                    row("figures (monitoring, plan, money, network)", figure_times),
                    row("pages with charts (HTML)", html_times),
                    row(f"PDF from the pages ({len(content) // 1024} KiB)", pdf_times),
                    row("whole report: figures + pages + PDF", whole),
                    row(
                        f"baseline: WeasyPrint, plain page of the same text ({len(plain) // 1024} KiB HTML)",
                        baseline,
                    ),
                ],
            )
        )
        worst = max(whole)
        print(f"goal ≤ 10 s: {'met' if worst <= 10 else 'MISSED'} (slowest whole report {worst:.2f} s)")


if __name__ == "__main__":
    main()
