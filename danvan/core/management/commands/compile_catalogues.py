from django.core.management.base import BaseCommand

from danvan.core.catalogues import compile_all


class Command(BaseCommand):
    help = "Compile the .po catalogues to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        written = compile_all()
        for path in written:
            self.stdout.write(f"compiled {path}")
        if not written:
            self.stdout.write("catalogues up to date")
