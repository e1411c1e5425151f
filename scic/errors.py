"""Error pages in French."""

from flask import render_template

MESSAGES = {
    400: ("Requête invalide", "La requête n'a pas pu être traitée."),
    403: ("Accès refusé", "Vous n'avez pas les droits nécessaires pour accéder à cette page."),
    404: ("Page introuvable", "La page demandée n'existe pas ou a été déplacée."),
    405: ("Méthode non autorisée", "Cette action n'est pas possible depuis cette page."),
    413: ("Fichier trop volumineux", "Le fichier envoyé dépasse la taille autorisée."),
    500: (
        "Erreur interne",
        "Une erreur inattendue s'est produite. Aucune modification n'a été enregistrée.",
    ),
}
CSRF_MESSAGE = (
    "Formulaire expiré",
    "Le jeton de sécurité du formulaire est absent, invalide ou expiré. Aucune modification "
    "n'a été enregistrée : rechargez la page et recommencez.",
)


def render_error(error):
    code = getattr(error, "code", 500) or 500
    title, message = MESSAGES.get(code, MESSAGES[500])
    if code == 400 and getattr(error, "description", "") == "csrf":
        title, message = CSRF_MESSAGE
    return render_template("errors/error.html", code=code, title=title, message=message), code


def init_app(app):
    for code in MESSAGES:
        app.register_error_handler(code, render_error)
