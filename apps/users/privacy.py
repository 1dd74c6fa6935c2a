"""Privacy rights across apps that `users` may not import (orders, prescriptions,
notifications...). Those apps register, from their `AppConfig.ready()`:

    register_export_section("orders", orders_export)          # callable(user) -> JSON data
    register_erasure_step("prescriptions", prescriptions_erase)  # callable(user) -> None

`GET me/export/` adds every registered section to the user's own data; `DELETE me/` runs every
erasure step inside the anonymisation transaction (a step that raises aborts the deletion).
Data kept for accounting (orders, payments) stays; steps scrub what is personal in it.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

ExportSection = Callable[[Any], Any]
ErasureStep = Callable[[Any], None]

# Keys the accounts app fills itself.
BUILTIN_SECTIONS = frozenset(
    {
        "exported_at",
        "profile",
        "terms_acceptances",
        "addresses",
        "login_history",
        "code_requests",
        "role_history",
    }
)
EXPORT_SECTIONS: dict[str, ExportSection] = {}
ERASURE_STEPS: dict[str, ErasureStep] = {}


def _register(registry: dict, name: str, function: Callable) -> None:
    if name in BUILTIN_SECTIONS or registry.get(name, function) is not function:
        raise ImproperlyConfigured(f"privacy section {name!r} is already taken")
    registry[name] = function


def register_export_section(name: str, section: ExportSection) -> None:
    """Add `section(user)` under `name` to every export. Names are unique."""
    _register(EXPORT_SECTIONS, name, section)


def register_erasure_step(name: str, step: ErasureStep) -> None:
    """Run `step(user)` when `user` deletes their account, before the profile is scrubbed."""
    _register(ERASURE_STEPS, name, step)
