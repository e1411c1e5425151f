"""Building the document: who signs, what is counted, and when only a draft is possible."""

import re
from dataclasses import replace
from html import unescape

import pytest

from minutes import Attendee, MinutesError, Resolution, build_minutes, render_html
from minutes.attendance import annex_lines, summarise
from tests.minutes import samples
from votes import EXTRAORDINARY, Ballot, Quorum, Recount, Rule


def text_of(snapshot, draft=False) -> str:
    html = render_html(build_minutes(snapshot, draft=draft))
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def roles(snapshot):
    return [(s.role, s.name) for s in build_minutes(snapshot).context["signatures"]]


def test_the_bureau_signs_in_an_sa():
    assert roles(samples.snapshot()) == [
        ("chair", "Marie Durand"),
        ("scrutateur", "Paul Martin"),
        ("scrutateur", "Aïcha Benali"),
        ("secretary", "Luc Petit"),
    ]


def test_the_gerants_and_the_chair_sign_in_a_sarl():
    assert roles(samples.sarl_snapshot()) == [
        ("gerant_chair", "Marie Durand"),
        ("gerant", "Bruno Caron"),
    ]
    other_chair = replace(samples.sarl_snapshot().bureau, chair="Luc Petit")
    assert roles(replace(samples.sarl_snapshot(), bureau=other_chair))[-1] == (
        "chair",
        "Luc Petit",
    )


def test_the_chair_and_one_director_sign_board_minutes():
    assert roles(samples.board_snapshot()) == [
        ("board_chair", "Marie Durand"),
        ("director", "Paul Martin"),
    ]


def test_attendance_is_counted_per_college_and_overall():
    attendance = summarise(samples.attendees(), ["Salariés", "Usagers", "Partenaires"])
    overall = attendance.overall
    assert (overall.present, overall.remote, overall.represented, overall.postal) == (6, 2, 2, 2)
    assert [(row.label, row.total) for row in attendance.colleges] == [
        ("Salariés", 4),
        ("Usagers", 5),
        ("Partenaires", 3),
    ]
    assert (attendance.named_proxies, attendance.blank_proxies) == (1, 1)


def test_a_long_name_wraps_in_its_column_and_nothing_is_lost():
    name = "Marie-Bernadette de La Rochefoucauld-Montmorency du Plessis"
    lines = annex_lines(Attendee(name, 12345, "Usagers", "represented", "Jean Moreau"))
    assert len(lines) == 2
    assert lines[0].startswith(" 12345  Marie-Bernadette de La")
    assert "Représenté par Jean Moreau" in lines[0]
    assert " ".join(" ".join(lines).split()).count("Rochefoucauld-Montmorency") == 1


def test_final_minutes_are_refused_while_a_vote_is_open():
    first, second = samples.resolutions()
    snapshot = samples.snapshot(resolutions=(first, replace(second, result=None, recount=None)))
    with pytest.raises(MinutesError, match="n° 2 : le vote n'est pas clos"):
        build_minutes(snapshot)
    assert "Vote en cours : résultat à venir" in text_of(snapshot, draft=True)


def test_final_minutes_need_the_closing_time():
    with pytest.raises(MinutesError, match="Heure de clôture manquante"):
        build_minutes(samples.snapshot(closed_at=None))
    assert "Heure de clôture à consigner" in text_of(samples.snapshot(closed_at=None), draft=True)


def test_a_draft_asks_for_the_missing_debate_summary():
    assert "Résumé des débats à rédiger" in text_of(samples.snapshot(), draft=True)
    assert "Aucune intervention n'a été consignée sur ce point" in text_of(samples.snapshot())


def test_a_recount_file_that_disagrees_with_the_printed_result_is_refused():
    first, second = samples.resolutions()
    swapped = replace(first, recount=second.recount)
    with pytest.raises(MinutesError, match="ne donne pas le résultat imprimé"):
        build_minutes(samples.snapshot(resolutions=(swapped, second)))


