from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from danvan.citizens import open311
from danvan.citizens.models import Open311Client


class Command(BaseCommand):
    help = (
        "Manage the keys of Open311 client systems. --create NAME prints a new key once (only its hash is kept); "
        "--list shows the clients; --revoke PREFIX disables a key."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--create", metavar="NAME", help="Register a client and print its key.")
        action.add_argument("--list", dest="show_list", action="store_true",
                            help="List the clients and their key prefixes.")
        action.add_argument("--revoke", metavar="PREFIX", help="Disable the key that starts with PREFIX.")

    def handle(self, *args, create, show_list, revoke, **options):
        if create is not None:
            try:
                client, key = open311.client_create(name=create)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            self.stdout.write(key)
            self.stderr.write(f"Client {client.name!r} registered. The key above is shown only now: give it to the "
                              "client's operators; it cannot be displayed again.")
        elif show_list:
            for client in Open311Client.objects.order_by("created_at", "pk"):
                state = "active" if client.active else "revoked"
                self.stdout.write(f"{client.key_prefix}…\t{state}\t{client.created_at:%d/%m/%Y}\t{client.name}")
        else:
            matches = Open311Client.objects.filter(key_prefix=revoke[:12], active=True)
            if matches.count() != 1:
                raise CommandError(f"No single active client has a key starting with {revoke!r}.")
            open311.client_revoke(client=matches.get())
            self.stdout.write(self.style.SUCCESS(f"Key {revoke[:12]}… revoked."))
