from django.core.management.base import BaseCommand, CommandError

from danvan.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit non-zero naming the first bad entry."

    def handle(self, *args, **options):
        ok, message = verify_chain()
        if not ok:
            raise CommandError(f"Audit chain broken: {message}")
        self.stdout.write(self.style.SUCCESS(message))
