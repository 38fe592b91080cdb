"""core.search: matching without diacritics on word starts and initials, best match first."""
import pytest

from core.search import rank, ranked, words

UNITS = [
    "Ban Chỉ huy quân sự xã an toàn khu",
    "Tòa án nhân dân huyện Văn Quan",
    "Trung tâm Trợ giúp pháp lý nhà nước",
    "Ủy ban nhân dân huyện Cao Lộc",
    "Phòng Tư pháp huyện Cao Lộc",
    "Tòa án nhân dân tỉnh Lạng Sơn",
    "Sở Tài chính",
]


def search(query):
    return ranked(query, UNITS, lambda unit: [unit])


def test_words_are_folded():
    assert words("Đồng bào TẬP HUẤN, số 19/KH-TGPL") == ["dong", "bao", "tap", "huan", "so", "19", "kh", "tgpl"]


@pytest.mark.parametrize(("query", "first"), [
    ("toa an", "Tòa án nhân dân huyện Văn Quan"),
    ("Tòa án tỉnh", "Tòa án nhân dân tỉnh Lạng Sơn"),
    ("tgpl", "Trung tâm Trợ giúp pháp lý nhà nước"),
    ("ttgpl", "Trung tâm Trợ giúp pháp lý nhà nước"),
    ("trung tam tgpl", "Trung tâm Trợ giúp pháp lý nhà nước"),
    ("ubnd", "Ủy ban nhân dân huyện Cao Lộc"),
    ("tu phap", "Phòng Tư pháp huyện Cao Lộc"),
    ("SO TAI", "Sở Tài chính"),
])
def test_the_unit_a_person_means_comes_first(query, first):
    assert search(query)[0] == first


def test_a_match_across_a_word_pair_ranks_after_the_court():
    found = search("toa an")
    assert found.index("Ban Chỉ huy quân sự xã an toàn khu") > found.index("Tòa án nhân dân tỉnh Lạng Sơn")
    assert found[:2] == ["Tòa án nhân dân huyện Văn Quan", "Tòa án nhân dân tỉnh Lạng Sơn"]  # ties: given order


def test_inside_a_word_is_not_a_match():
    assert search("oan") == []  # "toàn", "Quan": inside words
    found = search("huy")  # the whole word "huy" first, then "huyện"
    assert found[0] == "Ban Chỉ huy quân sự xã an toàn khu"
    assert set(found[1:]) == {"Tòa án nhân dân huyện Văn Quan", "Ủy ban nhân dân huyện Cao Lộc",
                              "Phòng Tư pháp huyện Cao Lộc"}


def test_every_word_typed_must_match():
    assert search("toa an cao loc") == []
    assert search("nhan dan cao loc") == ["Ủy ban nhân dân huyện Cao Lộc"]


def test_whole_words_beat_initials_which_beat_beginnings():
    assert rank("tap", "tập") < rank("tap", "tập huấn")  # a shorter text, all else equal
    assert rank("tap", "tập huấn") < rank("tap", "lớp tập huấn")  # earlier first
    assert rank("tgpl", "Trung tâm TGPL") < rank("tgpl", "Trợ giúp pháp lý")
    assert rank("tgp", "Trợ giúp pháp lý") < rank("tgp", "tgpx")
    # Two letters are more often the start of a word than initials.
    assert ranked("to", ["Thôn Ô Rô", "Tòa án"], lambda t: [t]) == ["Tòa án", "Thôn Ô Rô"]


def test_the_preferred_name_wins_and_an_empty_query_finds_nothing():
    assert rank("tgpl", "Trung tâm TGPL", "Trợ giúp pháp lý") < rank("tgpl", "Trợ giúp pháp lý", "Trung tâm TGPL")
    assert rank("", "anything") is None
    assert rank("  ,; ", "anything") is None
