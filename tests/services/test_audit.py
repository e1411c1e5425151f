from sqlmodel import select

from scic.models import AuditEntry
from scic.services.audit import GENESIS, chain_head, entry_digest, record_audit, verify_audit


def test_entries_chain_and_verify(db, factory):
    user = factory.user("admin", email="a@x.fr")
    first = record_audit(db, user, "test.one", user, {"a": 1})
    second = record_audit(db, user, "test.two", None, {"b": "é"})
    other = record_audit(db, None, "ballot", None, {}, chain="resolution:1")
    db.commit()
    assert first.hash == entry_digest(first) and first.prev_hash != GENESIS  # users came first
    assert second.prev_hash == first.hash and second.seq == first.seq + 1
    assert other.seq == 1 and other.prev_hash == GENESIS
    assert chain_head(db) == second.hash
    checked, broken = verify_audit(db)
    assert broken is None and checked == len(db.exec(select(AuditEntry)).all())


def test_a_tampered_entry_is_reported_with_its_place(db, factory):
    user = factory.user("admin", email="a@x.fr")
    for i in range(4):
        record_audit(db, user, f"act.{i}", None, {"i": i})
    db.commit()
    victim = db.exec(select(AuditEntry).where(AuditEntry.action == "act.2")).one()
    victim.payload = '{"i": 99}'
    db.add(victim)
    db.commit()
    checked, broken = verify_audit(db)
    assert broken is not None
    assert (broken.chain, broken.seq) == ("global", victim.seq)
    assert "modifié" in broken.reason


def test_a_deleted_entry_breaks_the_chain(db, factory):
    user = factory.user("admin", email="a@x.fr")
    for i in range(3):
        record_audit(db, user, f"act.{i}", None, {})
    db.commit()
    db.delete(db.exec(select(AuditEntry).where(AuditEntry.action == "act.1")).one())
    db.commit()
    _checked, broken = verify_audit(db)
    assert broken is not None and "attendu" in broken.reason
