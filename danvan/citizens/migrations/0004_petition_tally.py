"""The tally of petitions by unit and kind (models.PetitionTally), kept by the database.

The dashboard shows, for every petition, how many each unit received of each kind, resolved and resolved on
time. Counted from the petitions, that is a read of a million index entries at national scale (a quarter of a
second or more); read from the tally, a few thousand rows. Triggers keep the tally in step with every insert,
delete and change of a petition's unit, kind, resolved_on or resolved_on_time, in the same transaction, whoever
writes (services, imports, bulk loads, the shell): a rolled back write leaves both as they were.

- SQLite: three triggers (insert, delete, update when one of those columns changes), each an UPSERT.
- PostgreSQL: one PL/pgSQL function and two triggers (insert or delete; update when one of those changes).

Beware, as for migration 0003: a later migration that makes SQLite rebuild citizens_petition drops its
triggers. It must create them again (create_triggers) and rebuild the tally (rebuild). Until then the dashboard
counts the petitions themselves (selectors.tally_in_step notices that the triggers are missing).
"""

import django.db.models.deletion
from django.db import migrations, models

TALLY = "citizens_petitiontally"
RESOLVED = "CASE WHEN {row}.resolved_on IS NOT NULL THEN 1 ELSE 0 END"
ON_TIME = "CASE WHEN {row}.resolved_on IS NOT NULL AND {row}.resolved_on_time THEN 1 ELSE 0 END"
CHANGED = ("old.unit_id IS NOT new.unit_id OR old.kind IS NOT new.kind OR old.resolved_on IS NOT new.resolved_on "
           "OR old.resolved_on_time IS NOT new.resolved_on_time")


def _add(row: str) -> str:
    return (f"INSERT INTO {TALLY} (unit_id, kind, received, resolved, on_time) "
            f"VALUES ({row}.unit_id, {row}.kind, 1, {RESOLVED.format(row=row)}, {ON_TIME.format(row=row)}) "
            f"ON CONFLICT (unit_id, kind) DO UPDATE SET received = {TALLY}.received + excluded.received, "
            f"resolved = {TALLY}.resolved + excluded.resolved, on_time = {TALLY}.on_time + excluded.on_time")


def _remove(row: str) -> str:
    return (f"UPDATE {TALLY} SET received = received - 1, resolved = resolved - {RESOLVED.format(row=row)}, "
            f"on_time = on_time - {ON_TIME.format(row=row)} WHERE unit_id = {row}.unit_id AND kind = {row}.kind")


SQLITE_TRIGGERS = {
    "citizens_tally_insert": f"CREATE TRIGGER citizens_tally_insert AFTER INSERT ON citizens_petition "
                             f"BEGIN {_add('new')}; END",
    "citizens_tally_delete": f"CREATE TRIGGER citizens_tally_delete AFTER DELETE ON citizens_petition "
                             f"BEGIN {_remove('old')}; END",
    "citizens_tally_update": f"CREATE TRIGGER citizens_tally_update AFTER UPDATE OF unit_id, kind, resolved_on, "
                             f"resolved_on_time ON citizens_petition WHEN {CHANGED} "
                             f"BEGIN {_remove('old')}; {_add('new')}; END",
}
POSTGRESQL_FUNCTION = f"""
    CREATE OR REPLACE FUNCTION citizens_petition_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_remove('OLD')};
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            {_add('NEW')};
        END IF;
        RETURN NULL;
    END $$"""
POSTGRESQL_TRIGGERS = {
    "citizens_tally_insert_delete": "CREATE TRIGGER citizens_tally_insert_delete AFTER INSERT OR DELETE ON "
                                    "citizens_petition FOR EACH ROW EXECUTE FUNCTION citizens_petition_tally()",
    "citizens_tally_update": "CREATE TRIGGER citizens_tally_update AFTER UPDATE OF unit_id, kind, resolved_on, "
                             "resolved_on_time ON citizens_petition FOR EACH ROW WHEN ("
                             + CHANGED.replace(" IS NOT ", " IS DISTINCT FROM ") + ") "
                             "EXECUTE FUNCTION citizens_petition_tally()",
}


def triggers(vendor: str) -> dict[str, str]:
    return {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRESQL_TRIGGERS}.get(vendor, {})


def create_triggers(cursor, vendor: str) -> None:
    if vendor == "postgresql":
        cursor.execute(POSTGRESQL_FUNCTION)
    for sql in triggers(vendor).values():
        cursor.execute(sql)


def drop_triggers(cursor, vendor: str) -> None:
    for name in triggers(vendor):
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}" + (" ON citizens_petition" if vendor == "postgresql" else ""))


def rebuild(cursor) -> None:
    """The tally counted again from the petitions (after a load with the triggers paused, or a rebuilt table)."""
    cursor.execute(f"DELETE FROM {TALLY}")
    cursor.execute(
        f"INSERT INTO {TALLY} (unit_id, kind, received, resolved, on_time) "
        f"SELECT unit_id, kind, COUNT(*), SUM({RESOLVED.format(row='p')}), SUM({ON_TIME.format(row='p')}) "
        "FROM citizens_petition p GROUP BY unit_id, kind")


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if not triggers(vendor):
        return  # another database: the dashboard counts the petitions themselves
    with schema_editor.connection.cursor() as cursor:
        create_triggers(cursor, vendor)
        rebuild(cursor)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        drop_triggers(cursor, vendor)
        if vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS citizens_petition_tally()")


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0003_petition_search_index"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="PetitionTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20)),
                ("received", models.IntegerField(default=0)),
                ("resolved", models.IntegerField(default=0)),
                ("on_time", models.IntegerField(default=0)),
                ("unit", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE,
                                           related_name="+", to="org.unit")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("unit", "kind"), name="citizens_tally_unit_kind")],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
