"""docker-compose.yml cannot run here (no Docker engine), so its structure is checked: the
services, health checks, volumes, and that every environment variable it passes is one the
settings read. tests/integration/test_processes.py runs the same commands outside Docker."""

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
# Read by docker-compose.yml or docker/entrypoint.sh, not by Django.
COMPOSE_ONLY = {
    "POSTGRES_DB",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "WEB_CONCURRENCY",
    "CELERY_CONCURRENCY",
    "WEB_BIND",
    "WEB_PORT",
}


@pytest.fixture(scope="module")
def yaml():
    try:
        import yaml
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("PyYAML is missing: add PyYAML==6.0.3 to requirements-dev.txt")
        pytest.skip("PyYAML is not installed (PyYAML==6.0.3 in requirements-dev.txt)")
    return yaml


@pytest.fixture(scope="module")
def compose(yaml) -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def settings_env_names() -> set[str]:
    source = (ROOT / "mozaiek" / "settings.py").read_text()
    pattern = (
        r"""(?:os\.environ\.get|os\.environ\[|envbool|envint|envlist)\(?\s*["']([A-Z_]+)["']"""
    )
    return set(re.findall(pattern, source))


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value
    return pairs


def test_it_runs_the_database_redis_web_worker_and_beat(services):
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")
    for name in APP_SERVICES:
        assert services[name]["build"] == "."
        assert services[name]["restart"] == "unless-stopped"
    assert services["web"]["command"] == ["web"]
    assert services["worker"]["command"] == ["worker"]
    assert services["beat"]["command"] == ["beat"]


def test_every_service_has_a_health_check(services):
    for name, service in services.items():
        assert service["healthcheck"]["test"], name
    web_check = " ".join(services["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in web_check
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "ping" in services["redis"]["healthcheck"]["test"]
    assert "inspect ping" in " ".join(services["worker"]["healthcheck"]["test"])


def test_the_health_checked_host_is_allowed(services):
    assert services["web"]["environment"]["ALLOWED_HOSTS"].endswith(",127.0.0.1")


def test_worker_and_beat_start_after_the_migrations(services):
    for name in ("worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["web"]["condition"] == "service_healthy"
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
    entrypoint = (ROOT / "docker" / "entrypoint.sh").read_text()
    web = entrypoint[entrypoint.index("web)") : entrypoint.index("worker)")]
    assert web.index("manage.py migrate --noinput") < web.index("exec gunicorn mozaiek.wsgi")


def test_the_database_and_uploads_are_named_volumes(compose, services):
    assert set(compose["volumes"]) == {"pgdata", "media"}
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    for name in APP_SERVICES:
        media_root = services[name]["environment"]["MEDIA_ROOT"]
        assert f"media:{media_root}" in services[name]["volumes"]


def test_redis_keeps_nothing_on_disk(services):
    command = services["redis"]["command"]
    assert command[command.index("--save") + 1] == ""
    assert command[command.index("--appendonly") + 1] == "no"


def test_the_app_services_use_the_database_and_redis_services(services):
    for name in APP_SERVICES:
        environment = services[name]["environment"]
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        assert services[name]["env_file"] == ".env"


def test_every_variable_passed_to_the_app_is_read_by_the_settings(services):
    read = settings_env_names()
    for name in APP_SERVICES:
        passed = set(services[name]["environment"])
        assert passed <= read, passed - read
    assert set(env_example()) - COMPOSE_ONLY <= read, set(env_example()) - COMPOSE_ONLY - read


def test_env_example_names_what_production_needs(compose):
    example = env_example()
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "SITE_URL",
        "POSTGRES_PASSWORD",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "DEFAULT_FROM_EMAIL",
    ):
        assert name in example, name
    assert example["SECRET_KEY"] == "", "no usable secret in an example file"
    assert "DEBUG" not in example


def test_compose_only_variables_are_used_by_compose_or_the_entrypoint():
    text = (ROOT / "docker-compose.yml").read_text() + (
        ROOT / "docker" / "entrypoint.sh"
    ).read_text()
    for name in COMPOSE_ONLY:
        assert f"${{{name}" in text, name


def test_the_image_starts_through_the_entrypoint():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]' in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "USER mozaiek" in dockerfile
