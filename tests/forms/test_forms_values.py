"""Answer types: what people type is normalized, checked and shown back in each language."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from intake_app.domain.values import (
    ValueProblem,
    format_a_number,
    format_phone,
    normalize_phone,
    normalize_us_state,
)
from intake_app.forms import Issue, display_value, normalize, validate, validate_value
from tests.forms.conftest import TODAY


def problem(form, question_id, raw):
    with pytest.raises(ValueProblem) as caught:
        normalize(form.question(question_id), raw)
    return caught.value.code, caught.value.params


# --- A-number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("A123-456-789", "123456789"),
        ("a 12345678", "012345678"),
        ("A# 1234 5678", "012345678"),
        ("12345678", "012345678"),
        (" 123.456.789 ", "123456789"),
    ],
)
def test_a_number_is_stored_as_nine_digits(interview, typed, stored):
    assert normalize(interview.question("a_number"), typed) == stored


def test_a_number_of_eight_digits_displays_with_its_leading_zero(interview):
    assert format_a_number("012345678") == "A012-345-678"
    stored = normalize(interview.question("a_number"), "a 12345678")
    assert display_value(interview, "a_number", stored, "es") == "A012-345-678"


@pytest.mark.parametrize("typed", ["1234567", "1234567890", "B12345678", "A12-34x-5678"])
def test_a_number_of_the_wrong_length_or_with_letters_is_a_format_problem(interview, typed):
    assert problem(interview, "a_number", typed) == ("format", {})


# --- phone ----------------------------------------------------------------------------------


def test_a_us_phone_typed_without_plus_one_is_stored_e164_and_shown_national(interview):
    stored = normalize(interview.question("sponsor_phone"), "(312) 555-0100")
    assert stored == "+13125550100"
    assert display_value(interview, "sponsor_phone", stored, "en") == "(312) 555-0100"


def test_a_mexican_phone_is_stored_e164_and_shown_international(interview):
    stored = normalize(interview.question("sponsor_phone"), "+52 55 1234 5678")
    assert stored == "+525512345678"
    assert format_phone(stored) == "+52 55 1234 5678"


def test_a_mexican_mobile_written_with_the_old_1_is_accepted():
    assert normalize_phone("+52 1 55 1234 5678") == "+525512345678"


def test_a_guatemalan_phone_is_stored_e164_and_shown_international(interview):
    for typed, stored in [
        ("+502 5123 4567", "+50251234567"),
        ("011 502 2123 4567", "+50221234567"),
    ]:
        assert normalize(interview.question("sponsor_phone"), typed) == stored
    assert display_value(interview, "sponsor_phone", "+50251234567", "es") == "+502 5123 4567"


@pytest.mark.parametrize("typed", ["555-0100", "123-456-7890", "call me", "+1 999 555 0100"])
def test_an_impossible_phone_is_a_format_problem(interview, typed):
    assert problem(interview, "sponsor_phone", typed) == ("format", {})


# --- state, ZIP, email ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [("il", "IL"), ("Illinois", "IL"), ("dc", "DC"), ("Puerto Rico", "PR"), ("gu", "GU"),
     ("vi", "VI"), ("as", "AS"), ("mp", "MP"), ("Nueva York", "NY"), ("carolina del norte", "NC")],
)  # fmt: skip
def test_a_us_state_is_stored_as_its_usps_code(typed, code):
    assert normalize_us_state(typed) == code


def test_every_state_dc_and_five_territories_are_accepted(interview):
    from intake_app.domain.values import US_STATES

    assert len(US_STATES) == 56
    question = interview.question("arrest_state")
    assert all(normalize(question, code.lower()) == code for code in US_STATES)


def test_an_unknown_state_is_a_format_problem(interview):
    assert problem(interview, "arrest_state", "Ontario") == ("format", {})


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("60601", "60601"), ("60601-1234", "60601-1234"), ("606011234", "60601-1234")],
)
def test_a_zip_code_has_five_or_five_plus_four_digits(interview, typed, stored):
    assert normalize(interview.question("arrest_zip"), typed) == stored


@pytest.mark.parametrize("typed", ["6060", "60601-12", "ABCDE"])
def test_a_malformed_zip_code_is_a_format_problem(interview, typed):
    assert problem(interview, "arrest_zip", typed) == ("format", {})


def test_email_gets_a_sanity_check_only(interview):
    question = interview.question("sponsor_email")
    assert normalize(question, " Rosa.Diaz@Example.ORG ") == "Rosa.Diaz@example.org"
    assert problem(interview, "sponsor_email", "rosa@localhost") == ("format", {})
    assert problem(interview, "sponsor_email", "rosa diaz@example.org") == ("format", {})


# --- dates and times ------------------------------------------------------------------------


def test_a_birth_date_in_the_future_is_after_today(interview):
    issues = validate(interview, {"detainee_birth_date": "2026-03-05"}, today=TODAY)
    assert Issue("detainee_birth_date", "after", {"date": "2026-03-04", "today": True}) in issues


def test_today_itself_is_not_in_the_future(interview):
    issues = validate(interview, {"detainee_birth_date": "2026-03-04"}, today=TODAY)
    assert not [i for i in issues if i.question_id == "detainee_birth_date"]


def test_an_arrest_before_the_birth_date_is_before_that_date(interview):
    answers = {"detainee_birth_date": "1990-05-01", "arrest_date": "1990-04-30"}
    issues = [
        i for i in validate(interview, answers, today=TODAY) if i.question_id == "arrest_date"
    ]
    assert issues == [
        Issue("arrest_date", "before", {"date": "1990-05-01", "field": "detainee_birth_date"})
    ]


@pytest.mark.parametrize("typed", ["2026-02-30", "04/03/2026", "2026-3-4", "yesterday"])
def test_a_date_that_is_not_a_real_iso_date_is_a_format_problem(interview, typed):
    assert problem(interview, "arrest_date", typed) == ("format", {})


def test_a_date_object_is_stored_as_iso_text(interview):
    assert normalize(interview.question("arrest_date"), dt.date(2026, 1, 9)) == "2026-01-09"


@pytest.mark.parametrize(
    ("typed", "stored"), [("9:05", "09:05"), ("21:05", "21:05"), ("9:05 pm", "21:05"),
                          ("12:30 a.m.", "00:30")]
)  # fmt: skip
def test_a_time_is_stored_on_a_24_hour_clock(interview, typed, stored):
    assert normalize(interview.question("arrest_time"), typed) == stored


@pytest.mark.parametrize("typed", ["24:00", "9:60", "13:00 pm", "noon"])
def test_an_impossible_time_is_a_format_problem(interview, typed):
    assert problem(interview, "arrest_time", typed) == ("format", {})


# --- numbers and money ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"), [("1,200.50", 1200.5), ("$300", 300), ("12,5", 12.5), ("7", 7), (3.0, 3)]
)
def test_numbers_and_money_accept_grouping_and_a_dollar_sign(interview, typed, stored):
    value = normalize(interview.question("incident_fine"), typed)
    assert value == stored and type(value) is type(stored)


def test_a_number_outside_min_and_max_is_out_of_range(interview):
    answers = {"detainee_has_condition": "yes", "detainee_missed_doses": "yes"}
    issues = validate_value(interview, "detainee_missed_dose_days", "400", answers)
    assert issues == [Issue("detainee_missed_dose_days", "out_of_range", {"min": 1, "max": 365})]


def test_words_in_a_number_are_a_format_problem(interview):
    assert problem(interview, "years_at_address", "diez") == ("format", {})


# --- text -----------------------------------------------------------------------------------


def test_text_is_trimmed_and_keeps_accents_and_emoji(interview):
    typed = "  Peña Muñoz, Ángel Güereca 🙏  "
    assert normalize(interview.question("detainee_family_names"), typed) == typed.strip()


def test_text_typed_with_combining_accents_is_stored_composed(interview):
    decomposed = unicodedata.normalize("NFD", "Muñoz")
    stored = normalize(interview.question("detainee_family_names"), decomposed)
    assert stored == "Muñoz" and len(stored) == 5


def test_ten_thousand_characters_are_accepted_and_one_more_is_too_long(interview):
    question = interview.question("home_address")
    assert len(normalize(question, "ñ" * 10_000)) == 10_000
    assert problem(interview, "home_address", "ñ" * 10_001) == ("too_long", {"max": 10_000})


def test_blank_text_is_stored_as_nothing(interview):
    assert normalize(interview.question("home_address"), "   \n") is None


# --- yes/no and choices ---------------------------------------------------------------------


def test_yes_no_accepts_spanish_and_unknown_only_when_allowed(interview):
    assert normalize(interview.question("sole_breadwinner"), "Sí") == "yes"
    assert normalize(interview.question("sole_breadwinner"), False) == "no"
    assert normalize(interview.question("was_target"), "unknown") == "unknown"
    assert problem(interview, "sole_breadwinner", "unknown")[0] == "unknown_choice"


def test_a_choice_that_is_not_in_the_list_is_unknown_choice(interview):
    assert problem(interview, "arrest_setting", "car") == ("unknown_choice", {"choice": "car"})
    multi = interview.question("detainer_probable_cause_basis")
    assert normalize(multi, ["statements", "statements", "final_order"]) == [
        "statements",
        "final_order",
    ]
    assert problem(interview, "detainer_probable_cause_basis", ["guess"])[0] == "unknown_choice"


# --- display --------------------------------------------------------------------------------


def test_display_value_speaks_the_requested_language(interview):
    assert display_value(interview, "arrest_date", "2026-03-04", "es") == "4 de marzo de 2026"
    assert display_value(interview, "arrest_date", "2026-03-04", "en") == "March 4, 2026"
    assert display_value(interview, "sole_breadwinner", "yes", "es") == "Sí"
    assert display_value(interview, "was_target", "unknown", "en") == "Unknown"
    assert display_value(interview, "arrest_setting", "vehicle_stop", "es") == "Parada de tráfico"
    basis = ["final_order", "statements"]
    shown = display_value(interview, "detainer_probable_cause_basis", basis, "es")
    assert shown == "Orden final y Declaraciones"
    assert display_value(interview, "incident_fine", 1200.5, "en") == "$1,200.50"


def test_display_value_of_a_blank_or_odd_answer_never_raises(interview):
    assert display_value(interview, "arrest_date", None, "es") == ""
    assert display_value(interview, "arrest_date", "someday", "es") == "someday"
    assert display_value(interview, "arrest_setting", "gone", "es") == "gone"
