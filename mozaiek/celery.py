"""The Celery app: a worker sends reminders, beat starts the sweeps.

Beat only starts work; what is due is always derived from the database, so a missed or
doubled beat tick, or a second beat process, neither loses nor repeats a reminder.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mozaiek.settings")

app = Celery("mozaiek")
# The current app is per thread; make this one the default so that `shared_task`s fired from
# any thread (a threaded gunicorn worker, say) use its configuration, not Celery's fallback.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Times are Europe/Amsterdam (CELERY_TIMEZONE follows TIME_ZONE).
app.conf.beat_schedule = {
    "reminders-sweep": {
        "task": "cases.tasks.sweep_reminders",
        "schedule": crontab(minute="*/15"),
    },
    "weekly-digest": {
        "task": "cases.tasks.send_weekly_digest",
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
    "confidant-notices": {
        "task": "confidential.tasks.send_confidant_notices",
        "schedule": crontab(minute="*/15"),
    },
    "yearly-reminders": {
        "task": "cases.tasks.send_yearly_reminders",
        "schedule": crontab(minute=0, hour=8),
    },
    # Privacy by default: the retention policies on the first night of the month, and the
    # clean-ups of uploads never used and of expired login lockouts every night.
    "monthly-retention": {
        "task": "cases.tasks.run_retention",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
    "purge-pending-attachments": {
        "task": "cases.tasks.purge_pending_attachments",
        "schedule": crontab(minute=15, hour=3),
    },
    "clean-login-attempts": {
        "task": "cases.tasks.clean_login_attempts",
        "schedule": crontab(minute=30, hour=3),
    },
}
