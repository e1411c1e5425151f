"""The snapshot refuses data that cannot make a legal document, in French, on one line."""

from dataclasses import replace
from datetime import datetime

import pytest

from minutes import Attendee, Convocation, Director, MinutesError, Resolution
from tests.minutes import samples
from votes import Quorum


def test_the_sample_meeting_is_valid():
    snapshot = samples.snapshot()
    assert snapshot.quorum.participants == len(snapshot.attendees) == 12


def test_a_naive_datetime_is_refused():
    with pytest.raises(MinutesError, match="fuseau horaire"):
        replace(samples.snapshot().meeting, starts_at=datetime(2026, 3, 3, 19))


def test_the_quorum_must_match_the_attendance_sheet():
    quorum = Quorum(eligible=40, present=7, remote=2, represented=2, postal=2, required="1/5")
    with pytest.raises(MinutesError, match="ne correspondent pas à la feuille de présence"):
        samples.snapshot(quorum=quorum)


def test_remote_members_may_be_left_out_of_the_quorum():
    quorum = Quorum(eligible=40, present=6, remote=0, represented=2, postal=2, required="1/5")
    assert samples.snapshot(quorum=quorum).quorum.participants == 10


def test_a_general_meeting_needs_its_convocation_and_quorum():
    with pytest.raises(MinutesError, match="convocation et le quorum sont requis"):
        samples.snapshot(convocation=None)


def test_a_sarl_needs_its_gerants():
    with pytest.raises(MinutesError, match="gérants"):
        samples.snapshot(cooperative=samples.cooperative("SARL"))


def test_only_a_mixed_meeting_has_an_extraordinary_quorum():
    quorum = samples.QUORUM
    with pytest.raises(MinutesError, match="assemblée mixte seulement"):
        samples.snapshot(extraordinary_quorum=quorum)
    mixed = replace(samples.snapshot().meeting, kind="AGM")
    with pytest.raises(MinutesError, match="assemblée mixte seulement"):
        samples.snapshot(meeting=mixed)
    assert samples.snapshot(meeting=mixed, extraordinary_quorum=quorum).meeting.kind == "AGM"


def test_resolution_numbers_are_unique():
    first, second = samples.resolutions()
    with pytest.raises(MinutesError, match="numéro 1 est utilisé deux fois"):
        samples.snapshot(resolutions=(first, replace(second, number=1)))


def test_a_second_convocation_names_the_first_meeting():
    with pytest.raises(MinutesError, match="Deuxième convocation"):
        Convocation(rank=2)


def test_only_a_represented_member_has_a_proxy_holder():
    with pytest.raises(MinutesError, match="associé représenté"):
        Attendee("Léa Garnier", 7, "Usagers", "present", "Paul Martin")


def test_an_unknown_attendance_mode_is_refused():
    with pytest.raises(MinutesError, match="valeur inconnue « absent »"):
        Attendee("Léa Garnier", 7, "Usagers", "absent")


def test_only_an_excused_director_is_represented():
    with pytest.raises(MinutesError, match="seul un excusé est représenté"):
        Director("Sophie Laurent", "absent", proxy_holder="Paul Martin")


def test_a_board_meeting_needs_its_directors():
    with pytest.raises(MinutesError, match="administrateurs est requise"):
        samples.board_snapshot(directors=())


def test_a_board_decision_is_not_a_general_meeting_result():
    board = samples.board_snapshot().resolutions[0]
    with pytest.raises(MinutesError, match="decide_board"):
        samples.snapshot(resolutions=(board,))


def test_the_register_page_starts_at_one_at_least():
    with pytest.raises(MinutesError, match="première page invalide 0"):
        samples.snapshot(first_page=0)


def test_a_resolution_built_from_a_recount_carries_its_file():
    resolution = samples.resolutions()[0]
    assert resolution.result.adopted
    assert '"format": "scic-recount/1"' in resolution.recount


def test_a_recount_file_needs_a_tally_result():
    with pytest.raises(MinutesError, match="sans résultat de vote"):
        Resolution(3, "Titre", "Texte", recount="{}")
