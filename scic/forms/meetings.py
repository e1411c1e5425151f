"""Forms of the meetings area: meetings, planning, bureau, agenda, documents,
resolutions, convocation, proxies, proposals."""

from datetime import datetime

from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FileField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import URL, InputRequired, NumberRange, Optional

from ..services.meetings import KIND_LABELS, PARIS
from ..services.planning import ORDINALS, WEEKDAYS
from ..services.resolutions import KIND_LABELS as RESOLUTION_KINDS
from ..services.resolutions import MATTER_LABELS
from . import REQUIRED, BaseForm, max_length, options, required

DATETIME_HINT = "Heure de Paris."
PICKER = {"list": "associes", "autocomplete": "off"}


def aware(value: datetime | None) -> datetime | None:
    """A naive datetime typed in the form, read as Europe/Paris time."""
    return value.replace(tzinfo=PARIS) if value is not None else None


def naive(value: datetime | None) -> datetime | None:
    """The other way, to fill a form."""
    return value.astimezone(PARIS).replace(tzinfo=None) if value is not None else None


def moment(label, optional=False):
    validators = [Optional()] if optional else [InputRequired(message=REQUIRED)]
    return DateTimeLocalField(label, validators, format="%Y-%m-%dT%H:%M", description=DATETIME_HINT)


def video_field():
    return StringField(
        "Lien de visioconférence",
        [Optional(), URL(message="Une adresse web complète (https://…)."), max_length(500)],
    )


class MeetingForm(BaseForm):
    kind = SelectField("Type de réunion", choices=options(KIND_LABELS.items()))
    title = StringField(
        "Titre", [max_length(200)], description="Laissé vide : type et date de la réunion."
    )
    starts_at = moment("Début")
    ends_at = moment("Fin prévue", optional=True)
    place = StringField("Lieu", [max_length(300)])
    video_url = video_field()
    convocation_rank = SelectField(
        "Convocation",
        coerce=int,
        choices=options([(1, "Première convocation"), (2, "Deuxième convocation")]),
    )


class VideoLinkForm(BaseForm):
    video_url = video_field()


class RecurrenceForm(BaseForm):
    ordinal = SelectField("Semaine", coerce=int, choices=options(ORDINALS.items()))
    weekday = SelectField("Jour", coerce=int, choices=options(enumerate(WEEKDAYS)))
    start_time = TimeField("Heure de début", [required()], description=DATETIME_HINT)
    duration_minutes = IntegerField(
        "Durée (minutes)", [NumberRange(15, 720, message="Entre 15 et 720 minutes.")], default=120
    )
    place = StringField("Lieu habituel", [max_length(300)])
    video_url = video_field()
    months_ahead = IntegerField(
        "Mois planifiés à l'avance",
        [NumberRange(1, 12, message="Entre 1 et 12 mois.")],
        default=3,
    )


class BureauForm(BaseForm):
    chair = StringField("Président(e) de séance", [required(), max_length(200)], render_kw=PICKER)
    secretary = StringField(
        "Secrétaire de séance",
        [max_length(200)],
        description="Un associé de la liste, ou toute autre personne (nom libre).",
        render_kw=PICKER,
    )
    scrutateur_1 = StringField("Premier scrutateur", [max_length(200)], render_kw=PICKER)
    scrutateur_2 = StringField("Second scrutateur", [max_length(200)], render_kw=PICKER)


class AgendaItemForm(BaseForm):
    title = StringField("Intitulé", [required(), max_length(200)])
    description = TextAreaField(
        "Description",
        description="Markdown : **gras**, *italique*, listes avec « - », liens [texte](https://…).",
    )
    presenter = StringField("Présenté par", [max_length(200)])
    duration_minutes = IntegerField(
        "Durée (minutes)",
        [Optional(), NumberRange(1, 1440, message="Entre 1 et 1 440 minutes.")],
    )


class DocumentForm(BaseForm):
    file = FileField("Fichier", description="PDF, ODT/ODS/ODP ou image, 10 Mo au plus.")
    agenda_item_id = SelectField("Point de l'ordre du jour", coerce=int)


class ResolutionForm(BaseForm):
    title = StringField("Titre", [required(), max_length(200)])
    text = TextAreaField("Texte de la résolution", [required()])
    kind = SelectField("Majorité", choices=options(RESOLUTION_KINDS.items()))
    matter = SelectField("Objet", choices=options(MATTER_LABELS.items()))
    board_supports = SelectField(
        "Avis du conseil",
        choices=options([("yes", "Favorable"), ("no", "Défavorable"), ("", "Sans avis")]),
        description="Les pouvoirs en blanc votent pour si l'avis est favorable, contre sinon.",
    )
    secret = BooleanField("Vote à bulletin secret")
    vote_opens_at = moment("Ouverture du vote", optional=True)
    vote_closes_at = moment("Clôture du vote", optional=True)
    agenda_item_id = SelectField("Point de l'ordre du jour", coerce=int)


class ConveneForm(BaseForm):
    override_reason = TextAreaField(
        "Motif de la dérogation au délai",
        [max_length(500)],
        description="Obligatoire seulement si le délai légal n'est plus respecté ; consigné.",
    )


class LettersPostedForm(BaseForm):
    posted_on = DateField("Date de dépôt des courriers", [required()])


class SecondConvocationForm(BaseForm):
    starts_at = moment("Date de la deuxième réunion")


class ProxyForm(BaseForm):
    kind = RadioField(
        "Je donne mon pouvoir",
        choices=options(
            [("named", "à un associé que je désigne"), ("blank", "en blanc, au président")]
        ),
        default="named",
    )
    holder = StringField(
        "Mandataire",
        [max_length(200)],
        description="Tapez un nom et choisissez dans la liste, ou le numéro d'associé.",
        render_kw=PICKER,
    )


class PaperProxyForm(ProxyForm):
    principal = StringField("Associé représenté", [required(), max_length(200)], render_kw=PICKER)


class ProposalForm(BaseForm):
    title = StringField("Titre", [required(), max_length(200)])
    body = TextAreaField("Votre proposition", [required()])
    meeting_id = SelectField("Pour la réunion", coerce=int)


class CommentForm(BaseForm):
    body = TextAreaField("Commentaire du conseil", [required()])


class AcceptForm(BaseForm):
    meeting_id = SelectField("Inscrire à la réunion", coerce=int)
    as_resolution = BooleanField("En faire aussi une résolution soumise au vote")
    kind = SelectField("Majorité", choices=options(RESOLUTION_KINDS.items()))
    matter = SelectField("Objet", choices=options(MATTER_LABELS.items()))


class DeclineForm(BaseForm):
    reason = TextAreaField("Motif communiqué à l'auteur", [required(), max_length(1000)])
