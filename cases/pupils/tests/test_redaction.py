"""Other pupils become "leerling A", "leerling B" in free text and in lists alike (read here
in English: "pupil A")."""

import pytest
from django.utils import translation

from cases.pupils.redaction import Redactor, redactor_for
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_labels():
    with translation.override("en"):
        yield


def test_names_in_free_text_become_labels_the_subjects_own_stays(pupil_5, pupil_5b, pupil_7):
    redactor = redactor_for(pupil_5)

    text = redactor.text("Sem Bakker duwde Lotte van Dam; later riep noah smit naar Lotte.")

    assert text == "Sem Bakker duwde pupil A; later riep pupil B naar pupil A."


def test_a_pupil_keeps_one_label_in_lists_and_text(pupil_5, pupil_5b, pupil_7):
    redactor = redactor_for(pupil_5)

    assert redactor.label(pupil_7.pk) == "pupil A"
    assert redactor.text("Noah lachte.") == "pupil A lachte."
    assert redactor.label(pupil_5b.pk) == "pupil B"
    assert redactor.label(pupil_5.pk) == "Sem Bakker"


def test_a_sibling_with_the_same_last_name_is_replaced_the_subject_not(pupil_5, group_5):
    PupilFactory(school=group_5.school, group=group_5, first_name="Daan", last_name="Bakker")

    text = redactor_for(pupil_5).text("Daan Bakker en Sem Bakker; Daan huilde.")

    assert text == "pupil A en Sem Bakker; pupil A huilde."


def test_parts_of_words_are_left_alone(pupil_5, pupil_7):
    # "Noah" inside "Noahsark" is no name; "Smit" inside "smitten" neither.
    assert redactor_for(pupil_5).text("Noahsark, smitten.") == "Noahsark, smitten."


def test_labels_go_on_after_z(pupil_5):
    redactor = Redactor(pupil_5, [])

    labels = [redactor.label(1000 + n) for n in range(28)]

    assert labels[25:] == ["pupil Z", "pupil AA", "pupil AB"]


def test_special_characters_in_names_are_taken_literally(pupil_5, group_5):
    PupilFactory(school=group_5.school, group=group_5, first_name="Zoë (Z)", last_name="O'Neil")

    assert redactor_for(pupil_5).text("Zoë (Z) en O'Neil.") == "pupil A en pupil A."
