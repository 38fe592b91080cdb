"""Unit names as documents write them, matched against a province's units, without per-document rules."""
import pytest

from importer.reading import expand, match_units, suggest_units
from plans.models import Province, Unit, UnitAlias


@pytest.fixture
def tree(db):
    province = Province.objects.create(name="Cao Bằng", code="cao-bang")
    other = Province.objects.create(name="Hà Giang", code="ha-giang")

    def unit(name, parent=None, short="", kind=Unit.Kind.INTERNAL, where=province):
        return Unit.objects.create(province=where, name=name, short_name=short, parent=parent, kind=kind)

    units = {}
    units["ubnd"] = unit("Ủy ban nhân dân tỉnh Cao Bằng", kind=Unit.Kind.EXTERNAL)
    units["stp"] = unit("Sở Tư pháp tỉnh Cao Bằng", units["ubnd"])
    units["hctp"] = unit("Phòng Hành chính tư pháp và Bổ trợ tư pháp", units["stp"])
    units["tt"] = unit("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Cao Bằng", units["stp"])
    units["hcth"] = unit("Phòng Hành chính - Tổng hợp", units["tt"])
    units["nv"] = unit("Phòng Nghiệp vụ", units["tt"])
    units["cn1"] = unit("Chi nhánh số 1", units["tt"])
    units["ldtbxh"] = unit("Sở Lao động - Thương binh và Xã hội tỉnh Cao Bằng", units["ubnd"], kind=Unit.Kind.EXTERNAL)
    units["tand"] = unit("Tòa án nhân dân tỉnh Cao Bằng", kind=Unit.Kind.EXTERNAL)
    UnitAlias.objects.create(unit=units["cn1"], name="Chi nhánh Trùng Khánh")
    unit("Trung tâm Trợ giúp pháp lý nhà nước tỉnh Hà Giang", where=other)
    return province, units


def test_abbreviations_are_written_out():
    assert expand("Phòng HCTP&BTTP") == "phong hanh chinh tu phap va bo tro tu phap"
    assert expand("Trung tâm TGPLNN") == "trung tam tro giup phap ly nha nuoc"
    assert expand("UBND tỉnh") == "uy ban nhan dan tinh"
    assert expand("Sở LĐTB&XH") == "so lao dong thuong binh va xa hoi"


@pytest.mark.parametrize("written, expected", [
    ("Phòng HCTP&BTTP", "hctp"),
    ("Phòng Hành chính tư pháp & Bổ trợ tư pháp", "hctp"),
    ("phong hanh chinh tu phap va bo tro tu phap", "hctp"),
    ("Trung tâm TGPL", "tt"),
    ("Trung tâm Trợ giúp pháp lý Nhà nước.", "tt"),
    ("TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC", "tt"),
    ("Trung tâm trợ giúp pháp lý", "tt"),
    ("UBND tỉnh", "ubnd"),
    ("Ủy ban nhân dân tỉnh Cao Bằng", "ubnd"),
    ("STP", "stp"),
    ("SỞ TƯ PHÁP", "stp"),
    ("Phòng Hành chính – Tổng hợp", "hcth"),
    ("Phòng HC-TH", "hcth"),
    ("Sở LĐTB&XH", "ldtbxh"),
    ("TAND tỉnh", "tand"),
    ("Chi nhánh Trùng Khánh", "cn1"),
    ("Phòng Văn bản", None),
    ("Trung tâm", None),
])
def test_match_units(tree, written, expected):
    province, units = tree
    found = match_units([written], province)[written]
    assert found == (units[expected] if expected else None)


def test_only_the_provinces_own_units(tree):
    province, units = tree
    other = Province.objects.get(code="ha-giang")
    assert match_units(["Trung tâm TGPL"], other)["Trung tâm TGPL"].province == other
    assert match_units(["Phòng HCTP&BTTP"], other)["Phòng HCTP&BTTP"] is None


def test_a_plural_name_stands_for_the_issuing_units_rooms(tree):
    province, units = tree
    suggestions = suggest_units(["Các Phòng", "Chi nhánh số 1", "Hội Luật gia"], province, issuing_unit=units["tt"])
    assert suggestions == {"Các Phòng": [units["hcth"], units["nv"]], "Chi nhánh số 1": [units["cn1"]],
                           "Hội Luật gia": []}
    assert suggest_units(["Các Phòng"], province)["Các Phòng"] == []
