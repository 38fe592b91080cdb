"""Display numbers are derived from the tree: decimal paths, "Hoạt động N", and a lone "Hoạt động"."""
from types import SimpleNamespace

from core.numbering import number_nodes, ordered_tree


def node(pk, parent=None, position=0, style="decimal"):
    return SimpleNamespace(pk=pk, parent_id=parent, position=position, number_style=style)


def test_decimal_paths_nest_and_follow_position_not_id():
    nodes = [
        node(1, position=0), node(2, position=1),
        node(5, parent=2, position=1), node(4, parent=2, position=0),
        node(6, parent=5, position=0), node(7, parent=5, position=1),
    ]
    assert number_nodes(nodes) == {1: "1", 2: "2", 4: "2.1", 5: "2.2", 6: "2.2.1", 7: "2.2.2"}


def test_activity_style_counts_its_own_siblings_and_a_lone_one_has_no_number():
    nodes = [
        node(1, position=0), node(2, parent=1, position=0, style="activity"), node(3, parent=1, position=1, style="activity"),
        node(4, position=1), node(5, parent=4, position=0, style="activity"),
        node(6, position=2),
    ]
    numbers = number_nodes(nodes)
    assert numbers == {1: "1", 2: "Hoạt động 1", 3: "Hoạt động 2", 4: "2", 5: "Hoạt động", 6: "3"}


def test_moving_a_node_renumbers_the_rest():
    nodes = [node(1, position=0), node(2, position=1), node(3, position=2)]
    nodes[2].position = -1
    assert number_nodes(nodes) == {3: "1", 1: "2", 2: "3"}


def test_ordered_tree_is_document_order_with_depth():
    nodes = [node(2, position=1), node(1, position=0), node(3, parent=1, position=0), node(4, parent=3)]
    assert [(n.pk, depth) for n, depth in ordered_tree(nodes)] == [(1, 0), (3, 1), (4, 2), (2, 0)]


def test_every_style_of_a_document_keeps_its_own_numbers():
    # "Nhiệm vụ 2 / 2.1 / 2.2", a Roman heading, lettered and dashed items, an unnumbered one.
    nodes = [
        node(1, position=0, style="roman"), node(2, parent=1, position=0, style="task"),
        node(3, parent=1, position=1, style="task"), node(4, parent=3, position=0), node(5, parent=3, position=1),
        node(6, parent=5, position=0, style="letter"), node(7, parent=5, position=1, style="letter"),
        node(8, parent=7, position=0, style="dash"), node(9, parent=7, position=1, style="none"),
        node(10, position=1, style="roman"), node(11, parent=10, position=0, style="item"),
    ]
    assert number_nodes(nodes) == {
        1: "I", 2: "Nhiệm vụ 1", 3: "Nhiệm vụ 2", 4: "2.1", 5: "2.2", 6: "a)", 7: "b)", 8: "-", 9: "",
        10: "II", 11: "Nội dung 1",
    }


def test_the_mark_after_a_number_follows_its_style():
    from core.numbering import number_mark

    assert [number_mark(s) for s in ("decimal", "roman", "activity", "task", "item", "letter", "dash", "none")] == [
        ".", ".", ":", ":", ":", "", "", ""]
