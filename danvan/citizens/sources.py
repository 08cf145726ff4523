"""Figures for reports, registered through core.sources."""
