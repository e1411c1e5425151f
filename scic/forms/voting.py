from wtforms import BooleanField, HiddenField, IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange

from . import BaseForm, options

CHOICE_OPTIONS = [("for", "Pour"), ("against", "Contre"), ("abstain", "Abstention")]


class BallotForm(BaseForm):
    choice = RadioField(
        "Votre vote",
        choices=options(CHOICE_OPTIONS),
        validators=[InputRequired(message="Choisissez Pour, Contre ou Abstention.")],
    )
    principal_id = HiddenField()
    replaces = HiddenField(default="0")
    email_receipt = BooleanField("M'envoyer le reçu par e-mail")


def _count(label):
    return IntegerField(
        label,
        default=0,
        validators=[
            InputRequired(message="Indiquez un nombre (0 si personne)."),
            NumberRange(min=0, message="Un nombre positif ou nul."),
        ],
        render_kw={"inputmode": "numeric", "min": "0"},
    )


class RoomCountForm(BaseForm):
    college_id = HiddenField()
    votes_for = _count("Pour")
    votes_against = _count("Contre")
    abstentions = _count("Abstentions")


class NamedVoteForm(BaseForm):
    member_number = IntegerField(
        "Numéro d'associé",
        validators=[InputRequired(message="Indiquez le numéro de l'associé.")],
        render_kw={"inputmode": "numeric"},
    )
    choice = RadioField(
        "Vote",
        choices=options(CHOICE_OPTIONS),
        validators=[InputRequired(message="Choisissez Pour, Contre ou Abstention.")],
    )
