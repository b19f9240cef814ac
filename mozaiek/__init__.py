# Load the Celery app with Django, so that `shared_task` binds to it and tasks fired from
# views use its configuration.
from mozaiek.celery import app as celery_app

__all__ = ("celery_app",)
