"""What the benchmark times on the citizens' side, on a database holding the petitions of `citizens_data`.

- petition_search: the list's search as a coordinator who sees every unit, through the selector: the first page
  (50 rows, newest first, with their units, fields and handlers) for 24 queries typed without diacritics (one to
  three words, two people's names, a tracking code): the median and the 95th percentile of every timed
  query. stderr adds the count of the matches the list's pager makes (up to selectors.COUNT_CAP + 1).
  petition_search_page: the same queries through the list page itself (test client: count, page and template).
- overdue_dashboard: the petitions dashboard (test client, the same coordinator): figures by unit and by kind.
- portal_submissions: petitions sent through the public portal's form (GET for the CSRF cookie and token once,
  then multipart POSTs as a browser sends them, CSRF on), per second, against a bare Django view served the same
  way: gunicorn with two workers on 127.0.0.1, the load from wrk (or, without wrk, a Python client: then the
  client's own cost bounds the figures and the line says "client": "python"). Two more baselines, served and
  loaded the same way with the same bodies, say where the time goes (danvan.bench.urls): `form_per_s`, the
  form's POST read and nothing done (the ceiling of any view taking this form), and `insert_per_s`, the same
  plus one petition row written (the floor of any view storing it).

Every line on stdout is one JSON object; stderr has the spread.
"""

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from danvan.bench.data import COORDINATOR
from danvan.bench.urls import INSERT_CODE_PREFIX
from danvan.citizens import selectors, views
from danvan.citizens.models import Field, Petition
from danvan.org.models import Unit

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Typed as people type them: without diacritics, lower case, one to three words; two people's names; a tracking
# code (the data set's codes are BN and eight digits).
QUERIES = [
    "den duong", "karaoke", "rac thai", "ho ngheo", "giay chung nhan", "boi thuong", "nuoc sach", "ngap ung",
    "nguoi cao tuoi", "bao hiem", "hoc phi", "khong phep", "mot cua", "dua xe", "ca chet", "thien tai",
    "cho tha rong", "khai sinh", "chan nuoi heo", "le loi", "cau tam", "nguyen thi lan", "tran van hung",
    "bn00012345",
]
SEARCH_GOAL_S = 0.2
DASHBOARD_GOAL_S = 0.3
PORTAL_GOAL_RATIO = 0.5
PORTAL_SECONDS = 5.0  # one timed run of the load; a warm-up of 2 s comes before the first
PORTAL_CONNECTIONS = 8
SERVER_START_S = 60.0


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]


def emit(line: dict, *, out=sys.stdout) -> dict:
    print(json.dumps(line), file=out, flush=True)
    return line


def timing_line(name: str, times: list[float], goal_s: float, **extra) -> dict:
    return {"bench": name, "backend": connection.vendor, "median_s": round(statistics.median(times), 4),
            "p95_s": round(p95(times), 4), "goal_s": goal_s, "runs": len(times), **extra}


def spread(name: str, times: list[float], goal_s: float, *, judged_on: str, what: str) -> None:
    figure = p95(times) if judged_on == "p95" else statistics.median(times)
    verdict = "within the goal" if figure <= goal_s else "OVER THE GOAL"
    say(f"  {name} [{connection.vendor}]: median {statistics.median(times):.3f} s, p95 {p95(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s over {len(times)} runs; goal {goal_s} s on the "
        f"{judged_on}: {verdict}. ({what})")


def coordinator():
    return get_user_model().objects.get(username=COORDINATOR)


# Search ----------------------------------------------------------------------------------------------------------

def searched(user, query: str, *, indexed: bool = True):
    """The list's queryset for a search, as its view builds it."""
    petitions = selectors.filter_petitions(selectors.visible_petitions(user), user=user, query=query,
                                           indexed=indexed)
    return petitions.select_related("unit", "field", "handler")


