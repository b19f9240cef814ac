"""Incidents: registration, attachments, verification, the incident list and its CSV export."""
