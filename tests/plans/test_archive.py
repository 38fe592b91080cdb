"""Nothing is lost: plans, activities, budget lines and progress updates are archived ("Lưu trữ"), never
deleted; an editor restores them; while archived they count nowhere, their evidence is not served, and the
history says who did it. Runs on the demo season (seed_plans + demo) so report totals are the real ones.
"""
import datetime
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Attachment, PeriodLock, ProgressUpdate, TargetProgress
from budgets.models import BudgetLine, Expenditure
from core.numbering import number_nodes, ordered_tree
from core.periods import parse_period
from plans.models import Plan, Role, Unit
from reports.rows import build_report, parse_scope
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REASON = {"change_reason": "Trùng với kế hoạch khác"}


@pytest.fixture
def demo(demo_users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = dict(demo_users)
    plan = Plan.objects.get(number="19/KH-TGPL")  # issued: every change needs a reason
    section = Activity.objects.get(plan=plan, title__startswith="Đẩy mạnh công tác truyền thông")
    media = Activity.objects.get(plan=plan, title__startswith="Thực hiện hoạt động truyền thông")
    q2 = ProgressUpdate.objects.get(activity=media, year=2021, quarter=2, unit__name="Phòng Hành chính - Tổng hợp")
    evidence = Attachment.objects.create(
        update=q2, file=ContentFile(PDF, name="bien-ban.pdf"), original_name="Biên bản.pdf",
        content_type="application/pdf", size=len(PDF), uploaded_by=users["trungtam"],
    )
    office = Unit.objects.create(province=plan.province, parent=plan.issuing_unit.parent or plan.issuing_unit,
                                 name="Văn phòng Sở")
    users["vanphong"] = make_user("vanphong", office, Role.UPDATER)
    return {"plan": plan, "section": section, "media": media, "q2": q2, "evidence": evidence, "users": users,
            "line": BudgetLine.objects.get(activity=media, amount=177_400_000)}


def login(client, demo, username):
    client.force_login(demo["users"][username])
    return client


def totals(plan, period="2021"):
    report = build_report(parse_scope(f"plan:{plan.pk}", Plan.objects.all()), parse_period(period))
    return {
        "planned": report.totals.planned, "spent": report.totals.spent_to_date, "activities": report.activity_count,
        "statuses": report.status_counts, "rows": [(row.number, row.title, row.planned, row.spent_to_date, row.status)
                                                    for row in report.rows],
    }


def year_totals(plan, period="2021"):
    report = build_report(parse_scope("year:2021", Plan.objects.filter(province=plan.province)), parse_period(period))
    return {"plans": [block.plan.pk for block in report.blocks], "planned": report.totals.planned,
            "spent": report.totals.spent_to_date, "activities": report.activity_count}


def numbered(plan):
    nodes = list(Activity.objects.filter(plan=plan))
    numbers = number_nodes(nodes)
    return [(numbers[node.pk], node.title[:30]) for node, _depth in ordered_tree(nodes)]


def plan_list_row(client, plan):
    page = client.get(reverse("plans:list")).context["page"]
    return next((p for p in page if p.pk == plan.pk), None)


# --- an activity and its subtree --------------------------------------------------------------------------

def test_editor_archives_a_section_with_everything_under_it_and_restores_it(client, demo):
    plan, section, media = demo["plan"], demo["section"], demo["media"]
    editor = login(client, demo, "bientap")
    before, before_numbers = totals(plan), numbered(plan)
    assert before["planned"] == 460_400_000 and before["spent"] == 372_250_000 and before["activities"] == 12
    counts = Expenditure.objects.count(), TargetProgress.objects.count(), ProgressUpdate.all_objects.count()
    subtree = {section.pk, *section.children.values_list("pk", flat=True)}
    assert media.pk in subtree and len(subtree) == 3

    # The confirmation says what goes with it.
    page = editor.get(reverse("activities:delete", args=[plan.pk, section.pk])).content.decode()
    assert "2 mục, hoạt động bên trong cũng được lưu trữ" in page and "5 dòng kinh phí, tổng 460.400.000" in page
    assert "5 lần cập nhật tiến độ đã báo cáo" in page and "8 khoản chi đã ghi" in page

    # An issued plan: without a reason nothing happens.
    editor.post(reverse("activities:delete", args=[plan.pk, section.pk]))
    assert Activity.objects.filter(pk=section.pk).exists()
    response = editor.post(reverse("activities:delete", args=[plan.pk, section.pk]), REASON)
    assert response.status_code == 302

    archived = list(Activity.all_objects.filter(plan=plan, archived_at__isnull=False))
    assert {a.pk for a in archived} == subtree
    stamp = {a.archived_at for a in archived}
    assert len(stamp) == 1
    assert set(BudgetLine.all_objects.filter(activity=media).values_list("archived_at", flat=True)) == stamp
    assert set(ProgressUpdate.all_objects.filter(activity=media).values_list("archived_at", flat=True)) == stamp
    # Nothing was deleted: progress, achievements and spending are all still in the database.
    assert (Expenditure.objects.count(), TargetProgress.objects.count(), ProgressUpdate.all_objects.count()) == counts

    # Siblings below move up: "4" (Nâng cao năng lực) becomes "3".
    after_numbers = numbered(plan)
    assert len(after_numbers) == len(before_numbers) - 3
    assert [n for n, t in after_numbers if t.startswith("Nâng cao năng lực")] == ["3"]
    assert totals(plan)["planned"] == 0 and totals(plan)["spent"] == 0 and totals(plan)["activities"] == 10

    # Its pages are gone; the archive page lists it with what went with it.
    assert editor.get(reverse("progress:activity", args=[media.pk])).status_code == 404
    assert editor.get(reverse("activities:panel", args=[plan.pk, section.pk])).status_code == 404
    page = editor.get(reverse("reports:plan_archive", args=[plan.pk])).content.decode()
    assert section.title[:40] in page and "2 mục, hoạt động bên trong" in page
    assert "5 dòng kinh phí, tổng 460.400.000" in page and "5 cập nhật tiến độ" in page

    # Restore: back at its place, the same set, the same figures.
    editor.post(reverse("activities:restore", args=[plan.pk, section.pk]))  # no reason: refused
    assert not Activity.objects.filter(pk=section.pk).exists()
    response = editor.post(reverse("activities:restore", args=[plan.pk, section.pk]), REASON)
    assert response.status_code == 302 and response["Location"] == reverse("reports:plan_archive", args=[plan.pk])
    assert numbered(plan) == before_numbers
    assert totals(plan) == before
    assert not Activity.all_objects.filter(plan=plan, archived_at__isnull=False).exists()
    assert not BudgetLine.all_objects.filter(archived_at__isnull=False).exists()


def test_a_node_archived_on_its_own_stays_archived_when_its_parent_comes_back(client, demo):
    plan, section, media = demo["plan"], demo["section"], demo["media"]
    editor = login(client, demo, "bientap")
    editor.post(reverse("activities:delete", args=[plan.pk, media.pk]), REASON)
    sibling = Activity.objects.get(parent=section)
    assert sibling.position == 1  # renumbered
    editor.post(reverse("activities:delete", args=[plan.pk, section.pk]), REASON)
    # Inside an archived section, the earlier one is not offered (its container is archived) …
    page = editor.get(reverse("reports:plan_archive", args=[plan.pk])).content.decode()
    assert reverse("activities:restore", args=[plan.pk, media.pk]) not in page
    response = editor.post(reverse("activities:restore", args=[plan.pk, media.pk]), REASON, follow=True)
    assert "hãy khôi phục mục đó trước" in response.content.decode()
    editor.post(reverse("activities:restore", args=[plan.pk, section.pk]), REASON)
    assert set(Activity.objects.filter(parent=section)) == {sibling}
    assert Activity.all_objects.get(pk=media.pk).archived_at is not None
    # … and once the section is back, it is, and goes back first, where it was.
    page = editor.get(reverse("reports:plan_archive", args=[plan.pk])).content.decode()
    assert reverse("activities:restore", args=[plan.pk, media.pk]) in page
    editor.post(reverse("activities:restore", args=[plan.pk, media.pk]), REASON)
    assert list(Activity.objects.filter(parent=section).order_by("position")) == [media, sibling]
    assert totals(plan)["planned"] == 460_400_000


def test_restoring_at_an_old_position_beyond_the_end_appends(client, demo):
    plan = demo["plan"]
    editor = login(client, demo, "bientap")
    last = Activity.objects.filter(plan=plan, parent=None).order_by("-position").first()
    top = list(Activity.objects.filter(plan=plan, parent=None).order_by("position"))
    editor.post(reverse("activities:delete", args=[plan.pk, last.pk]), REASON)
    editor.post(reverse("activities:delete", args=[plan.pk, top[0].pk]), REASON)
    editor.post(reverse("activities:restore", args=[plan.pk, last.pk]), REASON)
    positions = list(Activity.objects.filter(plan=plan, parent=None).order_by("position").values_list("pk", "position"))
    assert positions == [(node.pk, i) for i, node in enumerate(top[1:], start=1)]


# --- a budget line ------------------------------------------------------------------------------------------

def test_editor_archives_and_restores_a_budget_line(client, demo):
    plan, media, line = demo["plan"], demo["media"], demo["line"]
    editor = login(client, demo, "bientap")
    before = totals(plan)
    editor.post(reverse("budgets:line_delete", args=[plan.pk, media.pk, line.pk]), REASON)
    line = BudgetLine.all_objects.get(pk=line.pk)
    assert line.archived_by == demo["users"]["bientap"]
    # The line and the 150.000.000 spent against it count nowhere; the expenditure row stays.
    after = totals(plan)
    assert after["planned"] == before["planned"] - 177_400_000 and after["spent"] == before["spent"] - 150_000_000
    assert Expenditure.objects.filter(budget_line=line).count() == 1
    page = editor.get(reverse("progress:activity", args=[media.pk])).content.decode()
    assert f'id="con-lai-{line.pk}"' not in page and "dòng kinh phí đã lưu trữ" in page
    assert plan_list_row(editor, plan).budget_total == before["planned"] - 177_400_000
    # Listed on the archive page with who and when, then restored.
    page = editor.get(reverse("reports:plan_archive", args=[plan.pk])).content.decode()
    assert "177.400.000" in page and line.archived_at.astimezone().strftime("%d/%m/%Y") in page
    response = editor.post(reverse("budgets:line_restore", args=[plan.pk, media.pk, line.pk]), REASON)
    assert response.status_code == 302
    assert totals(plan) == before
    assert plan_list_row(editor, plan).budget_total == 460_400_000


# --- a progress update ---------------------------------------------------------------------------------------

def test_editor_archives_and_restores_a_progress_update(client, demo):
    plan, media, q2 = demo["plan"], demo["media"], demo["q2"]
    editor = login(client, demo, "bientap")
    before, q2_before = totals(plan), totals(plan, "2021-Q2")
    page = editor.get(reverse("progress:update_archive", args=[q2.pk])).content.decode()
    assert "4 khoản chi, tổng 250.750.000" in page and "1 tệp minh chứng" in page
    assert editor.post(reverse("progress:update_archive", args=[q2.pk])).status_code == 400  # reason owed
    assert ProgressUpdate.objects.filter(pk=q2.pk).exists()
    assert editor.post(reverse("progress:update_archive", args=[q2.pk]), REASON).status_code == 302
    assert totals(plan)["spent"] == before["spent"] - 250_750_000
    assert totals(plan, "2021-Q2")["rows"] != q2_before["rows"]
    assert Expenditure.objects.filter(progress_update=q2).count() == 4  # kept, not counted
    page = editor.get(reverse("progress:activity", args=[media.pk])).content.decode()
    assert f'id="cap-nhat-{q2.pk}"' not in page and "1 cập nhật đã lưu trữ" in page
    page = editor.get(reverse("reports:plan_archive", args=[plan.pk])).content.decode()
    assert reverse("progress:update_restore", args=[q2.pk]) in page
    response = editor.post(reverse("progress:update_restore", args=[q2.pk]), {**REASON, "back": "archive"})
    assert response["Location"] == reverse("reports:plan_archive", args=[plan.pk])
    assert totals(plan) == before and totals(plan, "2021-Q2") == q2_before


def test_reporting_unit_archives_and_restores_its_own_update_while_the_quarter_is_open(client, demo):
    plan, media, q2 = demo["plan"], demo["media"], demo["q2"]
    updater = login(client, demo, "trungtam")
    page = updater.get(reverse("progress:activity", args=[media.pk])).content.decode()
    assert reverse("progress:update_archive", args=[q2.pk]) in page
    assert updater.post(reverse("progress:update_archive", args=[q2.pk]), REASON).status_code == 302
    q2 = ProgressUpdate.all_objects.get(pk=q2.pk)
    assert q2.archived_by == demo["users"]["trungtam"]
    # The activity page offers the unit its archived report back.
    page = updater.get(reverse("progress:activity", args=[media.pk])).content.decode()
    assert reverse("progress:update_restore", args=[q2.pk]) in page
    updater.post(reverse("progress:update_restore", args=[q2.pk]), REASON)
    assert ProgressUpdate.objects.filter(pk=q2.pk).exists()

    # A locked quarter: neither the unit nor an editor may archive or restore its report.
    PeriodLock.objects.create(province=plan.province, year=2021, quarter=2, locked_by=demo["users"]["lanhdao"])
    response = updater.post(reverse("progress:update_archive", args=[q2.pk]), REASON, follow=True)
    assert "đã được khóa" in response.content.decode() and ProgressUpdate.objects.filter(pk=q2.pk).exists()
    editor = login(client, demo, "bientap")
    assert "đã được khóa" in editor.get(reverse("progress:update_archive", args=[q2.pk])).content.decode()
    editor.post(reverse("progress:update_archive", args=[q2.pk]), REASON)
    assert ProgressUpdate.objects.filter(pk=q2.pk).exists()


def test_a_unit_may_report_again_for_the_quarter_of_an_archived_update(client, demo):
    from progress.services import ProgressInput, progress_save

    media, q2 = demo["media"], demo["q2"]
    login(client, demo, "bientap").post(reverse("progress:update_archive", args=[q2.pk]), REASON)
    again = progress_save(activity=media, unit=q2.unit, year=2021, quarter=2, author=demo["users"]["trungtam"],
                          expected_version=0, data=ProgressInput(status="done", result="Báo cáo lại"))
    assert again.pk != q2.pk
    # Two reports for one quarter cannot both count: restoring the old one is refused.
    response = client.post(reverse("progress:update_restore", args=[q2.pk]), REASON, follow=True)
    assert "đã có một cập nhật khác cho kỳ này" in response.content.decode()
    assert ProgressUpdate.all_objects.get(pk=q2.pk).archived_at is not None


# --- a whole plan --------------------------------------------------------------------------------------------

def test_editor_archives_a_plan_it_vanishes_everywhere_and_comes_back(client, demo):
    plan, media, evidence = demo["plan"], demo["media"], demo["evidence"]
    editor = login(client, demo, "bientap")
    year_before, plan_before = year_totals(plan), totals(plan)
    assert plan.pk in year_before["plans"]
    page = editor.get(reverse("plans:archive", args=[plan.pk])).content.decode()
    assert "16 mục, hoạt động" in page and "5 dòng kinh phí, tổng 460.400.000" in page
    assert "14 lần cập nhật tiến độ" in page and "8 khoản chi" in page
    assert editor.post(reverse("plans:archive", args=[plan.pk])).status_code == 400  # reason owed
    response = editor.post(reverse("plans:archive", args=[plan.pk]), REASON)
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")
    archived = Plan.all_objects.get(pk=plan.pk)
    assert archived.archived_by == demo["users"]["bientap"]
    assert not Activity.objects.filter(plan=plan).exists()
    assert Activity.all_objects.filter(plan=plan, archived_at=archived.archived_at).count() == 16

    # Gone from the list, its pages, the unit's work, the dashboard and the year's report.
    assert plan_list_row(editor, plan) is None
    assert editor.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    assert editor.get(reverse("activities:editor", args=[plan.pk])).status_code == 404
    assert editor.get(reverse("reports:plan_history", args=[plan.pk])).status_code == 404
    assert editor.get(reverse("progress:activity", args=[media.pk])).status_code == 404
    assert editor.get(reverse("progress:attachment", args=[evidence.pk])).status_code == 404
    assert editor.get(reverse("reports:report"), {"pham_vi": f"plan:{plan.pk}", "ky": "2021"}).status_code == 404
    work = login(client, demo, "trungtam").get(reverse("progress:work_list")).content.decode()
    assert media.title[:40] not in work
    dashboard = login(client, demo, "lanhdao").get(reverse("reports:dashboard"), {"nam": 2021}).content.decode()
    assert "19/KH-TGPL" not in dashboard and "460.400.000" not in dashboard
    year_after = year_totals(plan)
    assert plan.pk not in year_after["plans"]
    assert year_after["planned"] == year_before["planned"] - 460_400_000

    # The province's archive list shows it with who and when; its archive page offers the restore.
    editor = login(client, demo, "bientap")
    page = editor.get(reverse("plans:archived")).content.decode()
    assert "19/KH-TGPL" in page and reverse("plans:restore", args=[plan.pk]) in page
    assert archived.archived_at.astimezone().strftime("%d/%m/%Y") in page
    page = editor.get(reverse("reports:plan_archive", args=[plan.pk])).content.decode()
    assert "Kế hoạch này đã được lưu trữ" in page and reverse("plans:restore", args=[plan.pk]) in page

    editor.post(reverse("plans:restore", args=[plan.pk]))  # no reason: refused
    assert not Plan.objects.filter(pk=plan.pk).exists()
    response = editor.post(reverse("plans:restore", args=[plan.pk]), REASON)
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert year_totals(plan) == year_before and totals(plan) == plan_before
    assert editor.get(reverse("progress:attachment", args=[evidence.pk])).status_code == 200
    assert reverse("plans:restore", args=[plan.pk]) not in editor.get(reverse("plans:archived")).content.decode()


def test_a_draft_plan_is_archived_without_a_reason(client, demo):
    editor = login(client, demo, "bientap")
    draft = Plan.objects.create(province=demo["plan"].province, title="Dự thảo thử", start_year=2022)
    assert editor.post(reverse("plans:archive", args=[draft.pk])).status_code == 302
    assert not Plan.objects.filter(pk=draft.pk).exists()
    editor.post(reverse("plans:restore", args=[draft.pk]))
    assert Plan.objects.filter(pk=draft.pk).exists()


def test_plan_restore_leaves_what_was_archived_on_its_own(client, demo):
    plan, media, line = demo["plan"], demo["media"], demo["line"]
    editor = login(client, demo, "bientap")
    editor.post(reverse("budgets:line_delete", args=[plan.pk, media.pk, line.pk]), REASON)
    editor.post(reverse("plans:archive", args=[plan.pk]), REASON)
    editor.post(reverse("plans:restore", args=[plan.pk]), REASON)
    assert BudgetLine.all_objects.get(pk=line.pk).archived_at is not None
    assert totals(plan)["planned"] == 460_400_000 - 177_400_000


# --- evidence files ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("what", ["activity", "update"])
def test_evidence_is_not_served_while_archived_and_is_again_after_restore(client, demo, what):
    plan, media, q2, evidence = demo["plan"], demo["media"], demo["q2"], demo["evidence"]
    editor = login(client, demo, "bientap")
    url = reverse("progress:attachment", args=[evidence.pk])
    assert editor.get(url).status_code == 200
    archive, restore = {
        "activity": (reverse("activities:delete", args=[plan.pk, media.pk]),
                     reverse("activities:restore", args=[plan.pk, media.pk])),
        "update": (reverse("progress:update_archive", args=[q2.pk]),
                   reverse("progress:update_restore", args=[q2.pk])),
    }[what]
    editor.post(archive, REASON)
    assert editor.get(url).status_code == 404
    assert login(client, demo, "trungtam").get(url).status_code == 404
    evidence.refresh_from_db()  # the row and the file are kept
    assert evidence.file.storage.exists(evidence.file.name)
    assert login(client, demo, "trungtam").get(reverse("progress:attachment_delete", args=[evidence.pk])).status_code == 404
    login(client, demo, "bientap").post(restore, REASON)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


# --- who may -------------------------------------------------------------------------------------------------

def _archive_urls(demo):
    plan, media, line = demo["plan"], demo["media"], demo["line"]
    return [
        reverse("plans:archive", args=[plan.pk]),
        reverse("activities:delete", args=[plan.pk, media.pk]),
        reverse("budgets:line_delete", args=[plan.pk, media.pk, line.pk]),
    ]


def _restore_urls(demo):
    plan, media, line, q2 = demo["plan"], demo["media"], demo["line"], demo["q2"]
    return [
        reverse("plans:restore", args=[plan.pk]),
        reverse("activities:restore", args=[plan.pk, media.pk]),
        reverse("budgets:line_restore", args=[plan.pk, media.pk, line.pk]),
        reverse("progress:update_restore", args=[q2.pk]),
    ]


def _nothing_archived():
    return not any(model.all_objects.filter(archived_at__isnull=False).exists()
                   for model in (Plan, Activity, BudgetLine, ProgressUpdate))


@pytest.mark.parametrize("username", ["trungtam", "lanhdao"])
def test_read_only_roles_cannot_archive_or_restore(client, demo, username):
    user = login(client, demo, username)
    for address in _archive_urls(demo):
        assert user.post(address, REASON).status_code == 403, address
    assert user.get(reverse("reports:plan_archive", args=[demo["plan"].pk])).status_code == 403
    assert user.get(reverse("plans:archived")).status_code == 403
    assert _nothing_archived()
    # Archived by an editor, they cannot bring it back either.
    editor = login(client, demo, "bientap")
    for address in _archive_urls(demo)[1:]:
        editor.post(address, REASON)
    user = login(client, demo, username)
    for address in _restore_urls(demo)[1:3]:
        assert user.post(address, REASON).status_code == 403, address
    assert Activity.all_objects.get(pk=demo["media"].pk).archived_at is not None


def test_a_leader_and_another_units_updater_cannot_archive_a_report(client, demo):
    q2 = demo["q2"]
    for username in ("lanhdao", "vanphong"):
        user = login(client, demo, username)
        assert user.get(reverse("progress:update_archive", args=[q2.pk])).status_code == 403
        assert user.post(reverse("progress:update_archive", args=[q2.pk]), REASON).status_code == 403
    login(client, demo, "bientap").post(reverse("progress:update_archive", args=[q2.pk]), REASON)
    for username in ("lanhdao", "vanphong"):
        assert login(client, demo, username).post(reverse("progress:update_restore", args=[q2.pk]),
                                                  REASON).status_code == 403
    assert ProgressUpdate.all_objects.get(pk=q2.pk).archived_at is not None


def test_another_province_gets_404_for_everything(client, demo):
    user = login(client, demo, "bientap.tv")
    plan, q2 = demo["plan"], demo["q2"]
    for address in [*_archive_urls(demo), reverse("progress:update_archive", args=[q2.pk])]:
        assert user.get(address).status_code in (404, 405), address
        assert user.post(address, REASON).status_code == 404, address
    assert user.get(reverse("reports:plan_archive", args=[plan.pk])).status_code == 404
    assert _nothing_archived()
    # Archived in Lạng Sơn: still nothing for Trà Vinh to see or restore.
    editor = login(client, demo, "bientap")
    for address in [*_archive_urls(demo)[1:], reverse("progress:update_archive", args=[q2.pk])]:
        editor.post(address, REASON)
    editor.post(reverse("plans:archive", args=[plan.pk]), REASON)
    user = login(client, demo, "bientap.tv")
    for address in _restore_urls(demo):
        assert user.post(address, REASON).status_code == 404, address
    assert user.get(reverse("reports:plan_archive", args=[plan.pk])).status_code == 404
    assert "19/KH-TGPL" not in user.get(reverse("plans:archived")).content.decode()
    assert Plan.all_objects.get(pk=plan.pk).archived_at is not None


def test_crafted_ids_from_another_plan_never_resolve(client, demo):
    plan, media, line = demo["plan"], demo["media"], demo["line"]
    editor = login(client, demo, "bientap")
    other = Plan.objects.exclude(pk=plan.pk).filter(province=plan.province).first()
    editor.post(reverse("activities:delete", args=[plan.pk, media.pk]), REASON)
    assert editor.post(reverse("activities:restore", args=[other.pk, media.pk]), REASON).status_code == 404
    assert editor.post(reverse("budgets:line_restore", args=[other.pk, media.pk, line.pk]), REASON).status_code == 404
    tv_activity = Activity.objects.filter(plan__province__code="tra-vinh").first()
    assert editor.post(reverse("activities:restore", args=[plan.pk, tv_activity.pk]), REASON).status_code == 404
    assert Activity.all_objects.get(pk=media.pk).archived_at is not None
    # GET is not a way to restore.
    assert editor.get(reverse("activities:restore", args=[plan.pk, media.pk])).status_code == 405


def test_anonymous_is_sent_to_sign_in(client, demo):
    for address in [*_archive_urls(demo), *_restore_urls(demo), reverse("plans:archived"),
                    reverse("reports:plan_archive", args=[demo["plan"].pk])]:
        response = client.post(address, REASON)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), address


