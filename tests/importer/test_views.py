"""The import pages: upload or paste, review with the uncertain parts highlighted, save as a draft plan."""
import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity
from budgets.models import BudgetLine
from plans.models import Plan, Unit

pytestmark = pytest.mark.django_db

DOCUMENTS = django_settings.BASE_DIR / "fixtures" / "documents"


def seed_text(prefix):
    """The text of one of the five plan documents the project carries ("001" is 19/KH-TGPL)."""
    return next(DOCUMENTS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def docx_bytes(text):
    from docx import Document

    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def review_post_data(review):
    """What the review form submits unchanged: its hidden draft, the header and every unit choice."""
    form = review.context["review"]
    data = {"draft": form["draft"].value()}
    for name in ("number", "place", "issued_on", "start_year", "title", "issuing_unit"):
        value = form[name].value()
        data[name] = "" if value is None else value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value
    for index, _name in enumerate(form.unit_names):
        data[f"don-vi-{index}"] = form[f"don-vi-{index}"].value() or []
    return data


def test_pasted_plan_is_reviewed_then_saved_as_a_draft(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    plans_before, activities_before = Plan.objects.count(), Activity.objects.count()
    review = client.post(reverse("importer:import"), {"text": seed_text("001")})
    assert review.status_code == 200
    html = review.content.decode()
    assert "Đã đọc được 12 hoạt động" in html and "460.400.000 đ" in html
    assert (Plan.objects.count(), Activity.objects.count()) == (plans_before, activities_before)  # nothing saved yet

    data = review_post_data(review)
    assert data["number"] == "19/KH-TGPL" and data["issuing_unit"]
    response = client.post(reverse("importer:import_save"), data)
    plan = Plan.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.status == Plan.Status.DRAFT and plan.number == "19/KH-TGPL"
    assert plan.activities.filter(kind="activity").count() == 12
    assert sum(BudgetLine.objects.filter(activity__plan=plan).values_list("amount", flat=True)) == 460_400_000
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "460.400.000" in page


def test_an_uploaded_docx_is_read_like_the_text(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    upload = SimpleUploadedFile("ke-hoach.docx", docx_bytes(seed_text("001")),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    review = client.post(reverse("importer:import"), {"document": upload})
    assert review.status_code == 200 and "Đã đọc được 12 hoạt động" in review.content.decode()


def test_a_unit_choice_is_applied_and_unmatched_names_become_new_units(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    review = client.post(reverse("importer:import"), {"text": seed_text("001")})
    form = review.context["review"]
    data = review_post_data(review)
    center = Unit.objects.get(province__code="lang-son", name__startswith="Trung tâm Trợ giúp pháp lý")
    first_name = form.unit_names[0]
    data["don-vi-0"] = [str(center.pk)]
    unmatched = [name for index, name in enumerate(form.unit_names) if not data[f"don-vi-{index}"]]
    units_before = Unit.objects.count()
    client.post(reverse("importer:import_save"), data)
    plan = Plan.objects.latest("pk")
    named = Activity.objects.filter(plan=plan, lead_units=center) | Activity.objects.filter(
        plan=plan, coordinating_units=center)
    assert named.exists(), first_name
    assert Unit.objects.count() == units_before + len(set(unmatched))


def test_review_shows_uncertain_parts_highlighted(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    text = ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSỞ TƯ PHÁP\nSố: 7/KH-STP\n\nKẾ HOẠCH\nTập huấn pháp luật năm 2027\n\n"
            "II. NỘI DUNG\n1. Tập huấn kỹ năng cho trợ giúp viên\n- Chủ trì: Ban Quản lý Dự án Mây Trắng\n"
            "- Thời gian: khi có điều kiện\n")
    review = client.post(reverse("importer:import"), {"text": text})
    html = review.content.decode()
    assert review.status_code == 200
    assert "Ban Quản lý Dự án Mây Trắng" in html and "chưa khớp: sẽ tạo mới" in html
    assert 'class="doubt"' in html or "doubt" in html


@pytest.mark.parametrize("payload, message", [
    ({}, "Hãy chọn tệp văn bản kế hoạch hoặc dán nội dung kế hoạch."),
    ({"text": "Xin chào, đây không phải là một kế hoạch."}, None),
])
def test_bad_input_is_explained_and_nothing_saved(client, demo_data, payload, message, demo_editor):
    client.force_login(demo_editor)
    before = Plan.objects.count()
    response = client.post(reverse("importer:import"), payload)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error"' in html and (message is None or message in html)
    assert Plan.objects.count() == before


@pytest.mark.parametrize("name, data", [
    ("rong.docx", b""),
    ("ngau-nhien.docx", os.urandom(4096)),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100),
    ("cp1258.txt", "KẾ HOẠCH tập huấn".encode("utf-16")[:7] + b"\xff\xfe\x00"),
])
def test_bad_files_get_a_message_not_a_crash(client, demo_data, name, data, demo_editor):
    client.force_login(demo_editor)
    before = Plan.objects.count()
    response = client.post(reverse("importer:import"), {"document": SimpleUploadedFile(name, data)})
    assert response.status_code == 400 and 'class="error"' in response.content.decode()
    assert Plan.objects.count() == before


def test_a_file_over_the_limit_is_refused(client, demo_data, settings, demo_editor):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(demo_editor)
    response = client.post(reverse("importer:import"),
                           {"document": SimpleUploadedFile("lon.txt", b"KE HOACH\n" * 500)})
    assert response.status_code == 400 and "Tệp quá lớn" in response.content.decode()


def test_a_tampered_or_stale_draft_saves_nothing(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    review = client.post(reverse("importer:import"), {"text": seed_text("001")})
    data = review_post_data(review)
    data["draft"] = data["draft"][:-3] + "abc"
    before = Plan.objects.count()
    response = client.post(reverse("importer:import_save"), data, follow=True)
    assert "hết hạn hoặc không hợp lệ" in response.content.decode()
    assert Plan.objects.count() == before


def test_review_errors_keep_what_was_typed(client, demo_data, demo_editor):
    client.force_login(demo_editor)
    review = client.post(reverse("importer:import"), {"text": seed_text("001")})
    data = review_post_data(review) | {"issued_on": "31/02/2021", "title": "Tên đã sửa"}
    before = Plan.objects.count()
    response = client.post(reverse("importer:import_save"), data)
    html = response.content.decode()
    assert response.status_code == 400 and "Tên đã sửa" in html and 'class="field-error"' in html
    assert Plan.objects.count() == before


@pytest.mark.parametrize("username", ["trungtam", "lanhdao"])
def test_read_only_roles_cannot_import(client, demo_data, username, demo_users):
    client.force_login(demo_users[username])
    assert client.get(reverse("importer:import")).status_code == 403
    assert client.post(reverse("importer:import"), {"text": seed_text("001")}).status_code == 403
    assert client.post(reverse("importer:import_save"), {"draft": "x"}).status_code == 403


def test_a_draft_cannot_be_saved_into_another_province(client, demo_data, demo_editor, tv_editor):
    """A review signed for Lạng Sơn, replayed by Trà Vinh's editor, saves nothing."""
    client.force_login(demo_editor)
    data = review_post_data(client.post(reverse("importer:import"), {"text": seed_text("001")}))
    client.force_login(tv_editor)
    before = Plan.objects.count()
    client.post(reverse("importer:import_save"), data)
    assert Plan.objects.count() == before


def test_a_name_standing_for_several_units_gets_them_all(client, demo_data, demo_editor):
    """Seed 001 says "Các Phòng": the review proposes every Phòng of the Sở, and the plan gets them all."""
    client.force_login(demo_editor)
    review = client.post(reverse("importer:import"), {"text": seed_text("001")})
    form = review.context["review"]
    index = form.unit_names.index("Các Phòng")
    proposed = form[f"don-vi-{index}"].value()
    assert len(proposed) > 1
    client.post(reverse("importer:import_save"), review_post_data(review))
    plan = Plan.objects.latest("pk")
    assert not Unit.objects.filter(name="Các Phòng").exists()
    rooms = Unit.objects.filter(pk__in=proposed)
    assert Activity.objects.filter(plan=plan, coordinating_units__in=rooms).exists() or Activity.objects.filter(
        plan=plan, lead_units__in=rooms).exists()
