"""Forms of the register: members, movements, colleges, categories, import, contact."""

import re
from decimal import Decimal, InvalidOperation

from wtforms import (
    BooleanField,
    DateField,
    FileField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp

from ..models.member import CATEGORY_KINDS
from . import REQUIRED, BaseForm, email_format, max_length, options, required

EXIT_LABELS = {
    "resigned": "Démission",
    "excluded": "Exclusion",
    "radiated": "Radiation",
    "deceased": "Décès",
    "dissolved": "Dissolution (personne morale)",
}
KIND_LABELS = {
    "salaries": "Salariés",
    "producteurs": "Producteurs",
    "beneficiaires": "Bénéficiaires",
    "collectivites": "Collectivités publiques",
    "autres": "Autres",
}
DATE_HINT = "Date au format JJ/MM/AAAA."
NUMERIC = {"inputmode": "numeric"}


class EurosField(StringField):
    """An amount in euros typed the French way (« 1 234,50 »), kept as integer cents."""

    def process_formdata(self, valuelist):
        self.data = None
        raw = re.sub(r"[\s\u00a0\u202f€]", "", valuelist[0] if valuelist else "")
        if not raw:
            return
        try:
            cents = Decimal(raw.replace(",", ".")) * 100
        except InvalidOperation:
            cents = Decimal("NaN")
        if not cents.is_finite() or cents < 0 or cents % 1:
            raise ValueError("Montant invalide : écrivez par exemple 1 250,50.")
        self.data = int(cents)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return f"{self.data // 100},{self.data % 100:02d}"


def typed():
    """Something was typed; whether it reads as a date or an amount is the field's own
    message (DataRequired would hide it behind « obligatoire »)."""
    return InputRequired(message=REQUIRED)


def euros(label, optional=False, **kwargs):
    validators = [Optional()] if optional else [typed()]
    return EurosField(label, validators, render_kw={"inputmode": "decimal"}, **kwargs)


def day(label, optional=False, **kwargs):
    return DateField(label, [Optional()] if optional else [typed()], **kwargs)


def parts_field(label, **kwargs):
    message = "Un nombre entier de parts, au moins 1."
    return IntegerField(
        label, [required(), NumberRange(1, 10**9, message=message)], render_kw=NUMERIC, **kwargs
    )


class MemberForm(BaseForm):
    person_kind = SelectField(
        "Type d'associé",
        choices=options([("natural", "Personne physique"), ("legal", "Personne morale")]),
    )
    first_name = StringField("Prénom", [max_length(100)])
    last_name = StringField(
        "Nom",
        [max_length(100)],
        description="Pour une personne morale : laissé vide, la raison sociale.",
    )
    company_name = StringField("Raison sociale", [max_length(200)])
    siren = StringField(
        "SIREN",
        [Optional(), Regexp(r"^\d{9}$", message="Le SIREN compte exactement 9 chiffres.")],
        render_kw=NUMERIC,
    )
    representative = StringField("Représentant légal", [max_length(200)])
    birth_date = day("Date de naissance", optional=True)
    email = StringField("Adresse e-mail", [Optional(), email_format(), max_length(254)])
    phone = StringField("Téléphone", [max_length(30)])
    address = TextAreaField("Adresse postale", [max_length(400)], render_kw={"rows": 3})
    category_id = SelectField("Catégorie", coerce=int, validators=[required()])
    college_id = SelectField("Collège de vote", coerce=int)
    convocation_by_email = BooleanField("Accepte d'être convoqué par e-mail")
    applied_on = day("Date de la candidature")


class AdmitForm(BaseForm):
    admitted_on = day("Date d'admission")
    body = StringField("Organe qui décide l'admission", [required(), max_length(200)])
    parts = parts_field("Parts souscrites")
    paid = euros("Montant libéré à la souscription", description="Au moins le quart, en euros.")


class ExitForm(BaseForm):
    status = SelectField("Motif de sortie", choices=options(EXIT_LABELS.items()))
    exit_on = day("Date de sortie")
    cause = StringField("Cause ou précision", [max_length(300)])
    body = StringField(
        "Organe qui décide",
        [max_length(200)],
        description="Obligatoire pour une exclusion (AGE) ou une radiation.",
    )
    amount = euros(
        "Montant à rembourser",
        optional=True,
        description="Laissé vide : la valeur nominale des parts ; moins en cas de pertes.",
    )


class CollegeChangeForm(BaseForm):
    college_id = SelectField("Nouveau collège", coerce=int, validators=[required()])
    effective_from = day("Date d'effet")
    decision = StringField("Décision", [max_length(300)])


class SubscriptionForm(BaseForm):
    parts = parts_field("Parts souscrites")
    paid = euros("Montant libéré immédiatement", description="Au moins le quart, en euros.")
    occurred_on = day("Date")
    note = StringField("Note", [max_length(300)])


class PaymentForm(BaseForm):
    amount = euros("Montant versé")
    occurred_on = day("Date")
    note = StringField("Note", [max_length(300)])


class RequestForm(BaseForm):
    parts = parts_field("Parts à rembourser")
    amount = euros(
        "Montant à rembourser",
        optional=True,
        description="Laissé vide : la valeur nominale ; moins en cas de pertes.",
    )
    occurred_on = day("Date de la demande")
    note = StringField("Note", [max_length(300)])


class ReverseForm(BaseForm):
    reason = StringField("Motif de l'annulation", [required(), max_length(300)])


class CollegeForm(BaseForm):
    code = StringField(
        "Code", [required(), max_length(10)], description="Court et stable, par exemple SAL."
    )
    name = StringField("Nom", [required(), max_length(120)])
    description = TextAreaField("Description", [max_length(500)], render_kw={"rows": 2})
    position = IntegerField("Ordre d'affichage", [Optional()], render_kw=NUMERIC)


class CategoryForm(BaseForm):
    code = StringField(
        "Code", [required(), max_length(20)], description="Minuscules, par exemple habitants."
    )
    name = StringField("Nom", [required(), max_length(120)])
    kind = SelectField("Type", choices=options((k, KIND_LABELS[k]) for k in CATEGORY_KINDS))
    is_public_body = BooleanField("Collectivités publiques (plafond de 50 % du capital)")
    min_parts = IntegerField(
        "Parts minimales par associé",
        [required(), NumberRange(1, 10**6, message="Au moins 1.")],
        default=1,
        render_kw=NUMERIC,
    )


class WeightsBase(BaseForm):
    effective_from = day("Date d'effet")
    decision = StringField(
        "Décision", [required(), max_length(300)], description="Par exemple : AGE du 12 juin 2025."
    )


def weights_form(colleges, formdata_defaults=None):
    """A form with one weight field per college (empty: not in this set)."""

    class WeightsForm(WeightsBase):
        pass

    for college in colleges:
        field = StringField(
            f"{college.name} ({college.code})",
            [Optional(), Regexp(r"^\s*\d{1,3}([.,]\d{1,2})?\s*$", message="Par exemple 33,34.")],
            render_kw={"inputmode": "decimal"},
            description="En %, au centième ; vide : collège absent de ce jeu de poids.",
        )
        setattr(WeightsForm, f"weight_{college.id}", field)
    return WeightsForm(**(formdata_defaults or {}))


def weight_values(form, colleges) -> dict:
    values = {}
    for college in colleges:
        raw = (getattr(form, f"weight_{college.id}").data or "").strip().replace(",", ".")
        values[college.id] = Decimal(raw) if raw else None
    return values


class ImportForm(BaseForm):
    file = FileField("Fichier CSV", [required()])


class ContactForm(BaseForm):
    email = StringField("Adresse e-mail", [Optional(), email_format(), max_length(254)])
    phone = StringField("Téléphone", [max_length(30)])
    address = TextAreaField("Adresse postale", [max_length(400)], render_kw={"rows": 3})
    convocation_by_email = BooleanField("J'accepte d'être convoqué(e) aux assemblées par e-mail")
