"""Colleges and their weights, categories (admin); CSV import (board) and export."""

import base64
import binascii

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from ..auth import roles_required
from ..db import get_session
from ..forms.register import (
    KIND_LABELS,
    CategoryForm,
    CollegeForm,
    ImportForm,
    weight_values,
    weights_form,
)
from ..models import Category, College
from ..services import ServiceError
from ..services.capital import today
from ..services.colleges import (
    college_overview,
    create_college,
    record_weights,
    save_category,
    update_college,
    weight_history,
)
from ..services.register_import_rows import COLUMNS
from ..services.register_io import apply_import, check_import, export_csv
from ..services.register_search import RegisterFilters
from .register import EDITORS, READERS, bp, refused

ADMINS = ("admin",)
CSV_TYPE = "text/csv; charset=utf-8"


@bp.route("/colleges")
@roles_required(*READERS)
def colleges():
    session = get_session()
    return render_template(
        "register/colleges.html",
        colleges=college_overview(session),
        history=weight_history(session),
        categories=session.exec(select(Category).order_by(Category.name)).all(),
        kind_labels=KIND_LABELS,
        can_admin=current_user.has_role(*ADMINS),
    )


@bp.route("/colleges/nouveau", methods=["GET", "POST"])
@bp.route("/colleges/<int:college_id>/modifier", methods=["GET", "POST"])
@roles_required(*ADMINS)
def college_form(college_id=None):
    session = get_session()
    college = session.get(College, college_id) or abort(404) if college_id else None
    form, error = CollegeForm(obj=college), None
    if college:
        form.code.render_kw = {"readonly": True}
    if form.validate_on_submit():
        name, text = form.name.data, form.description.data
        try:
            if college:
                update_college(session, college, name, text, form.position.data, current_user)
            else:
                create_college(session, form.code.data, name, text, current_user)
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash("Collège enregistré.", "success")
            return redirect(url_for("register.colleges"))
    return render_template("register/college_form.html", form=form, error=error, college=college)


@bp.route("/colleges/poids", methods=["GET", "POST"])
@roles_required(*ADMINS)
def weights():
    session = get_session()
    rows = college_overview(session)
    colleges_ = [college for college, _ in rows]
    history = weight_history(session)
    defaults = {}
    if request.method == "GET":
        current = history[0][1] if history else {}
        defaults = {f"weight_{c.id}": _decimal_fr(current.get(c.id)) for c in colleges_}
        defaults["effective_from"] = today()
    form, error = weights_form(colleges_, defaults), None
    if form.validate_on_submit():
        try:
            record_weights(
                session,
                weight_values(form, colleges_),
                form.effective_from.data,
                form.decision.data,
                current_user,
            )
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash("Nouveaux poids des collèges enregistrés.", "success")
            return redirect(url_for("register.colleges"))
    fields = [(college, count, form[f"weight_{college.id}"]) for college, count in rows]
    return render_template("register/weights_form.html", form=form, fields=fields, error=error)


def _decimal_fr(value) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


@bp.route("/categories/nouvelle", methods=["GET", "POST"])
@bp.route("/categories/<int:category_id>/modifier", methods=["GET", "POST"])
@roles_required(*ADMINS)
def category_form(category_id=None):
    session = get_session()
    category = session.get(Category, category_id) or abort(404) if category_id else None
    form, error = CategoryForm(obj=category), None
    if category:
        form.code.render_kw = {"readonly": True}
    if form.validate_on_submit():
        try:
            save_category(session, category, form.data, current_user)
        except ServiceError as exc:
            error = refused(exc)
        else:
            flash("Catégorie enregistrée.", "success")
            return redirect(url_for("register.colleges", _anchor="categories"))
    return render_template("register/category_form.html", form=form, error=error, category=category)


# --- CSV -------------------------------------------------------------------------------


@bp.route("/registre/import", methods=["GET", "POST"])
@roles_required(*EDITORS)
def import_members():
    form, report, data, error = ImportForm(), None, None, None
    if form.validate_on_submit():
        data = form.file.data.read()
        try:
            report = check_import(get_session(), data)
        except ServiceError as exc:
            error = str(exc)
    return _import_page(form, report, data, error)


def _import_page(form, report, data, error):
    content = base64.b64encode(data).decode() if report is not None and report.ok else ""
    return render_template(
        "register/import.html",
        form=form,
        report=report,
        content=content,
        error=error,
        columns=COLUMNS,
    )


@bp.route("/registre/import/confirmer", methods=["POST"])
@roles_required(*EDITORS)
def import_confirm():
    try:
        data = base64.b64decode(request.form.get("contenu", ""), validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        flash("Fichier manquant : recommencez l'import.", "error")
        return redirect(url_for("register.import_members"))
    session, report = get_session(), None
    try:
        report = check_import(session, data)  # the register may have changed since
        count = apply_import(session, report, current_user)
    except ServiceError as exc:
        refused(exc)
        return _import_page(ImportForm(None), report, data, str(exc)), 422
    flash(f"{count} associé(s) importé(s).", "success")
    return redirect(url_for("register.index"))


@bp.route("/registre/import/modele.csv")
@roles_required(*EDITORS)
def import_template():
    session = get_session()
    category = session.exec(select(Category).order_by(Category.id)).first()
    college = session.exec(select(College).order_by(College.position, College.id)).first()
    example = {
        "type": "physique",
        "prenom": "Sophie",
        "nom": "Lefèvre",
        "email": "sophie@exemple.fr",
        "categorie": category.code if category else "",
        "college": college.code if college else "",
        "statut": "admis",
        "date_admission": today().isoformat(),
        "convocation_email": "oui",
        "parts": "1",
    }
    names = [name for name, _ in COLUMNS]
    lines = [";".join(names), ";".join(example.get(name, "") for name in names)]
    return _csv("\ufeff" + "\r\n".join(lines) + "\r\n", "modele-import-associes.csv")


@bp.route("/registre/export.csv")
@roles_required(*READERS)
def export():
    text = export_csv(get_session(), RegisterFilters.from_args(request.args))
    return _csv(text, f"registre-des-associes-{today().isoformat()}.csv")


def _csv(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype=CSV_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
