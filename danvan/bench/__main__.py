"""`python -m danvan.bench` (what `make bench` runs).

The runner measures on SQLite always, and on PostgreSQL too when DATABASE_URL names a PostgreSQL server, each
on a throwaway database:

- SQLite: a file in var/bench/ (on the disk the real database lives on), removed afterwards;
- PostgreSQL: the database `danvan_bench` on the server of DATABASE_URL, created before and dropped after.

The user's database is never opened. For each backend one child process migrates (the indicator catalogue
appears) and generates the data set (`data`, then the petitions of `citizens_data`), then another times each
measure (`measures`, then `citizens_measures`, which also serves the project with gunicorn on 127.0.0.1 for the
portal's throughput): settings are read once per process, and the measuring process holds the application as a
server process would.

Environment: BENCH_SCALE ("full", the default, about 4,000 units and a million petitions; "small", a tenth; or
a number), BENCH_RUNS (timed runs per measure after the warm-up, at least 5). stdout carries one JSON object per
measure and backend; stderr the progress, the generation time and the spread of the runs.
"""

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
POSTGRES_DATABASE = "danvan_bench"
SCALES = {"full": 1.0, "small": 0.1}
MIN_RUNS = 5


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def scale_of(raw: str) -> float:
    raw = (raw or "full").strip().lower()
    if raw in SCALES:
        return SCALES[raw]
    try:
        value = float(raw)
    except ValueError:
        raise SystemExit(f"BENCH_SCALE must be 'full', 'small' or a number, not {raw!r}") from None
    if not 0 < value <= 10:
        raise SystemExit(f"BENCH_SCALE {value} is out of range (0 < scale <= 10)")
    return value


def runs_of(raw: str) -> int:
    try:
        value = int(raw or MIN_RUNS)
    except ValueError:
        raise SystemExit(f"BENCH_RUNS must be a whole number, not {raw!r}") from None
    return max(value, MIN_RUNS)


# The runner ------------------------------------------------------------------------------------------------

def _backend(env: dict, scale: float, runs: int) -> int:
    env = {**os.environ, **env, "DJANGO_SETTINGS_MODULE": "danvan.bench.settings", "DEBUG": "0"}
    for stage in ("generate", "measure"):
        command = [sys.executable, "-m", "danvan.bench", "--stage", stage, "--scale", str(scale), "--runs", str(runs)]
        failed = subprocess.run(command, env=env, cwd=BASE_DIR).returncode
        if failed:
            return failed
    return 0


def run_sqlite(scale: float, runs: int) -> int:
    var = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")
    folder = var / "bench" / f"run-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        return _backend({"DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}, scale, runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            folder.parent.rmdir()  # var/bench, unless another run is using it


def _postgres_admin(url: str):
    """A connection to the `postgres` database of the server of `url`, for CREATE and DROP DATABASE."""
    import psycopg

    return psycopg.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql", path="/postgres")), autocommit=True)


def run_postgres(url: str, scale: float, runs: int) -> int:
    from psycopg import sql

    if urlsplit(url).path.strip("/") == POSTGRES_DATABASE:
        raise SystemExit(f"DATABASE_URL names {POSTGRES_DATABASE}, the database the benchmark drops: name another.")
    name = sql.Identifier(POSTGRES_DATABASE)
    with _postgres_admin(url) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))  # a crashed run's
        admin.execute(sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(name))
    try:
        bench_url = urlunsplit(urlsplit(url)._replace(path=f"/{POSTGRES_DATABASE}"))
        return _backend({"DATABASE_URL": bench_url}, scale, runs)
    finally:
        with _postgres_admin(url) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def runner(scale: float, runs: int) -> int:
    say_load("Before the benchmark:")
    failed = run_sqlite(scale, runs)
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in ("postgres", "postgresql"):
        failed = run_postgres(url, scale, runs) or failed
    elif url:
        say(f"DATABASE_URL is not PostgreSQL ({urlsplit(url).scheme}:): PostgreSQL not measured.")
    else:
        say("DATABASE_URL is not set: PostgreSQL not measured.")
    return failed


# One backend (the children) -----------------------------------------------------------------------------------

def _refuse_unless_benchmark_database(connection) -> None:
    """The children write a national data set: they run only on the databases the runner made for them."""
    name = str(connection.settings_dict["NAME"])
    ours = (connection.vendor == "postgresql" and name == POSTGRES_DATABASE) or (
        connection.vendor == "sqlite" and Path(name).parent.parent.name == "bench"
        and Path(name).parent.name.startswith("run-")
    )
    if not ours:
        raise SystemExit(f"Refusing to write the benchmark data set into {name!r}: run `make bench`.")


def stage(name: str, scale: float, runs: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import DatabaseError, connection

    from danvan.bench import citizens_measures
    from danvan.bench.citizens_data import CitizensSizes, generate_petitions
    from danvan.bench.data import DataSet, Sizes, generate
    from danvan.bench.measures import measures, report, time_it

    _refuse_unless_benchmark_database(connection)
    backend = f"[{connection.vendor}]"
    if name == "generate":
        sizes = Sizes.for_scale(scale)
        say(f"{backend} scale {scale}: {sizes.units} units expected on the national plan")
        start = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        say(f"{backend} migrated in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        data = generate(sizes, say=lambda message: say(f"{backend}   {message}"))
        say(f"{backend} reporting data set generated in {time.perf_counter() - start:.1f} s")
        petitions, started = CitizensSizes.for_scale(scale).petitions, time.perf_counter()
        generate_petitions(petitions, units=data.units, say=lambda message: say(f"{backend}   {message}"))
        say(f"{backend} {petitions} petitions generated in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            # What autovacuum does within minutes of a bulk load; done now, it does not run during the measures.
            # So with the checkpoint that writes the load out (gigabytes once the petitions are in).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                try:
                    cursor.execute("CHECKPOINT")
                except DatabaseError as error:  # needs superuser or pg_checkpoint
                    say(f"{backend} no CHECKPOINT ({error}): the server may still be writing during the measures")
        say(f"{backend} generated in {time.perf_counter() - start:.1f} s (not part of the figures)")
    else:
        for measure in measures(DataSet.load()):
            report(measure, time_it(measure, runs))
        citizens_measures.measure_all(runs)
        say_load(f"{backend} after measuring (the benchmark itself counts for about 1):")
    return 0


def say_load(when: str) -> None:
    """Wall-clock figures mean little on a busy machine: say how busy it was."""
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    say(f"{when} load average {load:.2f} on {cores} cores")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m danvan.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default=os.environ.get("BENCH_SCALE", "full"),
                        help="full (about 4,000 units, a million petitions), small (a tenth) or a number; default: "
                             "$BENCH_SCALE or full")
    parser.add_argument("--runs", default=os.environ.get("BENCH_RUNS", ""),
                        help=f"timed runs per measure after one warm-up (at least {MIN_RUNS})")
    parser.add_argument("--stage", choices=["generate", "measure"], help=argparse.SUPPRESS)  # the runner's children
    args = parser.parse_args(argv)
    scale, runs = scale_of(args.scale), runs_of(args.runs)
    return stage(args.stage, scale, runs) if args.stage else runner(scale, runs)


if __name__ == "__main__":
    sys.exit(main())
