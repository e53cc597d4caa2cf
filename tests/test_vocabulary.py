"""Status and priority words as real folders write them."""

from __future__ import annotations

import pytest

from tix.model import DEFAULT_PRIORITIES, DEFAULT_STATUSES, Config, StatusCategory
from tix.vocabulary import PriorityVocabulary, StatusVocabulary, split_leading_emoji

VOCAB = StatusVocabulary(DEFAULT_STATUSES)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("todo", "todo"),
        ("In Progress", "in-progress"),
        ("in_progress", "in-progress"),
        ("IN-PROGRESS", "in-progress"),
        ("Open", "todo"),
        ("Not Started", "todo"),
        ("READY TO START", "todo"),
        ("In Planning", "todo"),
        ("Draft", "todo"),
        ("Ongoing", "in-progress"),
        ("Testing", "review"),
        ("Completed", "done"),
        ("COMPLETED", "done"),
        ("Closed", "done"),
        ("🔴 Todo", "todo"),
        ("⬜", "todo"),
        ("🟡 In Progress", "in-progress"),
        ("🔄", "in-progress"),
        ("🚧", "in-progress"),
        ("🟢 Done", "done"),
        ("✅", "done"),
        ("✅ Done", "done"),
        ("✔️", "done"),
        ("⚫ Blocked", "blocked"),
        ("❌", "blocked"),
        ("🚫", "blocked"),
        ("**Done**", "done"),
        ("Done ✅", "done"),
    ],
)
def test_known_statuses(written: str, key: str) -> None:
    match = VOCAB.resolve(written)
    assert match is not None, written
    assert match.status.key == key


def test_blocked_with_reason() -> None:
    match = VOCAB.resolve("Blocked - Awaiting Budget Approval")
    assert match is not None
    assert match.status.key == "blocked"
    assert match.note == "Awaiting Budget Approval"


def test_status_word_followed_by_a_note() -> None:
    match = VOCAB.resolve("Blocked by TICKET-001")
    assert match is not None and (match.status.key, match.note) == ("blocked", "by TICKET-001")
    match = VOCAB.resolve("❌ waiting for credentials")  # the emoji decides; the rest is the note
    assert match is not None and (match.status.key, match.note) == (
        "blocked",
        "waiting for credentials",
    )


def test_label_wins_over_a_conflicting_emoji() -> None:
    match = VOCAB.resolve("🔴 Done")
    assert match is not None and match.status.key == "done"
    assert match.emoji == "🔴"


@pytest.mark.parametrize("written", ["Someday", "🦄", "", "   ", "Won't fix"])
def test_unknown_statuses_resolve_to_none(written: str) -> None:
    assert VOCAB.resolve(written) is None


def test_workspace_aliases_win_over_builtin_ones() -> None:
    config = Config.from_mapping({"status_aliases": {"done": ["ready to deploy"]}})
    vocab = StatusVocabulary.from_config(config)
    match = vocab.resolve("Ready to Deploy")
    assert match is not None and match.status.key == "done"


def test_custom_workflow_with_shorthand_statuses() -> None:
    config = Config.from_mapping(
        {"statuses": ["backlog", {"key": "doing", "category": "active", "emoji": "🔨"}, "done"]}
    )
    assert [s.key for s in config.statuses] == ["backlog", "doing", "done"]
    assert config.statuses[0].category is StatusCategory.TODO
    assert config.default_status == "backlog"
    vocab = StatusVocabulary.from_config(config)
    match = vocab.resolve("🔨")
    assert match is not None and match.status.key == "doing"


def test_status_without_inferable_category_is_a_config_error() -> None:
    with pytest.raises(ValueError, match=r"statuses\.0\.category"):
        Config.from_mapping({"statuses": ["frobnicating"]})


def test_split_leading_emoji() -> None:
    assert split_leading_emoji("🟡 In Progress") == ("🟡", "In Progress")
    assert split_leading_emoji("Done") == ("", "Done")
    assert split_leading_emoji("✔️ ok") == ("✔️", "ok")


def test_priorities_rank_and_aliases() -> None:
    vocab = PriorityVocabulary(DEFAULT_PRIORITIES)
    assert vocab.rank("P0") == 0
    assert vocab.rank("CRITICAL") == 0
    assert vocab.rank("High") == 1
    assert vocab.rank("🔴 High") == 1
    assert vocab.rank("medium") == 2
    assert vocab.rank("whenever") == 4
    assert vocab.rank(None) == 4
    resolved = vocab.resolve("low")
    assert resolved is not None and resolved.key == "P3"
