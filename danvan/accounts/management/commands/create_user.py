import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from danvan.accounts.services import user_create
from danvan.org.models import Role, Unit
from danvan.org.services import membership_add


class Command(BaseCommand):
    help = (
        "Create an account (audited), optionally with a role in a unit. The password is asked for, or read "
        "from the DANVAN_PASSWORD environment variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--unit", type=int, help="Unit id (see /units/).")
        parser.add_argument("--role", choices=Role.values)
        parser.add_argument("--superuser", action="store_true", help="Full administrator.")

    def handle(self, *args, username, full_name, email, unit, role, superuser, **options):
        if bool(unit) != bool(role):
            raise CommandError("Give --unit and --role together.")
        unit_obj = None
        if unit:
            unit_obj = Unit.objects.filter(pk=unit, valid_to__isnull=True).first()
            if unit_obj is None:
                raise CommandError(f"No current unit with id {unit}.")
        password = os.environ.get("DANVAN_PASSWORD") or getpass.getpass("Password: ")
        try:
            with transaction.atomic():
                user = user_create(by=None, username=username, password=password, full_name=full_name,
                                   email=email, is_superuser=superuser)
                if unit_obj is not None:
                    membership_add(by=None, user=user, unit=unit_obj, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Account {user.username} created."))
