import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from danvan.org.models import Unit
from danvan.plans import interchange


class Command(BaseCommand):
    help = "Import a plan file (the DânVận plan format, danvan/plans/data/plan.schema.json) as a draft plan."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The plan file (UTF-8 JSON).")
        parser.add_argument("--issuer", required=True, type=int, help="Id of the unit that issues the plan.")

    def handle(self, *args, file, issuer, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            data = interchange.load(path)
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not UTF-8 text: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}") \
                from error
        unit = Unit.objects.filter(pk=issuer).first()
        if unit is None:
            raise CommandError(f"No unit with id {issuer}.")
        try:
            plan = interchange.import_plan(data, by=None, issuer=unit)
        except ValidationError as error:
            lines = "\n".join(f"  {message}" for message in error.messages)
            raise CommandError(f"{path} was not imported (nothing changed):\n{lines}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Imported plan {plan.pk} “{plan.title}” ({plan.tasks.count()} tasks, {plan.periods.count()} periods) "
            f"as a draft of {unit.name}."
        ))
