from django.core.exceptions import ImproperlyConfigured


def check_production_settings(
    *, secret_key: str, insecure_key: str, debug: bool, allowed_hosts: list[str]
) -> None:
    """Raise ImproperlyConfigured when a development default would reach production."""
    problems = []
    if not secret_key or secret_key == insecure_key or len(secret_key) < 40:
        problems.append("DJANGO_SECRET_KEY must be set to a long random value")
    if debug:
        problems.append("DJANGO_DEBUG must be off")
    if not allowed_hosts or "*" in allowed_hosts:
        problems.append("DJANGO_ALLOWED_HOSTS must list the real host names")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems))
