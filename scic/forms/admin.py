from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..services.settings import parse_fraction
from . import BaseForm, email_format, max_length, options, required

ROLE_LABELS = {
    "member": "Sociétaire",
    "secretary": "Secrétaire de séance",
    "board": "Conseil / gérance",
    "admin": "Administrateur",
}


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class InviteForm(BaseForm):
    member_id = SelectField("Associé à inviter", coerce=int, validators=[required()])
    roles = CheckboxList(
        "Rôles", choices=options(ROLE_LABELS.items()), default=["member"], validators=[required()]
    )


class StaffForm(BaseForm):
    email = EmailField("Adresse e-mail", [required(), email_format(), max_length(254)])
    display_name = StringField("Nom affiché", [required(), max_length(200)])
    roles = CheckboxList(
        "Rôles",
        choices=options([(k, v) for k, v in ROLE_LABELS.items() if k != "member"]),
        validators=[required()],
    )


class RolesForm(BaseForm):
    roles = CheckboxList("Rôles", choices=options(ROLE_LABELS.items()), validators=[required()])
    active = BooleanField("Compte actif")


def fraction_field(label):
    def check(_form, field):
        try:
            parse_fraction(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    return StringField(
        label, [required(), check], description="Fraction, par exemple 1/5 ; 0 pour aucun."
    )


def count_field(label, low=0, high=1000):
    msg = f"Entre {low} et {high}."
    return IntegerField(
        label, [NumberRange(low, high, message=msg)], render_kw={"inputmode": "numeric"}
    )


class SettingsForm(BaseForm):
    name = StringField("Raison sociale", [required(), max_length(200)])
    legal_form = SelectField(
        "Forme juridique",
        choices=options(
            [
                ("SA", "SA coopérative"),
                ("SAS", "SAS coopérative"),
                ("SARL", "SARL coopérative"),
            ]
        ),
    )
    head_office = StringField("Siège social", [required(), max_length(300)])
    siren = StringField(
        "SIREN",
        [Optional(), Regexp(r"^\d{9}$", message="Le SIREN compte exactement 9 chiffres.")],
    )
    rcs_city = StringField("Ville du RCS", [Optional(), max_length(100)])
    share_nominal_cents = IntegerField(
        "Valeur nominale d'une part (centimes)",
        [NumberRange(1, 10**9, message="Un montant positif, en centimes.")],
    )
    min_parts_per_member = count_field("Nombre minimal de parts par associé", 1, 10**6)
    statutory_capital_floor_cents = IntegerField(
        "Capital minimal statutaire (centimes)",
        [NumberRange(0, 10**12, message="Un montant positif ou nul, en centimes.")],
    )
    uses_colleges = BooleanField("Les statuts instituent des collèges de vote")
    quorum_ago_first = fraction_field("Quorum AGO, 1re convocation")
    quorum_ago_second = fraction_field("Quorum AGO, 2e convocation")
    quorum_age_first = fraction_field("Quorum AGE, 1re convocation")
    quorum_age_second = fraction_field("Quorum AGE, 2e convocation")
    majority_ordinary = fraction_field("Majorité ordinaire (strictement plus de)")
    majority_extraordinary = fraction_field("Majorité extraordinaire (au moins)")
    abstentions = SelectField(
        "Abstentions",
        choices=options(
            [
                ("not_cast", "Non comptées dans les suffrages exprimés"),
                ("against", "Comptées dans la base (valent un vote contre)"),
            ]
        ),
    )
    empty_college = SelectField(
        "Poids d'un collège sans suffrage exprimé",
        choices=options(
            [
                ("proportional", "Réparti proportionnellement"),
                ("equal", "Réparti à parts égales"),
            ]
        ),
    )
    college_vote = SelectField(
        "Vote des collèges",
        choices=options(
            [("proportional", "Proportionnel"), ("bloc", "En bloc (majorité du collège)")]
        ),
    )
    min_published_voters = count_field(
        "Scrutin secret : votants minimum pour publier un collège", 1, 100
    )
    proxy_cap = count_field("Pouvoirs maximum par mandataire", 1, 1000)
    proxy_to_partner = BooleanField("Pouvoir au conjoint ou partenaire autorisé")
    postal_votes_allowed = BooleanField("Vote par correspondance autorisé")
    postal_deadline_days = count_field("Formulaire papier : jours avant la réunion", 0, 3)
    electronic_postal_deadline_hour = count_field(
        "Formulaire électronique : heure limite la veille", 0, 15
    )
    remote_counts_as_present = BooleanField("La participation à distance vaut présence")
    convocation_delay_days = count_field("Délai de convocation (jours)", 15, 365)
    convocation_delay_days_second = count_field("Délai, 2e convocation (jours)", 10, 365)
    reimbursement_delay_years = count_field("Délai de remboursement des parts (années)", 0, 5)
    monthly_meetings_binding = BooleanField("Les votes des réunions mensuelles sont décisionnels")
    board_casting_vote = BooleanField("Voix prépondérante du président au conseil")