def first_page(user, query: str) -> list[Petition]:
    """The first page of a search, newest first, with what each row shows, as the list's pager reads it."""
    return selectors.first_page(searched(user, query), views.PAGE_SIZE, probe=searched(user, query, indexed=False))


def measure_search(runs: int) -> list[dict]:
    user = coordinator()
    total = Petition.objects.count()
    hits = {query: searched(user, query).count() for query in QUERIES}  # also a warm-up
    for query in QUERIES:
        first_page(user, query)
    say(f"  search: {total} petitions; matches per query: "
        + ", ".join(f"{q!r} {n} ({100 * n / total:.2f}%)" for q, n in hits.items()))
    pages, counts, slowest = [], [], {}
    for _run in range(runs):
        for query in QUERIES:
            start = time.perf_counter()
            first_page(user, query)
            middle = time.perf_counter()
            _matches = selectors.PetitionPaginator(searched(user, query), views.PAGE_SIZE).count
            end = time.perf_counter()
            pages.append(middle - start)
            counts.append(end - middle)
            slowest[query] = max(slowest.get(query, 0.0), middle - start)
    spread("petition_search", pages, SEARCH_GOAL_S, judged_on="p95",
           what=f"first page of {views.PAGE_SIZE}, newest first, through selectors.filter_petitions, "
                f"{len(QUERIES)} queries × {runs} runs, as a coordinator")
    say("  slowest first pages: " + ", ".join(
        f"{q!r} {t:.3f} s" for q, t in sorted(slowest.items(), key=lambda item: -item[1])[:5]))
    both = [page + count for page, count in zip(pages, counts, strict=True)]
    say(f"  with the pager's count of the matches (up to {selectors.COUNT_CAP + 1}, what the list page adds): "
        f"median {statistics.median(both):.3f} s, "
        f"p95 {p95(both):.3f} s, max {max(both):.3f} s; the count alone: median {statistics.median(counts):.3f} s, "
        f"max {max(counts):.3f} s")
    lines = [emit(timing_line("petition_search", pages, SEARCH_GOAL_S, queries=len(QUERIES)))]

    client = Client()
    client.force_login(user)
    for query in QUERIES:  # warm-up
        _get(client, "/citizens/petitions/", {"q": query})
    times = []
    for _run in range(runs):
        for query in QUERIES:
            start = time.perf_counter()
            _get(client, "/citizens/petitions/", {"q": query})
            times.append(time.perf_counter() - start)
    spread("petition_search_page", times, SEARCH_GOAL_S, judged_on="p95",
           what=f"GET /citizens/petitions/?q=… as a coordinator (count, first page, template), {len(QUERIES)} "
                f"queries × {runs} runs")
    unsearched = []
    for _run in range(runs):
        start = time.perf_counter()
        page = _get(client, "/citizens/petitions/").content.decode()
        unsearched.append(time.perf_counter() - start)
    say(f"  the list page without a search: median {statistics.median(unsearched):.3f} s "
        f"({page.count('<option')} options in its filters, {len(page) // 1024} KiB)")
    lines.append(emit(timing_line("petition_search_page", times, SEARCH_GOAL_S, queries=len(QUERIES))))
    return lines


def _get(client: Client, url: str, params: dict | None = None):
    response = client.get(url, params or {})
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} {params or ''} answered {response.status_code}")
    return response


# Dashboard -------------------------------------------------------------------------------------------------------

