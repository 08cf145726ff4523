from django.core.management.base import BaseCommand

from danvan.citizens.demo import load_citizens_demo
from danvan.org.demo import ACCOUNTS, DEMO_PASSWORD, load_org_demo
from danvan.plans.demo import load_plan_demo


class Command(BaseCommand):
    help = "Load the demo data (Bình Định → Gia Lai 2025, departments, demo accounts). Loads nothing twice."

    def add_arguments(self, parser):
        parser.add_argument("--accounts", action="store_true", help="Only print the demo accounts.")

    def handle(self, *args, accounts=False, **options):
        if not accounts:
            loaded = load_org_demo(stdout=self.stdout)
            loaded = load_plan_demo() or loaded
            loaded = load_citizens_demo() or loaded
            if loaded:
                self.stdout.write(self.style.SUCCESS("Demo data loaded."))
            else:
                self.stdout.write("Demo data already loaded: nothing to do.")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, unit in ACCOUNTS:
            self.stdout.write(f"  {username:<14} {str(role.label):<24} {unit}  ({full_name})")
