"""WTForms forms. Labels and messages are the French the user reads."""

from wtforms import SelectChoice
from wtforms.validators import DataRequired, Length, Regexp

from ..csrf import BaseForm, ButtonForm

REQUIRED = "Ce champ est obligatoire."


def options(pairs):
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def required():
    return DataRequired(message=REQUIRED)


def email_format():
    return Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Adresse e-mail invalide.")


def max_length(n):
    return Length(max=n, message=f"{n} caractères au maximum.")


__all__ = ["BaseForm", "ButtonForm", "email_format", "max_length", "options", "required"]
