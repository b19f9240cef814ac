# The image of the web app, the Celery worker and Celery beat (docker/entrypoint.sh picks
# the role). Built and started by docker-compose.yml; see docs/production.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (PDF exports) needs Pango; gettext compiles the Dutch catalogue.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && if [ -d locale ]; then SECRET_KEY=build-only python manage.py compilemessages --ignore '.venv/*'; fi \
    && useradd --system --uid 10001 --home-dir /app mozaiek \
    && mkdir -p /data/media /app/var \
    && chown -R mozaiek /data /app/var

USER mozaiek
EXPOSE 8000
ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]
CMD ["web"]
