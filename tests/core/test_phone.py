import pytest

from apps.core.errors import InvalidPhoneNumber
from apps.core.phone import mask_phone, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "+998901234567",
        "998901234567",
        "901234567",
        "90 123 45 67",
        "+998 (90) 123-45-67",
        " +998 90 123 45 67 ",
        "998.90.123.45.67",
    ],
)
def test_accepted_spellings_normalise_to_e164(raw):
    assert normalize_phone(raw) == "+998901234567"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "+7 901 234 56 78",
        "+99890123456",
        "+9989012345678",
        "12345",
        "+998-90-abc-45-67",
        "٩٩٨٩٠١٢٣٤٥٦٧",  # Arabic-Indic digits pass str.isdigit() but are not a phone number
        "++998901234567",
        None,
        998901234567,
    ],
)
def test_rejected_inputs(raw):
    with pytest.raises(InvalidPhoneNumber):
        normalize_phone(raw)


def test_mask_hides_the_middle():
    assert mask_phone("+998901234567") == "+99890*****67"
