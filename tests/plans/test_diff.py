"""The comparison of two plan snapshots, on plain dicts: no database."""

from plans.diff import ADDED, REMOVED, SAME, Piece, compare, compare_sets, compare_text


def content(**parts) -> dict:
    base = {
        "kind": "ehc_plan",
        "sections": {key: "" for key in ("a", "b", "c", "d", "g", "h1", "h2", "i", "j", "k")},
        "outcomes": [],
        "provision": [],
        "named_settings": [],
        "personal_budgets": [],
    }
    sections = parts.pop("sections", {})
    base["sections"].update(sections)
    base.update(parts)
    return base


def outcome(id, description="Reads aloud to the class", **fields):
    return {
        "id": id,
        "area": "education",
        "area_label": "Education",
        "description": description,
        "by_when": "",
        **fields,
    }


def item(id, description="Speech and language therapy", **fields):
    return {
        "id": id,
        "outcome_id": None,
        "description": description,
        "provider": "NHS SALT service",
        "frequency": "Weekly",
        "funded_by": "health",
        "funded_by_label": "Health",
        **fields,
    }


def test_text_pieces_join_back_into_each_version():
    old, new = "Autism; anxiety at transitions.\nLikes trains.", "Autism; anxiety.\nLikes buses."
    pieces = compare_text(old, new)
    assert "".join(p.text for p in pieces if p.op != ADDED) == old
    assert "".join(p.text for p in pieces if p.op != REMOVED) == new


def test_a_changed_word_is_removed_then_added():
    assert compare_text("Walks to school", "Cycles to school") == [
        Piece(REMOVED, "Walks"),
        Piece(ADDED, "Cycles"),
        Piece(SAME, " to school"),
    ]


def test_a_sentence_that_gains_a_clause_keeps_its_full_stop():
    assert compare_text("Anxious at transitions.", "Anxious at transitions and lunch.") == [
        Piece(SAME, "Anxious at transitions"),
        Piece(ADDED, " and lunch"),
        Piece(SAME, "."),
    ]


def test_same_text_is_one_unchanged_piece():
    assert compare_text("Likes trains.", "Likes trains.") == [Piece(SAME, "Likes trains.")]
    assert compare_text("", "") == []


def test_untouched_sections_have_no_changes():
    found = compare(content(sections={"b": "Autism"}), content(sections={"b": "Autism"}))
    assert not any(section.has_changes for section in found.values())
    assert list(found)[:4] == ["a", "b", "c", "d"]
    assert {"e", "f", "i", "j"} <= set(found)


def test_text_change_is_found_only_in_its_section():
    found = compare(content(sections={"b": "Autism"}), content(sections={"b": "Autism; ADHD"}))
    assert found["b"].text_changed
    assert [s for s, d in found.items() if d.has_changes] == ["b"]


def test_outcomes_matched_by_id_added_removed_and_changed():
    old = content(outcomes=[outcome(1), outcome(2, "Makes a friend")])
    new = content(
        outcomes=[
            outcome(1, "Reads aloud to the class", by_when="End of Year 6"),
            outcome(3, "Travels to school on the bus", area="adulthood"),
        ]
    )
    found = compare(old, new)["e"]
    assert [row["id"] for row in found.added] == [3]
    assert [row["id"] for row in found.removed] == [2]
    [change] = found.changed
    assert change.new["id"] == 1
    assert [(f.label, f.old, f.new) for f in change.fields] == [("By when", "", "End of Year 6")]


def test_rewording_an_outcome_is_a_change_not_a_new_outcome():
    found = compare(
        content(outcomes=[outcome(1, "Reads aloud")]),
        content(outcomes=[outcome(1, "Reads aloud to the class")]),
    )["e"]
    assert not found.added and not found.removed
    assert [f.field for f in found.changed[0].fields] == ["description"]


def test_area_and_funder_changes_are_shown_by_their_labels():
    found = compare(
        content(outcomes=[outcome(1)], provision=[item(5)]),
        content(
            outcomes=[outcome(1, area="health", area_label="Health")],
            provision=[item(5, funded_by="education", funded_by_label="Education")],
        ),
    )
    [area] = found["e"].changed[0].fields
    assert (area.old, area.new) == ("Education", "Health")
    [funder] = found["f"].changed[0].fields
    assert (funder.label, funder.old, funder.new) == ("Funded by", "Health", "Education")


def test_provision_linked_outcome_reads_as_the_outcome():
    old = content(outcomes=[outcome(1)], provision=[item(5)])
    new = content(outcomes=[outcome(1)], provision=[item(5, outcome_id=1)])
    [linked] = compare(old, new)["f"].changed[0].fields
    assert (linked.label, linked.old, linked.new) == (
        "Linked outcome",
        "None",
        "Reads aloud to the class",
    )


def test_removed_provision():
    found = compare(content(provision=[item(5), item(6)]), content(provision=[item(6)]))["f"]
    assert [row["id"] for row in found.removed] == [5]
    assert not found.added and not found.changed


def test_named_settings_and_budgets_compared_whole():
    school = {"name": "Hill Primary", "urn": "100001", "type_label": "Academy", "from": ""}
    moved = {**school, "from": "2025-09-01"}
    budget = {"kind_label": "Transport", "amount": "1200.00", "direct_payment": True}
    found = compare(
        content(named_settings=[school]),
        content(named_settings=[moved], personal_budgets=[budget]),
    )
    assert (found["i"].added, found["i"].removed) == ([moved], [school])
    assert (found["j"].added, found["j"].removed) == ([budget], [])
    assert compare_sets([school], [dict(reversed(school.items()))]) == ([], [])


def test_a_snapshot_missing_parts_reads_as_empty():
    found = compare({"sections": {"a": "Views"}}, content(sections={"a": "Views"}))
    assert not any(section.has_changes for section in found.values())
