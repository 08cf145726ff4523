"""Scheduler jobs of the reporting app (reminders before and after due dates)."""