def test_final_minutes_need_every_recount_file():
    first, second = samples.resolutions()
    with pytest.raises(MinutesError, match="fichier de recomptage .* manque"):
        build_minutes(samples.snapshot(resolutions=(replace(first, recount=None), second)))


def test_without_quorum_resolutions_are_not_submitted():
    quorum = Quorum(eligible=80, present=6, remote=2, represented=2, postal=2, required="1/5")
    first, second = samples.resolutions()
    snapshot = samples.snapshot(
        quorum=quorum,
        resolutions=(replace(first, result=None, recount=None), second),
    )
    text = text_of(snapshot)
    assert "soit 16 ; avec 12 participants, il est non atteint" in text
    assert "ne peut valablement délibérer" in text
    assert "Résolution non soumise faute de quorum" in text


def test_a_mixed_meeting_states_both_quorums():
    extraordinary = replace(samples.QUORUM, required="1/4")
    mixed = replace(samples.snapshot().meeting, kind="AGM")
    text = text_of(samples.snapshot(meeting=mixed, extraordinary_quorum=extraordinary))
    assert "assemblée générale mixte (ordinaire et extraordinaire)" in text
    assert "Pour les décisions ordinaires, le quorum requis est de 1/5 (20 %)" in text
    assert "Pour les décisions extraordinaires, le quorum requis est de 1/4 (25 %)" in text
    assert "soit 10 ; avec 12 participants, il est atteint" in text


def test_a_second_convocation_recalls_the_first_meeting():
    convocation = replace(
        samples.snapshot().convocation, rank=2, first_meeting_at=samples.at(20, 18, month=2)
    )
    no_quorum = replace(samples.QUORUM, required=0)
    text = text_of(samples.snapshot(convocation=convocation, quorum=no_quorum))
    assert "sur deuxième convocation du conseil d'administration" in text
    assert "convoquée en premier lieu pour le vendredi 20 février 2026 à 19 h 00" in text
    assert "Le quorum n'est pas exigé sur deuxième convocation" in text


def test_a_rectifying_entry_names_the_entry_it_corrects():
    text = text_of(samples.snapshot(rectifies_entry=5))
    assert "Le présent document rectifie l'entrée n° 5 du registre" in text


def test_an_invalid_recount_file_is_refused_with_the_engine_message():
    first, second = samples.resolutions()
    broken = replace(first, recount=first.recount.replace('"scic-recount/1"', '"scic-recount/9"'))
    with pytest.raises(MinutesError, match="fichier de recomptage invalide \\(format"):
        build_minutes(samples.snapshot(resolutions=(broken, second)))


def test_the_document_carries_what_the_register_stores():
    document = build_minutes(samples.snapshot())
    assert document.kind == "proces_verbal"
    assert document.title == "Procès-verbal de l'assemblée générale ordinaire du 3 mars 2026"
    assert document.first_page == 37
    assert [a.filename for a in document.attachments] == [
        "resolution-01.recount.json",
        "resolution-02.recount.json",
    ]
    assert build_minutes(samples.monthly_snapshot()).kind == "compte_rendu"
    assert build_minutes(samples.board_snapshot()).kind == "board_minutes"


def test_without_colleges_one_member_one_vote_and_an_extraordinary_majority():
    ballots = [Ballot(None, c) for c in ["for"] * 7 + ["against"] * 3 + ["abstain"]]
    recount = Recount("Transfert du siège", ballots=tuple(ballots), rule=Rule(EXTRAORDINARY))
    resolution = Resolution.from_recount(
        1, "Transfert du siège", "Le siège est transféré.", recount
    )
    age = replace(samples.snapshot().meeting, kind="AGE")
    quorum = replace(samples.QUORUM, required="1/4")
    text = text_of(samples.snapshot(meeting=age, quorum=quorum, resolutions=(resolution,)))
    assert "Votants Pour Contre Abstentions Exprimés Taux « pour »" in text
    assert "Tous les associés 7 3 1 10 70,00 %" in text
    assert "Résultat : 70,00 % (7/10) des voix exprimées" in text
    assert "majorité requise : d'au moins 2/3 (66,67 %)" in text
    assert "Cette résolution est ADOPTÉE." in text
