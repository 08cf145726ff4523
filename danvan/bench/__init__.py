"""The performance benchmark (`make bench`, `python -m danvan.bench`): a generated national data set and the
server time of the reads that grow with it, on SQLite and on PostgreSQL. See `__main__` for how it runs."""
