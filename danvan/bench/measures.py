"""What the benchmark times, on a database that holds the generated data set (see `data`).

Each measure runs once to warm up (caches, the database's pages), then `runs` times; the median is the figure.
Goals are the issue's: the server time a coordinator waits for on a national-scale data set.
"""

import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client

from danvan.bench.data import DataSet
from danvan.reporting import exports, selectors


@dataclass(frozen=True)
class Measure:
    name: str
    goal_s: float
    run: Callable[[object], object]  # timed; given what `prepare` returned
    what: str
    prepare: Callable[[], object] = lambda: None  # not timed


def measures(data: DataSet) -> list[Measure]:
    national = data.national_period()
    province = data.province_period()
    client = Client()
    client.force_login(data.coordinator)
    url = f"/reports/periods/{national.pk}/monitoring/"

    def monitoring_page(_nothing):
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    def consolidated_docx(_nothing):
        data = exports.consolidated(selectors.consolidate(province), "docx")
        if not data or data[:2] != b"PK":
            raise RuntimeError("the consolidated DOCX is not a DOCX")
        return data

    def narratives(consolidation):
        return consolidation.narratives  # read on first use

    return [
        Measure("consolidate_period", 0.5, lambda _nothing: selectors.consolidate(national),
                f"selectors.consolidate({national.display_name}, {len(data.units)} units expected): totals with the "
                f"previous period and the same period last year, per-unit rows, monitoring"),
        # The narratives are read when first used (the figures do without); timed on their own, against the same
        # goal. Together with the figures they are the whole consolidation.
        Measure("consolidate_narratives", 0.5, narratives,
                f"Consolidation.narratives of {national.display_name} (a narrative per task and sent report)",
                prepare=lambda: selectors.consolidate(national)),
        Measure("monitoring_page", 0.3, monitoring_page, f"GET {url} as a coordinator"),
        Measure("consolidated_docx_province", 3.0, consolidated_docx,
                f"exports.consolidated(consolidate({province.display_name} of {data.province.name}, "
                f"{len(data.province_communes)} communes), 'docx')"),
    ]


def time_it(measure: Measure, runs: int) -> list[float]:
    measure.run(measure.prepare())  # warm-up
    times = []
    for _ in range(runs):
        given = measure.prepare()
        start = time.perf_counter()
        measure.run(given)
        times.append(time.perf_counter() - start)
    return times


def report(measure: Measure, times: list[float], *, out=sys.stdout, err=sys.stderr) -> dict:
    """One JSON object on stdout (the figure), the spread of the runs on stderr."""
    median = statistics.median(times)
    line = {"bench": measure.name, "backend": connection.vendor, "median_s": round(median, 4),
            "goal_s": measure.goal_s, "runs": len(times)}
    print(json.dumps(line), file=out, flush=True)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    verdict = "within the goal" if median <= measure.goal_s else "OVER THE GOAL"
    print(f"  {measure.name} [{connection.vendor}]: median {median:.3f} s, p95 {p95:.3f} s, min {min(times):.3f} s, "
          f"max {max(times):.3f} s; goal {measure.goal_s} s: {verdict}. ({measure.what})", file=err, flush=True)
    return line
