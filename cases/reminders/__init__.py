"""Reminders and notifications: the rules that say what is due, the sweep that creates and
sends them exactly once, the weekly digest, in-app notifications and the Celery tasks."""
