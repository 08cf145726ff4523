"""Indicator sources: functions of (unit, data window) registered by the apps that own the records."""
