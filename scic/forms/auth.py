from wtforms import BooleanField, EmailField, PasswordField

from . import BaseForm, email_format, max_length, required


class LoginForm(BaseForm):
    email = EmailField("Adresse e-mail", [required(), email_format(), max_length(254)])
    password = PasswordField("Mot de passe", [required()])
    remember = BooleanField("Rester connecté sur cet appareil")


class PasswordForm(BaseForm):
    password = PasswordField("Nouveau mot de passe", [required()])
    confirm = PasswordField("Confirmation du mot de passe", [required()])


class ResetRequestForm(BaseForm):
    email = EmailField("Adresse e-mail", [required(), email_format(), max_length(254)])
