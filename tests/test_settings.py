"""mozaiek/settings.py as each environment sees it.

Settings are read once per process, so each case runs Django in a subprocess with exactly the
environment it describes (nothing inherited from the test run, CI's DATABASE_URL included).
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = """
import json, sys
import django
django.setup()
from django.conf import settings
print(json.dumps({name: str(getattr(settings, name)) for name in sys.argv[1:]}))
"""

TRY_TO_SIGN = """
import django
django.setup()
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
try:
    signing.dumps("melding")
except ImproperlyConfigured as error:
    print("refused:", error)
else:
    print("signed")
"""


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "mozaiek.settings",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(env: dict[str, str], *names: str) -> dict[str, str]:
    result = run(["-c", PRINT_SETTINGS, *names], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "school.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def test_the_deploy_check_finds_nothing_with_production_settings(production):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_secure_without_further_settings(production):
    values = settings_in(
        production,
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
    )

    assert values == {
        "DEBUG": "False",
        "SECURE_SSL_REDIRECT": "True",
        "SECURE_HSTS_SECONDS": "31536000",
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "X_FRAME_OPTIONS": "DENY",
    }


def test_without_a_secret_key_production_refuses_to_sign(production):
    del production["SECRET_KEY"]

    result = run(["-c", TRY_TO_SIGN], production)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "refused: The SECRET_KEY setting must not be empty."


def test_the_deploy_check_warns_about_a_missing_secret_key_and_hosts(production):
    del production["SECRET_KEY"]
    del production["ALLOWED_HOSTS"]

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production)

    assert result.returncode != 0
    assert "security.W009" in result.stderr
    assert "security.W020" in result.stderr


def test_development_uses_sqlite_under_var_and_serves_localhost():
    values = settings_in({"DEBUG": "1"}, "DATABASES", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT")

    assert f"'NAME': '{BASE_DIR / 'var' / 'db.sqlite3'}'" in values["DATABASES"]
    assert "'ENGINE': 'django.db.backends.sqlite3'" in values["DATABASES"]
    assert values["ALLOWED_HOSTS"] == "['127.0.0.1', 'localhost']"
    assert values["SECURE_SSL_REDIRECT"] == "False"


def test_the_system_check_is_clean_in_development(tmp_path):
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    result = run(["manage.py", "check", "--fail-level", "WARNING"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_every_environment_variable_is_documented_in_the_readme():
    source = (BASE_DIR / "mozaiek" / "settings.py").read_text(encoding="utf-8")
    readers = r"(?:os\.environ\.get\(|os\.getenv\(|os\.environ\[|envbool\(|envint\(|envlist\()"
    names = set(re.findall(readers + r'\s*"([A-Z][A-Z0-9_]*)"', source))
    names |= set(re.findall(r'"([A-Z][A-Z0-9_]*)" (?:not )?in os\.environ', source))
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", readme, flags=re.MULTILINE))

    assert "SECRET_KEY" in names  # the pattern finds them
    assert sorted(names - documented) == [], "add these to the configuration table in README.md"
