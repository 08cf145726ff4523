import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from danvan.core import scheduler


class Command(BaseCommand):
    help = "Run the scheduler loop: reminders, overdue marks, outgoing mail. Safe to run several at once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument("--interval", type=int, default=None, help="Seconds between passes.")

    def handle(self, *args, once=False, interval=None, **options):
        interval = interval or settings.SCHEDULER_INTERVAL
        worker = scheduler.worker_name()
        stop = {"now": False}

        def _stop(*_):
            stop["now"] = True

        # Put the previous handlers back on the way out: the command is also called in-process (tests,
        # `call_command`), and a leftover handler would swallow Ctrl-C there.
        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._loop(worker, once, interval, stop)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _loop(self, worker, once, interval, stop):
        self.stdout.write(f"scheduler {worker}: jobs {', '.join(sorted(scheduler.JOBS))}")
        while not stop["now"]:
            close_old_connections()
            results = scheduler.run_once(worker)
            done = {name: n for name, n in results.items() if n}
            if done:
                self.stdout.write(f"scheduler: {done}")
            if once:
                break
            for _ in range(interval * 10):
                if stop["now"]:
                    break
                time.sleep(0.1)
