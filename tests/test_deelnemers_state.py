"""The room in memory: joining, devices, the inbox, proposals with dots, the anonymous vote."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kwaliteit_cli.deelnemers.state import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DOTS_PER_DEVICE,
    MAX_CODE_FAILURES,
    MAX_TEXT,
    Kind,
    Mode,
    Room,
    RoomRefusal,
    Stage,
    Tally,
    new_code,
    new_token,
)


def joined(room: Room, n: int = 1) -> list[str]:
    return [room.join_with_token(room.token).secret for _ in range(n)]


def test_the_token_carries_at_least_128_random_bits() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        raw = base64.b32decode(token + "=" * (-len(token) % 8))
        assert len(raw) * 8 >= 128
        assert token == token.upper()


def test_the_code_is_short_and_unambiguous() -> None:
    code = new_code()
    assert len(code) == CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OI") & set(CODE_ALPHABET)


def test_a_wrong_token_joins_no_one() -> None:
    room = Room()
    with pytest.raises(RoomRefusal) as refused:
        room.join_with_token(new_token())
    assert refused.value.reason == "onbekende-link"
    assert room.devices() == []


def test_the_code_may_be_typed_loosely_but_wrong_codes_run_out() -> None:
    room = Room(code="ABCD2345")
    assert room.join_with_code("abcd-2345 ").label == "apparaat 1"
    for _ in range(MAX_CODE_FAILURES):
        with pytest.raises(RoomRefusal):
            room.join_with_code("ZZZZZZZZ")
    with pytest.raises(RoomRefusal) as refused:
        room.join_with_code("ABCD2345")
    assert refused.value.reason == "code-uit"
    # The QR link still works.
    assert room.join_with_token(room.token).number == 2


def test_locking_stops_new_devices_but_not_joined_ones() -> None:
    room = Room()
    (first,) = joined(room)
    room.set_locked(True)
    with pytest.raises(RoomRefusal) as refused:
        room.join_with_token(room.token)
    assert refused.value.reason == "op-slot"
    assert room.device(first) is not None
    room.set_locked(False)
    joined(room)
    assert len(room.devices()) == 2


def test_a_removed_device_loses_its_cookie_and_its_dots() -> None:
    room = Room()
    a, b = joined(room, 2)
    room.set_stage(Stage(mode=Mode.QUESTION))
    proposal = room.propose_question(a, "Waarom haken studenten af?")
    room.set_dots(b, {proposal.id: 3})
    assert room.proposals()[0][1] == 3
    assert room.remove_device(2)
    assert room.device(b) is None
    assert room.proposals()[0][1] == 0
    with pytest.raises(RoomRefusal):
        room.set_dots(b, {proposal.id: 1})


def test_a_note_can_be_shared_only_in_a_silent_moment_and_carries_no_name_unless_given() -> None:
    room = Room()
    (a,) = joined(room)
    room.set_name(a, "Fatima")
    with pytest.raises(RoomRefusal):
        room.share_note(a, "te vroeg")
    room.set_stage(Stage(mode=Mode.NOTE, step="Wat valt mij op?"))
    anonymous = room.share_note(a, "  De respons is laag.  ")
    signed = room.share_note(a, "Ik herken dit.", name="Fatima")
    assert anonymous.name == "" and anonymous.text == "De respons is laag."
    assert anonymous.question == "Wat valt mij op?"
    assert signed.name == "Fatima"
    assert [p.id for p in room.pending(Kind.NOTE)] == [anonymous.id, signed.id]


def test_the_facilitator_accepts_edits_or_rejects_and_the_item_leaves_the_inbox() -> None:
    room = Room()
    (a,) = joined(room)
    room.set_stage(Stage(mode=Mode.NOTE))
    one, two, three = (room.share_note(a, t) for t in ("een", "twee", "drie"))
    accepted = room.decide(one.id, accept=True)
    edited = room.decide(two.id, accept=True, edited="twee, verbeterd")
    rejected = room.decide(three.id, accept=False)
    assert accepted is not None and accepted.text == "een"
    assert edited is not None and edited.text == "twee, verbeterd"
    assert rejected is None
    assert room.pending() == []
    with pytest.raises(KeyError):
        room.decide(one.id, accept=True)


def test_closing_the_room_forgets_everything_and_kills_the_token() -> None:
    room = Room()
    (a,) = joined(room)
    token = room.token
    room.set_stage(Stage(mode=Mode.NOTE))
    room.share_note(a, "niet geaccepteerd")
    room.close()
    assert room.pending() == []
    assert room.device(a) is None
    with pytest.raises(RoomRefusal):
        room.join_with_token(token)
    assert Room().token != token


def test_text_too_long_or_empty_is_refused() -> None:
    room = Room()
    (a,) = joined(room)
    room.set_stage(Stage(mode=Mode.NOTE))
    with pytest.raises(RoomRefusal) as refused:
        room.share_note(a, "x" * (MAX_TEXT + 1))
    assert refused.value.reason == "te-lang"
    with pytest.raises(RoomRefusal) as refused:
        room.share_note(a, " \n\x00 ")
    assert refused.value.reason == "leeg"


def test_a_correction_needs_a_name_that_the_verslag_holds() -> None:
    room = Room()
    (a,) = joined(room)
    room.set_stage(Stage(mode=Mode.CORRECT, words=(("Fatima", ("Ik zie weinig respons.",)),)))
    with pytest.raises(RoomRefusal) as refused:
        room.propose_correction(a, "Ik zie een lage respons.", 0)
    assert refused.value.reason == "geen-naam"
    room.set_name(a, "Fatima")
    with pytest.raises(RoomRefusal):
        room.propose_correction(a, "Iets anders.", 1)
    item = room.propose_correction(a, "Ik zie een lage respons.", 0)
    assert item.kind is Kind.CORRECTION and item.name == "Fatima"
    # Another device cannot take Fatima's name, until the facilitator removes hers.
    (b,) = joined(room)
    with pytest.raises(RoomRefusal) as refused:
        room.set_name(b, "Fatima")
    assert refused.value.reason == "naam-bezet"
    room.remove_device(1)
    assert room.set_name(b, "Fatima").name == "Fatima"
    assert item.target == 0 and item.original == "Ik zie weinig respons."


@settings(max_examples=60, deadline=None)
@given(st.lists(st.dictionaries(st.integers(0, 5), st.integers(-1, 4), max_size=4), max_size=12))
def test_no_device_ever_holds_more_than_three_dots(placements: list[dict[int, int]]) -> None:
    room = Room()
    (a,) = joined(room)
    room.set_stage(Stage(mode=Mode.QUESTION))
    ids = [room.propose_question(a, f"vraag {i}").id for i in range(6)]
    for raw in placements:
        wanted = {ids[k]: n for k, n in raw.items()}
        before = room.my_dots(a)
        try:
            after = room.set_dots(a, wanted)
        except RoomRefusal:
            assert room.my_dots(a) == before
            assert sum(n for n in wanted.values() if n > 0) > DOTS_PER_DEVICE or any(
                n < 0 for n in wanted.values()
            )
        else:
            assert after == {k: n for k, n in wanted.items() if n > 0}
        assert sum(room.my_dots(a).values()) <= DOTS_PER_DEVICE
        assert sum(n for _, n in room.proposals()) == sum(room.my_dots(a).values())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["ja", "deels", "nee"]))))
def test_the_vote_counts_each_device_once_and_keeps_only_counts(
    votes: list[tuple[int, str]],
) -> None:
    room = Room()
    devices = joined(room, 6)
    room.open_vote()
    expected = {"ja": 0, "deels": 0, "nee": 0}
    seen: set[int] = set()
    for who, choice in votes:
        if who in seen:
            with pytest.raises(RoomRefusal):
                room.vote(devices[who], choice)
            continue
        room.vote(devices[who], choice)
        seen.add(who)
        expected[choice] += 1
        assert room.result is None  # nothing shown while the vote is open
    tally = room.close_vote()
    assert tally == Tally(**expected)
    assert room.result == tally
    # After closing, nothing links a device to having voted, let alone to a choice.
    assert not any(room.has_voted(d) for d in devices)
    with pytest.raises(RoomRefusal):
        room.vote(devices[0], "ja")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.text(max_size=30)), max_size=20))
def test_proposals_rank_by_dots_and_duplicates_merge(entries: list[tuple[int, str]]) -> None:
    room = Room()
    devices = joined(room, 4)
    room.set_stage(Stage(mode=Mode.QUESTION))
    for who, text in entries:
        try:
            room.propose_question(devices[who], text)
        except RoomRefusal as refused:
            assert refused.reason == "leeg"
    texts = [p.text.casefold() for p, _ in room.proposals()]
    assert len(texts) == len(set(texts))
    for i, secret in enumerate(devices):
        ranked = room.proposals()
        if ranked:
            room.set_dots(secret, {ranked[i % len(ranked)][0].id: 3})
    dots = [n for _, n in room.proposals()]
    assert dots == sorted(dots, reverse=True)


def test_the_tally_says_when_it_is_unanimous() -> None:
    assert Tally(ja=4, deels=0, nee=0).unanimous
    assert not Tally(ja=3, deels=1, nee=0).unanimous
    assert not Tally(ja=0, deels=0, nee=0).unanimous
