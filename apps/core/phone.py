"""Uzbek phone numbers, normalised to E.164 (`+998` and nine digits) on input."""

import re

from .errors import InvalidPhoneNumber

E164_UZ = re.compile(r"^\+998\d{9}$")
_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_phone(raw: object) -> str:
    """Accept `90 123 45 67`, `998901234567`, `+998 (90) 123-45-67`; return `+998901234567`."""
    if not isinstance(raw, str):
        raise InvalidPhoneNumber()
    text = _SEPARATORS.sub("", raw.strip())
    has_plus = text.startswith("+")
    digits = text[1:] if has_plus else text
    # str.isdigit() accepts other scripts' digits; phone numbers are ASCII only.
    if not digits.isascii() or not digits.isdigit():
        raise InvalidPhoneNumber()
    if len(digits) == 9 and not has_plus:
        digits = "998" + digits
    if len(digits) != 12 or not digits.startswith("998"):
        raise InvalidPhoneNumber()
    return "+" + digits


def mask_phone(phone: str) -> str:
    """`+998901234567` -> `+99890*****67`, for logs and screens that must not show it whole."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:6] + "*" * (len(phone) - 8) + phone[-2:]