def measure_dashboard(runs: int) -> dict:
    client = Client()
    client.force_login(coordinator())
    url = "/citizens/petitions/dashboard/"
    page = _get(client, url).content.decode()  # warm-up
    summary = page.split('id="summary"')[1].split("</div>\n</div>")[0]
    figures = dict(re.findall(r'data-figure="(\w+)">([^<]+)<', summary))
    rows = page.split('id="by-unit"')[1].split("</table>")[0].count("<tr data-key=")
    say(f"  dashboard: {rows} units; " + ", ".join(f"{name} {value}" for name, value in figures.items()))
    times, figures_only = [], []
    for _run in range(runs):
        start = time.perf_counter()
        _get(client, url)
        middle = time.perf_counter()
        selectors.dashboard(selectors.visible_petitions(coordinator()))
        times.append(middle - start)
        figures_only.append(time.perf_counter() - middle)
    spread("overdue_dashboard", times, DASHBOARD_GOAL_S, judged_on="median",
           what=f"GET {url} as a coordinator who sees every unit")
    say(f"  of which the figures (selectors.dashboard): median {statistics.median(figures_only):.3f} s, max "
        f"{max(figures_only):.3f} s; the rest is the page of {rows} units ({len(page) // 1024} KiB)")
    return emit(timing_line("overdue_dashboard", times, DASHBOARD_GOAL_S))


# Portal throughput -----------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the project (the benchmark's settings and database) on 127.0.0.1, stopped on exit."""

    def __init__(self, workers: int = 2):
        self.port = _free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danvan.bench.settings", "DEBUG": "0",
               "SECRET_KEY": secrets.token_urlsafe(50), "PORTAL_RATE_LIMIT": "0"}
        command = [sys.executable, "-m", "gunicorn", "danvan.wsgi", "--workers", str(workers),
                   "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning", "--timeout", "60"]
        self.process = subprocess.Popen(command, env=env, cwd=BASE_DIR, start_new_session=True)

    def __enter__(self) -> "Server":
        deadline = time.monotonic() + SERVER_START_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped with code {self.process.returncode}")
            try:
                status, _headers, _body = request(self.port, "GET", "/bench/bare")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{self.port} within {SERVER_START_S:.0f} s")

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master stops its workers
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the session this Popen started, nothing else
                self.process.wait(timeout=5)


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


BOUNDARY = "----DanVanBench7c1e2f"
COUNTER = "__N__"  # replaced by a number per request: each petitioner a different person (no "repeat")


def submission_bodies(token: str, units: list[Unit], fields: list[Field], count: int = 40) -> list[str]:
    """Multipart bodies as the portal's form sends them (no file): feedback and recommendations, anonymous or
    not, and complaints with a name and an address, to various communes."""
    kinds = ["feedback", "feedback", "recommendation", "complaint"]
    matters = ["đèn đường hư hỏng nhiều tháng", "rác thải sinh hoạt không được thu gom", "ngập úng mỗi khi mưa lớn",
               "ô nhiễm tiếng ồn từ quán karaoke", "chậm trả kết quả hồ sơ một cửa"]
    bodies = []
    for i in range(count):
        unit, kind, matter = units[i % len(units)], kinds[i % len(kinds)], matters[i % len(matters)]
        named = kind == "complaint" or i % 3 == 0
        values = {
            "csrfmiddlewaretoken": token, "kind": kind, "commune": unit.name, "unit": str(unit.pk),
            "field": str(fields[i % len(fields)].pk), "subject": f"Phản ánh {matter} tại thôn {i % 12 + 1}",
            "content": f"Tình trạng {matter} đã kéo dài, ảnh hưởng đến sinh hoạt của nhiều hộ gia đình. "
                       f"Đề nghị Ủy ban nhân dân {unit.name} kiểm tra, xử lý và trả lời cho người dân được biết.",
            "name": "Nguyễn Văn Bình" if named else "",
            "address": f"Số {COUNTER}, thôn 2, {unit.name}" if named else "",
            "id_number": "", "phone": "", "email": "", "website": "",
        }
        parts = [f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                 for name, value in values.items()]
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename=""\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n\r\n")
        bodies.append("".join(parts) + f"--{BOUNDARY}--\r\n")
    return bodies


