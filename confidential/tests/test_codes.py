import math
import re

import pytest
from django.test import override_settings

from confidential.codes import (
    ALPHABET,
    CODE_BITS,
    CODE_LENGTH,
    format_code,
    generate_code,
    is_well_formed,
    normalize_code,
)
from confidential.models import ConfidentialReport
from confidential.services import report_find_by_code, report_submit

pytestmark = pytest.mark.django_db


def test_a_code_carries_at_least_80_bits_of_chance():
    assert len(set(ALPHABET)) == 32
    assert CODE_LENGTH * math.log2(len(ALPHABET)) >= 80
    assert CODE_BITS >= 80


def test_generated_codes_use_only_unambiguous_symbols_and_differ():
    codes = {generate_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert len(code) == CODE_LENGTH
        assert not set(code) & set("ILOU")
        assert is_well_formed(code)
    # Every symbol turns up: the codes are drawn from the whole alphabet.
    assert set("".join(codes)) == set(ALPHABET)


def test_a_code_is_shown_in_four_groups_of_four():
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", format_code(generate_code()))


def test_typed_codes_ignore_case_dashes_spaces_and_look_alike_letters():
    assert normalize_code(" k7qf-2m9x ht4p_z8rd ") == "K7QF2M9XHT4PZ8RD"
    assert normalize_code("OIL0-0000-0000-0000") == "0110000000000000"


def test_the_database_keeps_hashes_of_the_code_never_the_code_itself(submitted):
    report, code = submitted
    row = ConfidentialReport.objects.filter(pk=report.pk).values().get()
    for variant in (code, format_code(code), code.lower()):
        assert not any(variant in str(value) for value in row.values())
    assert len(row["code_hash"]) == 64
    assert row["code_hash"] != row["code_lookup"]


def test_the_code_finds_its_report_however_it_is_typed(submitted):
    report, code = submitted
    assert report_find_by_code(raw_code=format_code(code).lower()) == report
    assert report_find_by_code(raw_code=" ".join(code)) == report


def test_a_code_one_symbol_off_finds_nothing(submitted):
    report, code = submitted
    other = ALPHABET[(ALPHABET.index(code[-1]) + 1) % len(ALPHABET)]
    assert report_find_by_code(raw_code=code[:-1] + other) is None


def test_a_malformed_code_finds_nothing(submitted):
    assert report_find_by_code(raw_code="hallo") is None
    assert report_find_by_code(raw_code="") is None


def test_codes_keep_working_while_the_old_secret_key_is_a_fallback(settings):
    with override_settings(SECRET_KEY="old-secret-key-for-this-test-only-0123456789"):
        report, code = report_submit(
            reporter_kind="staff",
            is_anonymous=True,
            message="Ik maak me zorgen om een leerling.",
            consent_to_forward=False,
        )
    with override_settings(
        SECRET_KEY="new-secret-key-for-this-test-only-9876543210",
        SECRET_KEY_FALLBACKS=["old-secret-key-for-this-test-only-0123456789"],
    ):
        assert report_find_by_code(raw_code=code) == report
    with override_settings(SECRET_KEY="new-secret-key-for-this-test-only-9876543210"):
        assert report_find_by_code(raw_code=code) is None