def test_links_to_the_archive_pages_are_for_editors_only(client, demo):
    plan = demo["plan"]
    for username, shown in (("bientap", True), ("lanhdao", False), ("trungtam", False)):
        user = login(client, demo, username)
        listing = user.get(reverse("plans:list")).content.decode()
        detail = user.get(reverse("plans:detail", args=[plan.pk])).content.decode()
        assert (reverse("plans:archived") in listing) is shown, username
        assert (reverse("reports:plan_archive", args=[plan.pk]) in detail) is shown, username
        assert (reverse("plans:archive", args=[plan.pk]) in detail) is shown, username


# --- history, admin, backup, query counts --------------------------------------------------------------------

def test_history_shows_who_archived_and_restored(client, demo):
    plan, section, line = demo["plan"], demo["section"], demo["line"]
    editor = login(client, demo, "bientap")
    editor.post(reverse("activities:delete", args=[plan.pk, section.pk]), {"change_reason": "Trùng nội dung mục 2"})
    record = Activity.history.filter(id=section.pk).first()
    assert record.history_user == demo["users"]["bientap"] and record.archived_at is not None
    assert record.history_change_reason == "Trùng nội dung mục 2"
    assert BudgetLine.history.filter(id=line.pk).first().history_user == demo["users"]["bientap"]
    editor.post(reverse("activities:restore", args=[plan.pk, section.pk]), {"change_reason": "Khôi phục theo chỉ đạo"})
    page = editor.get(reverse("reports:plan_history", args=[plan.pk])).content.decode()
    assert "<td>Lưu trữ</td>" in page and "<td>Khôi phục</td>" in page
    assert "Trùng nội dung mục 2" in page and "Khôi phục theo chỉ đạo" in page
    page = editor.get(reverse("progress:activity", args=[demo["media"].pk])).content.decode()
    assert "Lưu trữ lúc" in page or "lưu trữ lúc" in page


