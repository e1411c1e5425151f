"""Blueprints: thin views that load, check, validate, call one service, flash, redirect."""

from flask import request


def init_app(app):
    from . import admin, auth, main, meetings, minutes, register, voting

    app.register_blueprint(auth.bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(voting.bp)
    app.register_blueprint(meetings.bp)
    app.register_blueprint(register.bp)
    app.register_blueprint(minutes.bp)

    @app.context_processor
    def inject_cooperative():
        from ..db import get_session
        from ..services.settings import get_cooperative

        return {"cooperative": get_cooperative(get_session())}

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.endpoint and request.endpoint.startswith("auth."):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def page_number() -> int:
    """The ``page`` query argument, 1 when absent or invalid."""
    page = request.args.get("page", "1")
    return int(page) if page.isdigit() and int(page) > 0 else 1


PER_PAGE = 50


def paginate(session, query, count_query, per_page=PER_PAGE):
    """One page of ``query`` with the figures the pagination macro shows."""
    page = page_number()
    total = session.exec(count_query).one()
    rows = session.exec(query.offset((page - 1) * per_page).limit(per_page)).all()
    pages = max(1, -(-total // per_page))
    return {"rows": rows, "page": page, "pages": pages, "total": total}
