"""The one tree walker: roots first, then each level; cycles and unknown ids never loop or fail."""
from core.trees import descendants


def test_roots_then_each_level_in_order():
    links = [(1, None), (2, 1), (3, 1), (4, 2), (5, 4), (6, None)]
    assert descendants(links, [1]) == [1, 2, 3, 4, 5]
    assert descendants(links, [4, 6]) == [4, 6, 5]


def test_a_leaf_or_an_unknown_id_is_only_itself():
    links = [(1, None), (2, 1)]
    assert descendants(links, [2]) == [2]
    assert descendants(links, [99]) == [99]


def test_a_cycle_in_bad_data_ends():
    assert sorted(descendants([(1, 2), (2, 1)], [1])) == [1, 2]