def csrf(port: int) -> tuple[str, str]:
    """The CSRF cookie and the form's token, from the form page (what a browser gets first)."""
    status, headers, body = request(port, "GET", "/portal/submit/")
    if status != 200:
        raise RuntimeError(f"GET /portal/submit/ answered {status}")
    cookie = next((value.split(";")[0].split("=", 1)[1] for name, value in headers
                   if name.lower() == "set-cookie" and value.startswith("csrftoken=")), None)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())
    if not cookie or not token:
        raise RuntimeError("the portal's form gave no CSRF cookie or token")
    return cookie, token.group(1)


def _lua_string(text: str) -> str:
    """A Lua string literal of the UTF-8 bytes of `text` (three-digit escapes for all but plain ASCII)."""
    return '"' + "".join(chr(b) if 32 <= b < 127 and chr(b) not in '"\\' else f"\\{b:03d}"
                         for b in text.encode()) + '"'


def wrk_script(path: str, method: str, bodies: list[str] | None, headers: dict, *, first: int = 0) -> str:
    """wrk's Lua: every request the same (GET), or the bodies in turn with COUNTER replaced by a number that
    grows from `first` (each run starts where the previous one cannot have reached)."""
    header_table = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
    if not bodies:
        return f'request = function() return wrk.format("{method}", "{path}", {{{header_table}}}) end\n'
    listed = ",\n".join(_lua_string(body) for body in bodies)
    return (
        f"local bodies = {{\n{listed}\n}}\nlocal n = {first}\n"
        "request = function()\n  n = n + 1\n"
        f'  local body = string.gsub(bodies[(n % #bodies) + 1], "{COUNTER}", tostring(n))\n'
        f'  return wrk.format("{method}", "{path}", {{{header_table}}}, body)\nend\n'
    )


