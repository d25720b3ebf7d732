"""The verifier in memory, over every tree shape: each kind of damage is named where it is."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from uuid import UUID

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.audit import stored_tree
from adapters.audit.checkpoint import Checkpoint, sign_checkpoint
from adapters.audit.leaf import RecordHash, StoredRecord, hash_records, record_leaf
from adapters.audit.merkle import Frontier, root_from_leaf_hashes
from adapters.audit.scan import scan
from adapters.audit.store import EMPTY_TREE, StoredLeaf, TreeState
from adapters.audit.verifier import Damage, VerificationReport, verify

KEY = Ed25519PrivateKey.generate()


@pytest.fixture(
    autouse=True,
    scope="module",
    params=[2, stored_tree.HEIGHT],
    ids=lambda h: f"blocks of {1 << h}",
)
def block_height(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every test twice: with the stored tree rebuilt in blocks of 4 leaves (so that blocks,
    the nodes above them and a partial last block all occur in small logs) and of 4,096."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stored_tree, "HEIGHT", request.param)
        patch.setattr(stored_tree, "BLOCK", 1 << request.param)
        yield


WHEN = datetime(2026, 5, 1, tzinfo=UTC)


class MemoryLog:
    """An ``AuditSource`` over lists, integrated the way the integrator does it."""

    def __init__(self, count: int, batch: int = 3) -> None:
        self.events = [
            StoredRecord(p * 2, UUID(int=p), 1, "topic", f"state {p}".encode())
            for p in range(1, count + 1)
        ]
        self.stored: list[StoredLeaf] = []
        self.nodes: dict[tuple[int, int], bytes] = {}
        self.notes: list[str] = []
        self.state = EMPTY_TREE
        frontier = Frontier()
        for start in range(0, count, batch):
            chunk = self.events[start : start + batch]
            for record in chunk:
                self.stored.append(StoredLeaf(frontier.size, record.position, record_leaf(record)))
                for node in frontier.append(self.stored[-1].hash):
                    self.nodes[(node.level, node.index)] = node.hash
            self.state = TreeState.of(frontier, chunk[-1].position)
            checkpoint = Checkpoint("reviewtrail/memory", frontier.size, frontier.root(), WHEN)
            self.notes.append(sign_checkpoint(checkpoint, KEY))

    def tree_state(self) -> TreeState:
        return self.state

    def records(self) -> Iterator[StoredRecord]:
        return iter(sorted(self.events))

    def record_hashes(self) -> Iterator[RecordHash]:
        return hash_records(self.records())

    def records_at(self, positions: Sequence[int]) -> list[StoredRecord]:
        wanted = set(positions)
        return [r for r in self.records() if r.position in wanted]

    def leaves(self) -> Iterator[StoredLeaf]:
        return iter(self.stored)

    def level(self, level: int) -> Iterator[tuple[int, bytes]]:
        found = sorted((i, h) for (lv, i), h in self.nodes.items() if lv == level and lv > 0)
        return iter(found)

    def checkpoint_notes(self) -> list[str]:
        return self.notes

    def position_of(self, index: int) -> int | None:
        return self.stored[index].position if index < len(self.stored) else None

    def verify(self) -> VerificationReport:
        external = [("file", note) for note in self.notes]
        return verify(self, KEY.public_key(), external)


def first(report: VerificationReport) -> tuple[Damage, int | None]:
    assert report.first is not None, "nothing found"
    return report.first.kind, report.first.position


sizes = st.integers(min_value=1, max_value=40)


@given(sizes)
def test_an_untouched_log_of_any_size_is_intact(count: int) -> None:
    report = MemoryLog(count).verify()
    assert report.intact, report.summary()
    assert report.leaves == count


@given(sizes, st.data())
def test_an_altered_event_is_found_at_its_position(count: int, data: st.DataObject) -> None:
    log = MemoryLog(count)
    k = data.draw(st.integers(0, count - 1))
    log.events[k] = log.events[k]._replace(state=b"forged")
    assert first(log.verify()) == (Damage.ALTERED_EVENT, log.events[k].position)


@given(sizes, st.data())
def test_a_removed_event_is_missing_or_the_log_is_truncated(
    count: int, data: st.DataObject
) -> None:
    log = MemoryLog(count)
    k = data.draw(st.integers(0, count - 1))
    removed = log.events.pop(k)
    kind = Damage.TRUNCATED_LOG if k == count - 1 else Damage.MISSING_EVENT
    assert first(log.verify()) == (kind, removed.position)


@given(st.integers(min_value=2, max_value=40), st.data())
def test_an_event_slipped_in_between_two_others_is_inserted(
    count: int, data: st.DataObject
) -> None:
    log = MemoryLog(count)
    k = data.draw(st.integers(0, count - 2))
    intruder = log.events[k]._replace(position=log.events[k].position + 1)
    log.events.append(intruder)
    assert first(log.verify()) == (Damage.INSERTED_EVENT, intruder.position)


@given(st.integers(min_value=2, max_value=40), st.data())
def test_two_swapped_events_are_reordered(count: int, data: st.DataObject) -> None:
    log = MemoryLog(count)
    i, j = sorted(
        data.draw(st.lists(st.integers(0, count - 1), min_size=2, max_size=2, unique=True))
    )
    a, b = log.events[i], log.events[j]
    log.events[i], log.events[j] = a._replace(state=b.state), b._replace(state=a.state)
    assert first(log.verify()) == (Damage.REORDERED_EVENTS, a.position)


@given(sizes, st.data())
@settings(max_examples=200)
def test_an_edited_stored_node_is_found_at_the_first_event_below_it(
    count: int, data: st.DataObject
) -> None:
    log = MemoryLog(count)
    level, index = data.draw(st.sampled_from(sorted(log.nodes)))
    log.nodes[(level, index)] = bytes(32)
    if level == 0:
        leaf = log.stored[index]
        log.stored[index] = leaf._replace(hash=bytes(32))
    assert first(log.verify()) == (Damage.ALTERED_NODE, log.stored[index << level].position)


@given(sizes, st.data())
def test_the_roots_recomputed_from_the_events_are_theirs_whatever_was_done_to_them(
    count: int, data: st.DataObject
) -> None:
    # The events' tree is the stored leaves' tree until the first difference, then forks from
    # it: at every wanted size, before or after that point, its root is the events' own.
    log = MemoryLog(count)
    at = data.draw(st.integers(min_value=0, max_value=count - 1))
    change = data.draw(st.sampled_from(["none", "alter", "remove", "insert"]))
    victim = log.events[at]
    if change == "alter":
        log.events[at] = victim._replace(state=(victim.state or b"") + b"!")
    elif change == "remove":
        del log.events[at]
    elif change == "insert":
        log.events.append(victim._replace(position=victim.position - 1, state=b"slipped in"))
    wanted = set(data.draw(st.lists(st.integers(min_value=1, max_value=count + 1), max_size=5)))
    evidence = scan(log, log.state, wanted | {log.state.size})
    leaves = [record_leaf(r) for r in log.records() if r.position <= log.state.position]
    assert evidence.events == len(leaves)
    assert evidence.root == root_from_leaf_hashes(leaves)
    assert evidence.roots == {
        size: root_from_leaf_hashes(leaves[:size])
        for size in wanted | {log.state.size}
        if size <= len(leaves)
    }