def test_admin_lists_archived_rows_and_deletes_nothing(client, demo, demo_superuser):
    plan, media = demo["plan"], demo["media"]
    login(client, demo, "bientap").post(reverse("activities:delete", args=[plan.pk, media.pk]), REASON)
    client.force_login(demo_superuser)
    admin = client
    page = admin.get(reverse("admin:activities_activity_changelist"), {"luu_tru": "1"}).content.decode()
    assert media.title[:40] in page
    assert admin.get(reverse("admin:activities_activity_change", args=[media.pk])).status_code == 200
    assert admin.get(reverse("admin:budgets_budgetline_changelist"), {"luu_tru": "1"}).status_code == 200
    assert admin.get(reverse("admin:plans_plan_delete", args=[plan.pk])).status_code == 403


def test_backup_keeps_archived_rows(demo, tmp_path):
    from core.backup import write_backup

    media = demo["media"]
    from activities.services import activity_archive

    activity_archive(activity=media, user=demo["users"]["bientap"], reason="Thử sao lưu")
    write_backup(tmp_path / "sao-luu.zip")
    with zipfile.ZipFile(tmp_path / "sao-luu.zip") as archive:
        rows = json.loads(archive.read("data.json"))
    saved = next(row for row in rows if row["model"] == "activities.activity" and row["pk"] == media.pk)
    assert saved["fields"]["archived_at"] and saved["fields"]["archived_by"] == demo["users"]["bientap"].pk
    assert sum(1 for row in rows if row["model"] == "budgets.budgetline") == BudgetLine.all_objects.count()
    assert BudgetLine.objects.count() < BudgetLine.all_objects.count()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_archived_rows_do_not_change_the_query_count_of_list_pages(client, demo):
    plan = demo["plan"]
    pages = [reverse("plans:list"), reverse("plans:detail", args=[plan.pk]), reverse("progress:work_list"),
             f"{reverse('reports:dashboard')}?nam=2021"]
    editor = login(client, demo, "bientap")
    before = [_queries(editor, url) for url in pages]
    # One of each kind (leaving some of each live, so no prefetch is skipped for want of rows).
    training = Activity.objects.get(plan=plan, title__startswith="Tổ chức hội nghị tập huấn")
    line = BudgetLine.objects.get(activity=demo["media"], amount=40_000_000)
    editor.post(reverse("activities:delete", args=[plan.pk, training.pk]), REASON)
    editor.post(reverse("budgets:line_delete", args=[plan.pk, demo["media"].pk, line.pk]), REASON)
    editor.post(reverse("progress:update_archive", args=[demo["q2"].pk]), REASON)
    editor.post(reverse("plans:archive", args=[Plan.objects.get(number="120/KH-STP").pk]), REASON)
    assert Plan.objects.count() == 4 and ProgressUpdate.objects.count() == ProgressUpdate.all_objects.count() - 3
    assert [_queries(editor, url) for url in pages] == before