def run_wrk(port: int, script: str, seconds: float) -> tuple[float, int, int]:
    """Requests per second, requests completed and bad answers (neither 2xx nor 3xx, or socket errors)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(
            ["wrk", "-t1", f"-c{PORTAL_CONNECTIONS}", f"-d{seconds:.0f}s", "--timeout", "10s", "-s", handle.name,
             f"http://127.0.0.1:{port}/"], capture_output=True, text=True, timeout=seconds + 60, check=True)
    finally:
        os.unlink(handle.name)
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done = int(re.search(r"(\d+) requests in", out).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        # gunicorn's sync workers close each connection after answering: wrk may count a read error when it
        # reuses one; only connect errors and timeouts mean lost requests.
        bad += int(socket_errors.group(1)) + int(socket_errors.group(4))
    return rate, done, bad


def run_python_client(port: int, method: str, path: str, bodies: list[str] | None, headers: dict,
                      seconds: float, *, first: int = 0) -> tuple[float, int, int]:
    """The same load without wrk: threads, one request at a time each, for `seconds`."""
    counts = {"done": 0, "bad": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    sequence = iter(range(first + 1, first + 10**9))

    def worker():
        while time.monotonic() < deadline:
            with lock:
                n = next(sequence)
            body = bodies[n % len(bodies)].replace(COUNTER, str(n)).encode() if bodies else None
            try:
                status, _h, _b = request(port, method, path, body, headers)
                ok = 200 <= status < 400
            except OSError:
                ok = False
            with lock:
                counts["done"] += 1
                counts["bad"] += not ok

    start = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(PORTAL_CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return counts["done"] / (time.monotonic() - start), counts["done"], counts["bad"]


def measure_portal(runs: int) -> dict:
    units = list(Unit.objects.filter(source="bench", kind=Unit.Kind.COMMUNE).order_by("pk")[:40])
    fields = list(Field.objects.filter(active=True).order_by("order"))
    client = "wrk" if shutil.which("wrk") else "python"
    if client == "python":
        say("  wrk is not installed (apt-get install -y wrk): the load comes from a Python client, whose own cost "
            "on these cores lowers both figures.")
    portal = Petition.objects.filter(source=Petition.Source.PORTAL, tracking_code__startswith="DV")
    inserted = Petition.objects.filter(source=Petition.Source.PORTAL, tracking_code__startswith=INSERT_CODE_PREFIX)
    with Server() as server:
        cookie, token = csrf(server.port)
        bodies = submission_bodies(token, units, fields)
        post_headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Cookie": f"csrftoken={cookie}"}
        loads = {
            "bare": ("GET", "/bench/bare", None, {}),
            "form": ("POST", "/bench/form", bodies, post_headers),
            "insert": ("POST", "/bench/insert", bodies, post_headers),
            "portal": ("POST", "/portal/submit/", bodies, post_headers),
        }

        def load(name: str, seconds: float, run: int) -> tuple[float, int, int]:
            method, path, payload, headers = loads[name]
            first = run * 10**7  # the petitioners' addresses of one run differ from every other run's
            if client == "wrk":
                return run_wrk(server.port, wrk_script(path, method, payload, headers, first=first), seconds)
            return run_python_client(server.port, method, path, payload, headers, seconds, first=first)

        before, inserts_before = portal.count(), inserted.count()
        for name in loads:  # warm-up: the workers load the application, the database its pages
            load(name, 2, 0)
        rates: dict[str, list[float]] = {name: [] for name in loads}
        completed, bad = dict.fromkeys(loads, 0), dict.fromkeys(loads, 0)
        for run in range(1, runs + 1):
            for name in loads:
                rate, done, errors = load(name, PORTAL_SECONDS, run)
                rates[name].append(rate)
                completed[name] += done
                bad[name] += errors
        time.sleep(0.5)  # the last answers
        created, rows = portal.count() - before, inserted.count() - inserts_before
    timed_posts = completed["portal"]
    say(f"  portal: {created} petitions created by {timed_posts} timed POSTs and the warm-up; answers neither 2xx "
        f"nor 3xx: " + ", ".join(f"{name} {count}" for name, count in bad.items()))
    if any(bad.values()) or created < timed_posts or rows < completed["insert"]:
        raise RuntimeError("the throughput run had failed requests, or POSTs that created no petition")
    median = {name: statistics.median(values) for name, values in rates.items()}
    per_s, baseline = median["portal"], median["bare"]
    ratio = per_s / baseline
    verdict = "within the goal" if ratio >= PORTAL_GOAL_RATIO else "UNDER THE GOAL"
    listed = {name: ", ".join(f"{r:.0f}" for r in values) for name, values in rates.items()}
    say(f"  portal_submissions [{connection.vendor}]: {per_s:.0f}/s (runs {listed['portal']}) against a bare view "
        f"{baseline:.0f}/s (runs {listed['bare']}): ratio "
        f"{ratio:.3f}, goal {PORTAL_GOAL_RATIO}: {verdict}. (gunicorn 2 sync workers on 127.0.0.1, {client}, "
        f"{PORTAL_CONNECTIONS} connections, {PORTAL_SECONDS:.0f} s per run, multipart POST with CSRF, no rate limit)")
    say(f"  where it goes: the same form read and left alone {median['form']:.0f}/s (runs {listed['form']}; "
        f"{median['form'] / baseline:.2f} of the bare view), read and stored as one petition row "
        f"{median['insert']:.0f}/s (runs {listed['insert']}; {median['insert'] / baseline:.2f})")
    return emit({"bench": "portal_submissions", "backend": connection.vendor, "per_s": round(per_s, 1),
                 "baseline_per_s": round(baseline, 1), "ratio": round(ratio, 3), "goal_ratio": PORTAL_GOAL_RATIO,
                 "form_per_s": round(median["form"], 1), "insert_per_s": round(median["insert"], 1),
                 "runs": runs, "client": client})


def measure_all(runs: int) -> list[dict]:
    say(f"[{connection.vendor}] citizens' side, {timezone.localdate():%d/%m/%Y}:")
    return [*measure_search(runs), measure_dashboard(runs), measure_portal(runs)]

