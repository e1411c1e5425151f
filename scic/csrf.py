"""CSRF protection for every POST, with WTForms' session CSRF.

Forms derive from ``BaseForm``; a button that posts uses ``ButtonForm`` (only the
token). Whatever the view, ``check_csrf`` refuses a write without a valid token before
the view runs, so nothing changes.
"""

from datetime import timedelta

from flask import abort, current_app, request, session
from werkzeug.datastructures import CombinedMultiDict
from wtforms import Form
from wtforms.csrf.session import SessionCSRF

_AUTO = object()
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class BaseForm(Form):
    class Meta:
        csrf = True
        csrf_class = SessionCSRF
        csrf_field_name = "csrf_token"
        locales = ("fr_FR", "fr")

        @property
        def csrf_secret(self):
            return current_app.config["SECRET_KEY"].encode()

        @property
        def csrf_context(self):
            return session

        @property
        def csrf_time_limit(self):
            return timedelta(seconds=current_app.config["CSRF_TIME_LIMIT"])

    def __init__(self, formdata=_AUTO, **kwargs):
        if formdata is _AUTO:
            formdata = None
            if request.method in UNSAFE_METHODS:
                formdata = CombinedMultiDict([request.form, request.files])
        super().__init__(formdata, **kwargs)

    def validate_on_submit(self) -> bool:
        return request.method in UNSAFE_METHODS and self.validate()


class ButtonForm(BaseForm):
    """A form with nothing but the CSRF token, for action buttons."""


def check_csrf():
    if request.method not in UNSAFE_METHODS:
        return
    form = ButtonForm()
    form.validate()
    if form.csrf_token.errors:
        abort(400, description="csrf")


def init_app(app):
    app.before_request(check_csrf)
    app.jinja_env.globals["button_form"] = ButtonForm
