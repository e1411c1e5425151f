"""Forms of the minutes area: the debates, finalising, a rectifying entry."""

from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..services.minutes_debates import MAX_SUMMARY
from . import BaseForm, max_length, options, required

CONFIRM = "Cochez la case pour confirmer : l'entrée ne pourra plus être modifiée."


class DebatesForm(BaseForm):
    """One text area per agenda item, added by ``debates_form``."""


def debates_form(items):
    """The form for ``items``: field ``item_<id>`` holds the summary of item ``id``."""

    class Form(DebatesForm):
        pass

    for item in items:
        field = TextAreaField(
            f"{item.position}. {item.title}",
            [max_length(MAX_SUMMARY)],
            description="Résumé des débats sur ce point ; une ligne vide sépare les paragraphes.",
        )
        setattr(Form, f"item_{item.id}", field)
    return Form(data={f"item_{item.id}": item.debate_summary for item in items})


def summaries(form: DebatesForm, items) -> dict[int, str]:
    return {item.id: form[f"item_{item.id}"].data or "" for item in items}


class FinaliseForm(BaseForm):
    confirm = BooleanField(
        "Je confirme que ce procès-verbal est exact et complet, et je l'inscris au registre.",
        [DataRequired(message=CONFIRM)],
    )


class RectifyForm(BaseForm):
    entry_id = SelectField("Entrée à rectifier", coerce=int, validate_choice=True)
    reason = TextAreaField(
        "Motif de la rectification",
        [
            required(),
            Length(min=10, message="Décrivez le motif en 10 caractères au moins."),
            max_length(1000),
        ],
        description="Par exemple : erreur matérielle dans le résumé des débats du point 2.",
    )
    confirm = BooleanField(
        "Je confirme l'inscription d'une entrée rectificative au registre.",
        [DataRequired(message=CONFIRM)],
    )

    def set_entries(self, entries) -> None:
        self.entry_id.choices = options(
            (entry.id, f"Entrée n° {entry.number} — {entry.title}") for entry in entries
        )
