"""Other pupils replaced by neutral labels ("leerling A", "leerling B") in what leaves the
school about one pupil: the inzage export (art. 15 AVG) and the transfer summary.

A pupil involved alongside the subject gets a label the first time they appear, and keeps it
throughout the document. Free text written by staff may name any pupil, so every other
pupil's full name, first name and last name in it is replaced too (whole words, any case);
a word that is also part of the subject's own name is left alone. That can replace an
ordinary word that happens to be a pupil's name: in a document about a child, a word too
many removed is the safe side.
"""

import re
from string import ascii_uppercase

from django.utils.translation import gettext as _

from cases.models import Pupil


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_uppercase[rest] + letters
    return letters


class Redactor:
    """Labels for the other pupils of one document, and free text with their names replaced."""

    def __init__(self, subject: Pupil, others: list[tuple[int, str, str, str]]) -> None:
        """`others`: (pk, first name, infix, last name) of every other pupil of the school."""
        self.subject = subject
        self._labels: dict[int, str] = {}
        own_words = {
            word.lower()
            for word in f"{subject.first_name} {subject.infix} {subject.last_name}".split()
        }
        names: dict[str, int] = {}
        for pk, first, infix, last in others:
            full = " ".join(part for part in (first, infix, last) if part)
            for name in (full, f"{first} {last}", first, f"{infix} {last}".strip(), last):
                name = " ".join(name.split())
                if name and name.lower() not in own_words and len(name) > 1:
                    names.setdefault(name.lower(), pk)
        self._names = names
        # Longest names first, so that a full name is replaced as one.
        alternatives = sorted(names, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(name) for name in alternatives) + r")(?!\w)",
                re.IGNORECASE,
            )
            if alternatives
            else None
        )

    def label(self, pupil_id: int) -> str:
        if pupil_id == self.subject.pk:
            return self.subject.full_name
        if pupil_id not in self._labels:
            self._labels[pupil_id] = _("pupil %(letter)s") % {"letter": _letters(len(self._labels))}
        return self._labels[pupil_id]

    def text(self, value: str) -> str:
        if not value or self._pattern is None:
            return value
        return self._pattern.sub(lambda match: self.label(self._names[match[0].lower()]), value)


def redactor_for(subject: Pupil) -> Redactor:
    """A redactor knowing every other pupil of the subject's school (one query)."""
    others = list(
        Pupil.objects.filter(school_id=subject.school_id)
        .exclude(pk=subject.pk)
        .order_by("pk")
        .values_list("pk", "first_name", "infix", "last_name")
    )
    return Redactor(subject, others)
