"""The API, the admin and the texts sent to people speak Uzbek and Russian as well as English:
every message catalogue is complete, keeps its placeholders, is compiled, and is used."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for pattern in ("locale/*/LC_MESSAGES/django.po", "apps/*/locale/*/LC_MESSAGES/django.po")
    for path in ROOT.glob(pattern)
)
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


def entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry but the header; strings joined across lines."""
    found = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, list[str]] = {"msgid": [], "msgstr": []}
        current = None
        for line in block.splitlines():
            keyword, _, rest = line.partition(" ")
            if keyword in parts:
                current = parts[keyword]
                current.append(json.loads(rest))
            elif line.startswith('"') and current is not None:
                current.append(json.loads(line))
        msgid = "".join(parts["msgid"])
        if msgid:
            found.append((msgid, "".join(parts["msgstr"])))
    return found


def test_there_is_a_catalogue_per_language_for_the_project_and_for_notifications():
    names = {str(path.relative_to(ROOT)) for path in CATALOGUES}
    for language in ("uz", "ru"):
        assert f"locale/{language}/LC_MESSAGES/django.po" in names
        assert f"apps/notifications/locale/{language}/LC_MESSAGES/django.po" in names


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_message_is_translated_with_its_placeholders(path):
    found = entries(path)
    assert len(found) > 50
    untranslated = [msgid for msgid, msgstr in found if not msgstr.strip()]
    assert untranslated == []
    broken = [
        (msgid, msgstr)
        for msgid, msgstr in found
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))
    ]
    assert broken == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_catalogue_is_compiled_after_its_last_change(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists()
    # Compiled from this text: the .mo holds every translation of the .po.
    data = compiled.read_bytes()
    stale = [msgstr for _msgid, msgstr in entries(path) if msgstr.encode() not in data]
    assert stale == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Order not found."), ("ru", "Заказ не найден."), ("uz", "Buyurtma topilmadi.")],
)
def test_api_errors_speak_the_callers_language(customer_client, language, expected):
    response = customer_client.get("/api/v1/orders/DX-00000000/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json()["error"]["message"] == expected


def test_without_a_language_the_api_speaks_uzbek(customer_client):
    response = customer_client.get("/api/v1/orders/DX-00000000/")
    assert response.json()["error"]["message"] == "Buyurtma topilmadi."
