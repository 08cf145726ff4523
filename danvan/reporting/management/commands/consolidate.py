import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from danvan.reporting import exports, selectors
from danvan.reporting.models import Period


class Command(BaseCommand):
    help = "Write the consolidated report of a plan's period as DOCX, XLSX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="Plan id.")
        parser.add_argument("--period", required=True, choices=[k for k in Period.Kind.values if k != "ADHOC"])
        parser.add_argument("--format", required=True, choices=["docx", "xlsx", "pdf"])
        parser.add_argument("--output", required=True, help="File to write.")
        parser.add_argument("--tree-date", help="Roll units up to the tree of this date (YYYY-MM-DD or dd/mm/yyyy).")

    def handle(self, *args, plan, period, format, output, tree_date=None, **options):
        found = Period.objects.filter(plan_id=plan, kind=period).select_related("plan").first()
        if found is None:
            raise CommandError(f"Plan {plan} has no {period} period.")
        day = None
        if tree_date:
            for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
                try:
                    day = datetime.datetime.strptime(tree_date, pattern).date()
                    break
                except ValueError:
                    continue
            if day is None:
                raise CommandError(f"--tree-date {tree_date!r} is not a date (YYYY-MM-DD or dd/mm/yyyy).")
        result = selectors.consolidate(found, tree_date=day)
        data = exports.consolidated(result, format)
        if data is None:
            raise CommandError("PDF needs LibreOffice (soffice), which is not installed.")
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        path.write_bytes(data)
        self.stdout.write(f"{path}: {len(data)} bytes, {result.reports_counted} reports, "
                          f"{result.monitoring.expected} units expected")
