import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GOOD_KEY = "k" * 50


def _load_production(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "shop.uz"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short", "DJANGO_ALLOWED_HOSTS": "shop.uz"}, "DJANGO_SECRET_KEY"),
        (
            {"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "shop.uz", "DJANGO_DEBUG": "1"},
            "DJANGO_DEBUG",
        ),
        ({"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_development_defaults(env, complaint):
    result = _load_production(env)
    assert result.returncode != 0
    assert "Refusing to start in production" in result.stderr
    assert complaint in result.stderr


def test_production_starts_with_real_settings_and_is_https_only():
    result = _load_production({"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "shop.uz"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True"]


def test_guard_function_lists_every_problem():
    from config.settings.guards import check_production_settings

    with pytest.raises(ImproperlyConfigured) as info:
        check_production_settings(secret_key="", insecure_key="x", debug=True, allowed_hosts=[])
    message = str(info.value)
    for name in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"):
        assert name in message


def test_localisation_settings():
    assert settings.LANGUAGE_CODE == "uz"
    assert [code for code, _ in settings.LANGUAGES] == ["uz", "ru", "en"]
    assert settings.TIME_ZONE == "Asia/Tashkent"
    assert settings.USE_TZ is True
