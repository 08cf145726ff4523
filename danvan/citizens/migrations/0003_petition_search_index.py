"""Indexes for searching petitions at scale (selectors.search_petitions) and for the dashboard's figures.

Search looks for every folded word typed as a substring (LIKE '%word%') of `search_folded` or `name_folded`;
a B-tree index cannot serve that, and a million rows read one by one take seconds.

- PostgreSQL: the pg_trgm extension and one trigram GIN index on both folded columns together
  (search_folded || ' ' || name_folded, the expression the selector repeats). It serves LIKE '%word%' on that
  text for every word of three letters or more at once (the index intersects them: one word per column would
  leave PostgreSQL checking every petition holding the most common word). ANALYZE keeps statistics of the
  indexed expression too; with 500 values rather than 100, the planner's guess of how many petitions hold a
  word is close enough for it to choose between reading the matches and reading the newest petitions first.
- SQLite: an FTS5 table with the trigram tokenizer over the same two columns (external content: it stores the
  index, not a second copy of the text), kept in step with the petitions by triggers. The selector asks it for
  the rows holding each word, then applies the same LIKE to them. SQLite builds without FTS5 skip this and
  search without an index; so does the selector whenever the triggers are missing.

    Beware: when a later migration makes SQLite rebuild citizens_petition (most AlterField, RemoveField, ...),
    SQLite drops the table's triggers. Such a migration must create them again (TRIGGERS below) and rebuild
    the index: INSERT INTO citizens_petition_fts(citizens_petition_fts) VALUES ('rebuild').

- Both, for the dashboard (selectors.dashboard), which counts every petition by unit and kind, and the open
  ones apart: (unit, kind, received_on, resolved_on, resolved_on_time) holds all the first count reads, and
  (status, resolve_due, unit, kind, received_on) finds the open cases and holds what the second reads, so
  neither reads the table itself.

None of this is in the models' state (Meta.indexes): these are RunPython operations, one per database kind,
and `makemigrations` sees nothing to do. The selector repeats what it relies on: the FTS5 table's and
triggers' names (selectors.FTS_TABLE, FTS_TRIGGERS) and the indexed expression (selectors._folded_text_and_name).
On a database that already holds many petitions, building the indexes takes about a minute per million
petitions, during which petitions cannot be written.
"""

from django.db import migrations

FTS = "citizens_petition_fts"
TRIGGERS = {
    "citizens_petition_fts_insert": f"""
        CREATE TRIGGER citizens_petition_fts_insert AFTER INSERT ON citizens_petition BEGIN
            INSERT INTO {FTS}(rowid, search_folded, name_folded)
            VALUES (new.id, new.search_folded, new.name_folded);
        END""",
    "citizens_petition_fts_delete": f"""
        CREATE TRIGGER citizens_petition_fts_delete AFTER DELETE ON citizens_petition BEGIN
            INSERT INTO {FTS}({FTS}, rowid, search_folded, name_folded)
            VALUES ('delete', old.id, old.search_folded, old.name_folded);
        END""",
    # Django's save() writes every column: re-index only when the folded text really changed.
    "citizens_petition_fts_update": f"""
        CREATE TRIGGER citizens_petition_fts_update AFTER UPDATE OF search_folded, name_folded ON citizens_petition
        WHEN old.search_folded IS NOT new.search_folded OR old.name_folded IS NOT new.name_folded BEGIN
            INSERT INTO {FTS}({FTS}, rowid, search_folded, name_folded)
            VALUES ('delete', old.id, old.search_folded, old.name_folded);
            INSERT INTO {FTS}(rowid, search_folded, name_folded) VALUES (new.id, new.search_folded, new.name_folded);
        END""",
}
DASHBOARD_INDEXES = {
    "citizens_pe_dashboard_idx": "unit_id, kind, received_on, resolved_on, resolved_on_time",
    "citizens_pe_open_due_idx": "status, resolve_due, unit_id, kind, received_on",
}
TRIGRAM_INDEX = "citizens_pe_folded_trgm"


def _sqlite_has_trigram_fts(cursor) -> bool:
    try:
        cursor.execute("CREATE VIRTUAL TABLE temp.citizens_fts_probe USING fts5(x, tokenize='trigram')")
    except Exception:  # no FTS5, or a SQLite older than 3.34 (no trigram tokenizer)
        return False
    cursor.execute("DROP TABLE temp.citizens_fts_probe")
    return True


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    execute = schema_editor.execute
    if connection.vendor == "postgresql":
        execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        execute(f"CREATE INDEX {TRIGRAM_INDEX} ON citizens_petition "
                "USING gin ((search_folded || ' ' || name_folded) gin_trgm_ops)")
        execute(f"ALTER INDEX {TRIGRAM_INDEX} ALTER COLUMN 1 SET STATISTICS 500")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if _sqlite_has_trigram_fts(cursor):
                execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(search_folded, name_folded, "
                        f"content='citizens_petition', content_rowid='id', tokenize='trigram')")
                execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")  # the petitions already there
                for sql in TRIGGERS.values():
                    execute(sql)
    if connection.vendor in ("postgresql", "sqlite"):
        for name, columns in DASHBOARD_INDEXES.items():
            execute(f"CREATE INDEX {name} ON citizens_petition ({columns})")
    if connection.vendor == "postgresql":
        execute("ANALYZE citizens_petition")  # the expression's statistics, before the first search


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    execute = schema_editor.execute
    if connection.vendor in ("postgresql", "sqlite"):
        for name in DASHBOARD_INDEXES:
            execute(f"DROP INDEX IF EXISTS {name}")
    if connection.vendor == "postgresql":
        execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")
        # The extension stays: other tables may use it, and dropping it needs more rights than creating it.
    elif connection.vendor == "sqlite":
        for name in TRIGGERS:
            execute(f"DROP TRIGGER IF EXISTS {name}")
        execute(f"DROP TABLE IF EXISTS {FTS}")


class Migration(migrations.Migration):

    dependencies = [
        ("citizens", "0002_created_by_optional"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
