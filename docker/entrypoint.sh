#!/bin/sh
# One image, three roles: web, worker, beat (see docker-compose.yml). The integration tests
# run these same commands outside Docker (tests/integration/test_processes.py).
set -eu

role="${1:-web}"
case "$role" in
    web)
        # Migrations run on every start; the worker and beat wait for a healthy web.
        python manage.py migrate --noinput
        exec gunicorn mozaiek.wsgi \
            --bind "${BIND_ADDRESS:-0.0.0.0}:${PORT:-8000}" \
            --workers "${WEB_CONCURRENCY:-3}" \
            --timeout 60 \
            --access-logfile -
        ;;
    worker)
        exec celery -A mozaiek worker \
            --loglevel "${LOG_LEVEL:-INFO}" \
            --concurrency "${CELERY_CONCURRENCY:-2}"
        ;;
    beat)
        # Its schedule file (CELERY_BEAT_SCHEDULE_FILENAME) needs no volume: what is due is
        # derived from the database, so a lost schedule loses no reminder.
        exec celery -A mozaiek beat --loglevel "${LOG_LEVEL:-INFO}"
        ;;
    *)
        exec "$@"
        ;;
esac
