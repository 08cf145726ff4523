from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from danvan.org import loaders


class Command(BaseCommand):
    help = (
        "Load administrative units from the vietnam-provinces package: --province NAME for the current "
        "province and its communes, --legacy NAME for a pre-July-2025 province with its districts and communes. "
        "Idempotent; names may be typed without diacritics."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="A current province, e.g. \"Gia Lai\" or \"gia lai\".")
        parser.add_argument("--legacy", help="A pre-July-2025 province, e.g. \"Bình Định\" or \"binh dinh\".")

    def handle(self, *args, province=None, legacy=None, **options):
        if not province and not legacy:
            raise CommandError("Give --province NAME or --legacy NAME (or both).")
        try:
            if legacy:
                root, counts = loaders.load_legacy_province(name=legacy)
                self.stdout.write(
                    f"{root.name} (before 07/2025): {counts['created']} created, {counts['existing']} already there"
                )
            if province:
                root, counts = loaders.load_current_province(name=province)
                self.stdout.write(f"{root.name}: {counts['created']} created, {counts['existing']} already there")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
