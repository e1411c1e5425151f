import stat

from scic import create_app


def test_defaults_use_the_instance_folder(tmp_path, monkeypatch):
    for name in ("SCIC_DATABASE_URL", "SCIC_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'scic.sqlite3'}"
    key_file = instance / "secret_key"
    assert app.config["SECRET_KEY"] == key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # the generated key is kept: a second start reads the same one
    assert create_app({"INSTANCE_PATH": str(instance)}).config["SECRET_KEY"] == key_file.read_text()
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_environment_variables_override_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIC_DATABASE_URL", "postgresql+psycopg://u@127.0.0.1:5432/x")
    monkeypatch.setenv("SCIC_SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SCIC_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("SCIC_SMTP_PORT", "2525")
    app = create_app()
    assert app.config["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SMTP_PORT"] == 2525


def test_instance_config_file_is_read(tmp_path, monkeypatch):
    monkeypatch.delenv("SCIC_SECRET_KEY", raising=False)
    monkeypatch.delenv("SCIC_DATABASE_URL", raising=False)
    instance = tmp_path / "inst"
    instance.mkdir()
    (instance / "config.py").write_text('MAIL_SENDER = "Casaco <ag@casaco.example>"\n')
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(instance))
    app = create_app()
    assert app.config["MAIL_SENDER"] == "Casaco <ag@casaco.example>"


def test_test_config_is_used_as_given(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k", "TESTING": True})
    assert app.testing and app.config["SECRET_KEY"] == "k"


def test_error_pages_are_in_french(client, factory):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)