def test_plan_list_summary_leaves_archived_rows_out(client, demo):
    plan, media = demo["plan"], demo["media"]
    editor = login(client, demo, "bientap")
    row = plan_list_row(editor, plan)
    assert (row.activity_count, row.budget_total) == (12, 460_400_000)
    editor.post(reverse("activities:delete", args=[plan.pk, media.pk]), REASON)
    row = plan_list_row(editor, plan)
    assert (row.activity_count, row.budget_total) == (11, 0)
    detail = editor.get(reverse("plans:detail", args=[plan.pk]))
    assert detail.context["budget_total"] == 0 and detail.context["trackable_count"] == 11
    assert media.title[:40] not in detail.content.decode()


def test_the_dashboard_leaves_an_archived_update_out(client, demo):
    q2 = demo["q2"]
    leader = login(client, demo, "lanhdao")
    page = leader.get(reverse("reports:dashboard"), {"nam": 2021, "phan": "Q3"}).content.decode()
    assert "372.250.000" in page
    login(client, demo, "bientap").post(reverse("progress:update_archive", args=[q2.pk]), REASON)
    page = login(client, demo, "lanhdao").get(reverse("reports:dashboard"), {"nam": 2021, "phan": "Q3"}).content.decode()
    assert "372.250.000" not in page and "121.500.000" in page
    assert datetime.date.today()  # the dashboard ran without a 500 on a season with an archived report
