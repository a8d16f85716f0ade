"""Two saves of the same record at the same moment, each on its own database connection: the
row lock makes the second wait for the first to commit, then see that the version moved on.
Exactly one wins, every time, and the history holds exactly its change."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from cases.models import Child
from cases.services import children
from core.locking import StaleEdit
from tests.factories import ChildFactory, TeamFactory, UserFactory

ROUNDS = 5

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: row locks (SQLite serialises whole-database writes instead)",
)


def _race(child_pk: int, version: int, users, names: list[str]) -> list[object]:
    """Each thread loads the child, waits for the other, then saves its name at `version`."""
    results: list[object] = [None] * len(names)
    ready = threading.Barrier(len(names))

    def save(index: int) -> None:
        try:
            child = Child.objects.get(pk=child_pk)
            ready.wait(timeout=10)
            children.update_child(
                child=child, by=users[index], version=version, preferred_name=names[index]
            )
            results[index] = "saved"
        except StaleEdit as refused:
            results[index] = refused
        except Exception as error:  # reported by the assertions below
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_exactly_one_wins():
    team = TeamFactory(name="North team")
    users = [
        UserFactory(username="casey", first_name="Casey", last_name="Lee", teams=[team]),
        UserFactory(username="robin", first_name="Robin", last_name="Ash", teams=[team]),
    ]
    child = ChildFactory(team=team, date_of_birth=date(2015, 3, 1), preferred_name="")
    for round_ in range(ROUNDS):
        child.refresh_from_db()
        history_before = child.history.count()
        names = [f"Mia {round_}", f"Millie {round_}"]
        results = _race(child.pk, child.version, users, names)

        assert sorted(map(type, results), key=str) == sorted([str, StaleEdit], key=str), results
        winner = results.index("saved")
        refused = results[1 - winner]
        assert refused.current.preferred_name == names[winner]
        assert str(users[winner].get_full_name()) in refused.messages[0]
        child.refresh_from_db()
        assert child.preferred_name == names[winner]
        assert child.history.count() == history_before + 1
        assert child.history.first().history_user == users[winner]


@pytest.mark.django_db(transaction=True)
def test_without_a_version_both_saves_go_through_in_turn():
    """Callers that are not forms (imports, other services) pass no version: the lock still
    queues them, and neither is refused."""
    team = TeamFactory(name="North team")
    users = [UserFactory(username=f"user{i}", teams=[team]) for i in range(2)]
    child = ChildFactory(team=team, date_of_birth=date(2015, 3, 1), preferred_name="")
    history_before = child.history.count()
    results = _race(child.pk, None, users, ["Mia", "Millie"])
    assert results == ["saved", "saved"]
    child.refresh_from_db()
    assert child.version == 3
    assert child.history.count() == history_before + 2
