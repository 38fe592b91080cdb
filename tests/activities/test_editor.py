"""The content editor: the tree of sections and activities, one activity's panel, targets, unit picking,
the timeframe preview, deletion, access by role and province, the change reason and concurrent saves."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, ProgressUpdate, Target
from core.numbering import number_nodes
from plans.models import Role, Unit, UnitAlias
from tests.factories import make_people, make_plan, make_province, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world():
    ls, ls_dept, ls_centre, ls_branch = make_province("Lạng Sơn", "lang-son")
    tv, tv_dept, tv_centre, _tv_branch = make_province("Trà Vinh", "tra-vinh")
    UnitAlias.objects.create(unit=ls_centre, name="Trung tâm TGPLNN")
    people = make_people(ls_dept, ls_centre)
    plan = make_plan(ls, ls_centre, number="19/KH-TGPL", start_year=2021)
    other_plan = make_plan(tv, tv_centre, title="Kế hoạch của Trà Vinh")
    other_activity = Activity.objects.create(plan=other_plan, title="Hoạt động của Trà Vinh", position=1)
    return {
        "plan": plan, "people": people, "dept": ls_dept, "centre": ls_centre, "branch": ls_branch,
        "other_plan": other_plan, "other_activity": other_activity, "tv_centre": tv_centre,
        "outsider": make_user("tv-editor", tv_dept, Role.EDITOR),
    }


@pytest.fixture
def editor(client, world):
    client.force_login(world["people"][Role.EDITOR])
    return client


def url(name, *args):
    return reverse(f"activities:{name}", args=args)


def numbered(plan):
    """[(number, title)] in document order, as the editor shows them."""
    nodes = list(Activity.objects.filter(plan=plan))
    numbers = number_nodes(nodes)
    from core.numbering import ordered_tree

    return [(numbers[n.pk], n.title) for n, _depth in ordered_tree(nodes)]


def positions(plan, parent=None):
    return list(Activity.objects.filter(plan=plan, parent=parent).order_by("position").values_list("position", flat=True))


def add(client, plan, op, node=None, title="", reason=None, **extra):
    data = {"op": op, "title": title, **({"node": node.pk} if node else {})}
    if reason is not None:
        data["change_reason"] = reason
    return client.post(url("tree_action", plan.pk), data, **extra)


def form_data(activity, **changes):
    data = {
        "version": activity.version, "kind": activity.kind, "number_style": activity.number_style,
        "title": activity.title, "description": activity.description, "lead_text": activity.lead_text,
        "coordinating_text": activity.coordinating_text, "timeframe_text": activity.timeframe_text,
        "expected_result": activity.expected_result, "funding_text": activity.funding_text,
        "lead_units": [u.pk for u in activity.lead_units.all()],
        "coordinating_units": [u.pk for u in activity.coordinating_units.all()],
    }
    data.update(changes)
    return data


# --- the tree -----------------------------------------------------------------------------------------

def test_editor_builds_a_numbered_tree_step_by_step(editor, world):
    plan = world["plan"]
    page = editor.get(url("editor", plan.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Soạn nội dung kế hoạch" in html and "htmx-2.0.11.min.js" in html and "<script>" not in html

    response = add(editor, plan, "add-section", title="Đẩy mạnh truyền thông", **HTMX)
    assert response.status_code == 200
    assert 'id="content-tree"' in response.content.decode()
    first = Activity.objects.get(plan=plan, title="Đẩy mạnh truyền thông")
    assert first.kind == "section"
    # The new node's panel comes with the tree, ready to type into.
    assert 'id="activity-panel"' in response.content.decode() and 'hx-swap-oob="true"' in response.content.decode()

    add(editor, plan, "add-activity-inside", first, title="Tập huấn", **HTMX)
    add(editor, plan, "add-section-after", first, title="Kiện toàn tổ chức", **HTMX)
    training = Activity.objects.get(title="Tập huấn")
    add(editor, plan, "add-activity-after", training, title="Phát tờ gấp", **HTMX)
    add(editor, plan, "add-activity", title="", **HTMX)
    assert numbered(plan) == [
        ("1", "Đẩy mạnh truyền thông"), ("1.1", "Tập huấn"), ("1.2", "Phát tờ gấp"),
        ("2", "Kiện toàn tổ chức"), ("3", "Hoạt động mới"),
    ]
    assert positions(plan) == [1, 2, 3] and positions(plan, first) == [1, 2]
    tree = editor.get(url("editor", plan.pk)).content.decode()
    assert "1.2." in tree and "Phát tờ gấp" in tree


def test_nest_unnest_and_move_renumber_positions(editor, world):
    plan = world["plan"]
    a = Activity.objects.create(plan=plan, title="A", position=0)
    b = Activity.objects.create(plan=plan, title="B", position=0)  # duplicate positions, as old data may have
    c = Activity.objects.create(plan=plan, title="C", position=5)

    response = add(editor, plan, "indent", b, **HTMX)
    assert "Đã đưa vào trong mục phía trên." in response.content.decode()
    assert numbered(plan) == [("1", "A"), ("1.1", "B"), ("2", "C")]
    add(editor, plan, "indent", c, **HTMX)
    assert numbered(plan) == [("1", "A"), ("1.1", "B"), ("1.2", "C")]
    add(editor, plan, "up", c, **HTMX)
    assert numbered(plan) == [("1", "A"), ("1.1", "C"), ("1.2", "B")]
    add(editor, plan, "down", c, **HTMX)
    assert numbered(plan) == [("1", "A"), ("1.1", "B"), ("1.2", "C")]
    add(editor, plan, "outdent", b, **HTMX)
    assert numbered(plan) == [("1", "A"), ("1.1", "C"), ("2", "B")]
    assert positions(plan) == [1, 2] and positions(plan, a) == [1]

    # At either end nothing moves and the editor says why.
    response = add(editor, plan, "up", a, **HTMX)
    assert "đã ở đầu" in response.content.decode()
    response = add(editor, plan, "outdent", a, **HTMX)
    assert "cấp ngoài cùng" in response.content.decode()
    assert numbered(plan) == [("1", "A"), ("1.1", "C"), ("2", "B")]


def test_adding_at_the_end_empties_the_title_box_but_adding_in_a_row_leaves_it(editor, world):
    plan = world["plan"]
    html = add(editor, plan, "add-section", title="Đẩy mạnh truyền thông", **HTMX).content.decode()
    # Sent back empty and out of band, so a second click does not add the same section twice.
    assert re.search(r'<input type="text" id="new-title" name="title" placeholder="[^"]*" hx-swap-oob="true">', html)
    first = Activity.objects.get(plan=plan)
    html = add(editor, plan, "add-activity-inside", first, **HTMX).content.decode()
    assert 'id="new-title"' not in html  # whatever is typed there was not used


def test_opening_a_node_moves_the_tree_highlight_to_it(editor, world):
    plan = world["plan"]
    first = Activity.objects.create(plan=plan, title="Thứ nhất", position=1)
    second = Activity.objects.create(plan=plan, title="Thứ hai", position=2)
    html = editor.get(url("panel", plan.pk, second.pk), **HTMX).content.decode()
    assert 'id="activity-panel"' in html and 'id="content-tree" class="content-tree" hx-swap-oob="true"' in html
    assert re.search(rf'class="tree-row [^"]* selected" id="node-{second.pk}"', html)
    assert not re.search(rf'selected" id="node-{first.pk}"', html)


def test_tree_steps_work_without_javascript(editor, world):
    plan = world["plan"]
    response = add(editor, plan, "add-section", title="Mục một")
    node = Activity.objects.get(title="Mục một")
    assert response.status_code == 302 and response["Location"].endswith(f"?hd={node.pk}#node-{node.pk}")
    page = editor.get(response["Location"])
    assert "Đã thêm mục mới." in page.content.decode()
    assert 'id="activity-form"' in page.content.decode()


def test_activity_style_numbering_is_recomputed(editor, world):
    plan = world["plan"]
    first = Activity.objects.create(plan=plan, title="Hoạt động một", position=1, number_style="activity")
    second = Activity.objects.create(plan=plan, title="Hoạt động hai", position=2)
    editor.post(url("panel", plan.pk, second.pk), form_data(second, number_style="activity"), **HTMX)
    assert numbered(plan) == [("Hoạt động 1", "Hoạt động một"), ("Hoạt động 2", "Hoạt động hai")]
    add(editor, plan, "down", first, **HTMX)
    assert numbered(plan) == [("Hoạt động 1", "Hoạt động hai"), ("Hoạt động 2", "Hoạt động một")]


# --- the activity panel -------------------------------------------------------------------------------

def test_save_activity_with_units_timeframe_and_texts(editor, world):
    plan, centre, branch = world["plan"], world["centre"], world["branch"]
    activity = Activity.objects.create(plan=plan, title="Tạm", position=1)
    panel = editor.get(url("panel", plan.pk, activity.pk), **HTMX)
    assert panel.status_code == 200 and 'name="version" value="1"' in panel.content.decode()

    data = form_data(
        activity, title="Tập huấn kỹ năng cho trợ giúp viên", description="Hai lớp",
        lead_units=[centre.pk], coordinating_units=[branch.pk], lead_text="Trung tâm TGPL",
        timeframe_text="Quý II - III", expected_result="Báo cáo kết quả", funding_text="Ngân sách địa phương",
    )
    response = editor.post(url("panel", plan.pk, activity.pk), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã lưu." in html and 'id="content-tree"' in html  # the tree comes along, renumbered
    activity.refresh_from_db()
    assert activity.title == "Tập huấn kỹ năng cho trợ giúp viên"
    assert list(activity.lead_units.all()) == [centre] and list(activity.coordinating_units.all()) == [branch]
    assert activity.lead_text == "Trung tâm TGPL"
    assert (str(activity.start), str(activity.due), activity.timeframe_understood) == ("2021-04-01", "2021-09-30", True)
    assert activity.version == 2
    # The chosen units show their place in the tree.
    assert "Sở Tư pháp › Trung tâm TGPL › Chi nhánh số 1" in html


def test_save_without_javascript_redirects_back_to_the_activity(editor, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Tạm", position=1)
    response = editor.post(url("panel", plan.pk, activity.pk), form_data(activity, title="Đã đổi"))
    assert response.status_code == 302 and f"hd={activity.pk}" in response["Location"]
    assert "Đã lưu “Đã đổi”." in editor.get(response["Location"]).content.decode()


def test_unit_search_ignores_diacritics_and_finds_aliases(editor, world):
    plan = world["plan"]
    search = url("unit_search", plan.pk)
    html = editor.get(search, {"field": "lead_units", "lead_units_q": "chi nhanh"}, **HTMX).content.decode()
    assert "Sở Tư pháp › Trung tâm TGPL › Chi nhánh số 1" in html and f'value="lead_units:{world["branch"].pk}"' in html
    html = editor.get(search, {"field": "lead_units", "lead_units_q": "TGPLNN"}).content.decode()
    assert f'value="lead_units:{world["centre"].pk}"' in html
    html = editor.get(search, {"field": "coordinating_units", "coordinating_units_q": "SO TU PHAP"}).content.decode()
    assert f'value="coordinating_units:{world["dept"].pk}"' in html
    # Another province's units are never offered.
    html = editor.get(search, {"field": "lead_units", "lead_units_q": "tra vinh"}).content.decode()
    assert "Trà Vinh" not in html.replace("tra vinh", "") and "Không tìm thấy" in html
    assert editor.get(search, {"field": "evil", "q": "x"}).status_code == 400


def test_pick_search_and_add_external_body_keep_typed_input(editor, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Gốc", position=1)
    panel = url("panel", plan.pk, activity.pk)

    response = editor.post(panel, {**form_data(activity, title="Đang gõ dở"), "_pick": f"lead_units:{world['centre'].pk}"}, **HTMX)
    html = response.content.decode()
    assert "Đang gõ dở" in html and f'name="lead_units" value="{world["centre"].pk}" checked' in html
    activity.refresh_from_db()
    assert activity.title == "Gốc" and not activity.lead_units.exists()  # nothing saved yet

    response = editor.post(panel, {**form_data(activity), "_search": "lead_units", "lead_units_q": "trung tam"})
    assert response.status_code == 200 and f'value="lead_units:{world["centre"].pk}"' in response.content.decode()

    data = {**form_data(activity, title="Phối hợp với Tòa án"), "_add_external": "coordinating_units",
            "coordinating_units_new": "Tòa án nhân dân tỉnh Lạng Sơn"}
    response = editor.post(panel, data, **HTMX)
    court = Unit.objects.get(name="Tòa án nhân dân tỉnh Lạng Sơn")
    assert court.kind == Unit.Kind.EXTERNAL and court.province == plan.province
    html = response.content.decode()
    assert f'name="coordinating_units" value="{court.pk}" checked' in html and "Phối hợp với Tòa án" in html

    # Saving keeps the new body as a co-ordinating unit.
    editor.post(panel, form_data(activity, coordinating_units=[court.pk]), **HTMX)
    assert list(activity.coordinating_units.all()) == [court]

    # An empty name is explained; adding the same name twice reuses the body.
    response = editor.post(panel, {**form_data(activity), "_add_external": "lead_units", "lead_units_new": " "}, **HTMX)
    assert "Hãy nhập tên cơ quan cần thêm." in response.content.decode()
    editor.post(panel, {**form_data(activity), "_add_external": "lead_units", "lead_units_new": "tòa án nhân dân tỉnh lạng sơn"}, **HTMX)
    assert Unit.objects.filter(province=plan.province, name__iexact="Tòa án nhân dân tỉnh Lạng Sơn").count() == 1


def test_timeframe_preview_and_warning(editor, world):
    plan = world["plan"]
    preview = url("timeframe_preview", plan.pk)
    html = editor.post(preview, {"timeframe_text": "Quý II - III năm 2021"}, **HTMX).content.decode()
    assert "Từ 01/04/2021 đến 30/09/2021" in html and "not-understood" not in html
    html = editor.post(preview, {"timeframe_text": "theo hướng dẫn của Trung ương"}, **HTMX).content.decode()
    assert "not-understood" in html and "Chưa hiểu được thời gian này." in html
    html = editor.post(preview, {"timeframe_text": "Quý IV"}).content.decode()
    assert "Từ 01/10/2021 đến 31/12/2021" in html  # the year comes from the plan

    activity = Activity.objects.create(plan=plan, title="Hoạt động", position=1)
    editor.post(url("panel", plan.pk, activity.pk), form_data(activity, timeframe_text="theo hướng dẫn của Trung ương"))
    activity.refresh_from_db()
    assert activity.timeframe_text == "theo hướng dẫn của Trung ương"
    assert not activity.timeframe_understood and activity.start is None and activity.due is None
    page = editor.get(url("editor", plan.pk), {"hd": activity.pk}).content.decode()
    assert "Chưa hiểu được thời gian này." in page and "chưa đọc được thời gian" in page


def test_bad_input_is_explained_in_vietnamese_and_nothing_is_saved(editor, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Giữ nguyên", position=1)
    data = form_data(activity, title="   ", kind="nonsense", timeframe_text="Cả năm 2021")
    response = editor.post(url("panel", plan.pk, activity.pk), data, **HTMX)
    html = response.content.decode()
    assert "Hãy nhập tên mục hoặc hoạt động." in html and "Loại không hợp lệ." in html
    assert 'value="Cả năm 2021"' in html  # typed input is kept
    activity.refresh_from_db()
    assert activity.title == "Giữ nguyên" and activity.timeframe_text == "" and activity.version == 1


def test_foreign_unit_id_is_rejected(editor, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Hoạt động", position=1)
    response = editor.post(url("panel", plan.pk, activity.pk),
                           form_data(activity, lead_units=[world["tv_centre"].pk]), **HTMX)
    assert "Đơn vị đã chọn không thuộc tỉnh của kế hoạch này." in response.content.decode()
    assert not activity.lead_units.exists()
    # Picking it through the helper button is refused the same way on save, and never listed as chosen.
    response = editor.post(url("panel", plan.pk, activity.pk),
                           {**form_data(activity), "_pick": f"lead_units:{world['tv_centre'].pk}"}, **HTMX)
    assert world["tv_centre"].name not in response.content.decode()


# --- targets ------------------------------------------------------------------------------------------

def test_targets_add_edit_remove(editor, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Phát tờ gấp", position=1)
    response = editor.post(url("target_add", plan.pk, activity.pk),
                           {"new-quantity": "80.000", "new-measure": "tờ gấp", "new-description": "tiếng dân tộc"}, **HTMX)
    assert response.status_code == 200 and "Đã thêm chỉ tiêu." in response.content.decode()
    target = Target.objects.get(activity=activity)
    assert (target.quantity, target.measure, target.description) == (80000, "tờ gấp", "tiếng dân tộc")
    assert 'value="80.000"' in response.content.decode()

    prefix = f"t{target.pk}"
    editor.post(url("target_edit", plan.pk, activity.pk, target.pk),
                {f"{prefix}-quantity": "100000", f"{prefix}-measure": "tờ", f"{prefix}-description": ""}, **HTMX)
    target.refresh_from_db()
    assert (target.quantity, target.measure) == (100000, "tờ")

    response = editor.post(url("target_edit", plan.pk, activity.pk, target.pk),
                           {f"{prefix}-quantity": "-5", f"{prefix}-measure": ""}, **HTMX)
    html = response.content.decode()
    assert "Số lượng không được âm." in html and "Hãy nhập đơn vị tính" in html
    target.refresh_from_db()
    assert target.quantity == 100000

    response = editor.post(url("target_add", plan.pk, activity.pk), {"new-quantity": "12,5", "new-measure": "%"})
    assert "Số lượng phải là số nguyên" in response.content.decode() and Target.objects.count() == 1

    response = editor.post(url("target_delete", plan.pk, activity.pk, target.pk))
    assert response.status_code == 302 and not Target.objects.exists()


# --- archiving (what "Xóa" used to do) ------------------------------------------------------------------

def test_archive_shows_what_goes_with_it_then_archives(editor, world):
    from budgets.models import BudgetLine

    plan = world["plan"]
    section = Activity.objects.create(plan=plan, title="Mục lớn", kind="section", position=1)
    child = Activity.objects.create(plan=plan, parent=section, title="Con", position=1)
    Activity.objects.create(plan=plan, parent=child, title="Cháu", position=1)
    keep = Activity.objects.create(plan=plan, title="Ở lại", position=2)
    Target.objects.create(activity=child, quantity=10, measure="đợt")
    BudgetLine.objects.create(activity=child, amount=177_400_000)
    BudgetLine.objects.create(activity=section, amount=600_000)

    html = editor.get(url("delete", plan.pk, section.pk), **HTMX).content.decode()
    assert "2 mục, hoạt động bên trong cũng được lưu trữ" in html
    assert "1 chỉ tiêu" in html and "2 dòng kinh phí, tổng 178.000.000" in html and ">Lưu trữ</button>" in html

    response = editor.post(url("delete", plan.pk, section.pk), **HTMX)
    assert response.status_code == 200 and "Đã lưu trữ “Mục lớn”" in response.content.decode()
    assert list(Activity.objects.filter(plan=plan)) == [keep]
    keep.refresh_from_db()
    assert keep.position == 1 and numbered(plan) == [("1", "Ở lại")]
    # Nothing was deleted: the nodes and lines are archived with one stamp, the targets kept.
    assert not BudgetLine.objects.exists() and BudgetLine.all_objects.count() == 2
    archived = Activity.all_objects.filter(plan=plan, archived_at__isnull=False)
    assert archived.count() == 3 and len({a.archived_at for a in archived}) == 1
    assert Target.objects.count() == 1


def test_archiving_keeps_reported_progress(editor, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Đã báo cáo", position=1)
    update = ProgressUpdate.objects.create(activity=activity, unit=world["centre"], year=2021, quarter=1,
                                           status="done", author=world["people"][Role.UPDATER])
    page = editor.get(url("delete", plan.pk, activity.pk)).content.decode()
    assert "1 lần cập nhật tiến độ đã báo cáo" in page and ">Lưu trữ</button>" in page
    response = editor.post(url("delete", plan.pk, activity.pk), **HTMX)
    assert "Đã lưu trữ “Đã báo cáo”" in response.content.decode()
    assert not Activity.objects.filter(pk=activity.pk).exists()
    update = ProgressUpdate.all_objects.get(pk=update.pk)
    assert update.archived_at is not None and update.archived_by == world["people"][Role.EDITOR]


# --- access -------------------------------------------------------------------------------------------

def _endpoints(world, activity, target):
    plan = world["plan"]
    return [
        ("get", url("editor", plan.pk), {}),
        ("post", url("tree_action", plan.pk), {"op": "add-section"}),
        ("post", url("tree_action", plan.pk), {"op": "up", "node": activity.pk}),
        ("get", url("panel", plan.pk, activity.pk), {}),
        ("post", url("panel", plan.pk, activity.pk), form_data(activity, title="Hack")),
        ("get", url("delete", plan.pk, activity.pk), {}),
        ("post", url("delete", plan.pk, activity.pk), {}),
        ("post", url("target_add", plan.pk, activity.pk), {"new-quantity": "1", "new-measure": "x"}),
        ("post", url("target_edit", plan.pk, activity.pk, target.pk), {f"t{target.pk}-quantity": "1", f"t{target.pk}-measure": "x"}),
        ("post", url("target_delete", plan.pk, activity.pk, target.pk), {}),
        ("get", url("unit_search", plan.pk), {"field": "lead_units", "q": "trung"}),
        ("post", url("timeframe_preview", plan.pk), {"timeframe_text": "Quý I"}),
    ]


@pytest.mark.parametrize("role", [Role.UPDATER, Role.LEADER])
def test_read_only_roles_get_403_everywhere(client, world, role):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Không được sửa", position=1)
    target = Target.objects.create(activity=activity, quantity=1, measure="đợt")
    client.force_login(world["people"][role])
    for method, address, data in _endpoints(world, activity, target):
        response = getattr(client, method)(address, data, **HTMX)
        assert response.status_code == 403, (method, address)
    activity.refresh_from_db()
    assert activity.title == "Không được sửa" and Activity.objects.filter(plan=plan).count() == 1
    assert Target.objects.filter(pk=target.pk).exists()


def test_other_province_gets_404_everywhere(client, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Của Lạng Sơn", position=1)
    target = Target.objects.create(activity=activity, quantity=1, measure="đợt")
    client.force_login(world["outsider"])
    for method, address, data in _endpoints(world, activity, target):
        assert getattr(client, method)(address, data).status_code == 404, (method, address)
    activity.refresh_from_db()
    assert activity.title == "Của Lạng Sơn"


def test_crafted_foreign_ids_inside_own_plan_are_404(editor, world):
    plan, foreign = world["plan"], world["other_activity"]
    own = Activity.objects.create(plan=plan, title="Của mình", position=1)
    foreign_target = Target.objects.create(activity=foreign, quantity=1, measure="đợt")
    assert editor.post(url("tree_action", plan.pk), {"op": "up", "node": foreign.pk}).status_code == 404
    assert editor.post(url("tree_action", plan.pk), {"op": "add-activity-inside", "node": foreign.pk}).status_code == 404
    assert editor.get(url("panel", plan.pk, foreign.pk), **HTMX).status_code == 404
    assert editor.post(url("panel", plan.pk, foreign.pk), form_data(foreign, title="Hack")).status_code == 404
    assert editor.post(url("delete", plan.pk, foreign.pk)).status_code == 404
    assert editor.post(url("target_delete", plan.pk, own.pk, foreign_target.pk)).status_code == 404
    assert editor.get(url("editor", plan.pk), {"hd": foreign.pk}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Hoạt động của Trà Vinh" and Target.objects.filter(pk=foreign_target.pk).exists()
    assert editor.post(url("tree_action", plan.pk), {"op": "explode"}).status_code == 400
    assert editor.post(url("tree_action", plan.pk), {"op": "up"}).status_code == 400


def test_plan_page_links_to_the_editor_for_editors_only(client, world):
    plan = world["plan"]
    client.force_login(world["people"][Role.EDITOR])
    assert url("editor", plan.pk) in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    client.force_login(world["people"][Role.UPDATER])
    assert url("editor", plan.pk) not in client.get(reverse("plans:detail", args=[plan.pk])).content.decode()


def test_empty_panel_says_to_click_a_title(editor, world):
    # The tree has no "Sửa" button: a node opens by clicking its title.
    page = editor.get(url("editor", world["plan"].pk)).content.decode()
    assert "Bấm vào tên một mục hoặc hoạt động" in page and "Chọn “Sửa”" not in page


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(url("editor", world["plan"].pk))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- an issued plan needs a reason ----------------------------------------------------------------------

def test_issued_plan_needs_a_reason_which_history_records(editor, world):
    plan = world["plan"]
    plan.status = "issued"
    plan.save()
    activity = Activity.objects.create(plan=plan, title="Cũ", position=1)
    page = editor.get(url("editor", plan.pk)).content.decode()
    assert "Lý do điều chỉnh" in page and 'hx-include="#change-reason"' in page

    # htmx: the reason box says what is missing, nothing else is swapped, nothing saved.
    response = editor.post(url("panel", plan.pk, activity.pk), form_data(activity, title="Mới"), **HTMX)
    assert response["HX-Reswap"] == "none"
    assert "Kế hoạch đã ban hành: hãy ghi lý do điều chỉnh." in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Cũ"
    response = add(editor, plan, "add-section", title="Mục thêm", **HTMX)
    assert response["HX-Reswap"] == "none" and not Activity.objects.filter(title="Mục thêm").exists()

    # Without JavaScript a page asks for the reason and carries the typed fields over.
    response = editor.post(url("panel", plan.pk, activity.pk), form_data(activity, title="Mới"))
    html = response.content.decode()
    assert "Cần ghi lý do điều chỉnh" in html and 'name="title" value="Mới"' in html

    reason = "Điều chỉnh theo Công văn 123/STP"
    editor.post(url("panel", plan.pk, activity.pk), form_data(activity, title="Mới", change_reason=reason), **HTMX)
    activity.refresh_from_db()
    assert activity.title == "Mới"
    assert activity.history.first().history_change_reason == reason

    add(editor, plan, "add-activity", title="Thêm sau ban hành", reason=reason, **HTMX)
    added = Activity.objects.get(title="Thêm sau ban hành")
    assert added.history.first().history_change_reason == reason
    add(editor, plan, "up", added, reason="Đổi thứ tự", **HTMX)
    assert added.history.first().history_change_reason == "Đổi thứ tự"
    assert numbered(plan) == [("1", "Thêm sau ban hành"), ("2", "Mới")]

    response = editor.post(url("target_add", plan.pk, activity.pk), {"new-quantity": "1", "new-measure": "đợt"}, **HTMX)
    assert response["HX-Reswap"] == "none" and not Target.objects.exists()


# --- concurrency --------------------------------------------------------------------------------------

def test_second_of_two_concurrent_saves_is_told_and_shown_the_other_change(editor, world):
    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Ban đầu", position=1)
    opened_by_both = form_data(activity)  # version 1 in both browsers

    editor.post(url("panel", plan.pk, activity.pk), {**opened_by_both, "title": "Của người thứ nhất"}, **HTMX)
    response = editor.post(url("panel", plan.pk, activity.pk),
                           {**opened_by_both, "title": "Của người thứ hai", "expected_result": "Kết quả gõ"}, **HTMX)
    html = response.content.decode()
    assert "Người khác vừa lưu hoạt động này" in html
    assert "Của người thứ nhất" in html and "Của người thứ hai" in html and "Kết quả gõ" in html
    assert 'name="version" value="2"' in html  # a deliberate second save now wins
    activity.refresh_from_db()
    assert activity.title == "Của người thứ nhất" and activity.version == 2

    editor.post(url("panel", plan.pk, activity.pk), {**opened_by_both, "title": "Của người thứ hai", "version": 2}, **HTMX)
    activity.refresh_from_db()
    assert activity.title == "Của người thứ hai" and activity.version == 3


def test_a_move_never_undoes_a_concurrent_form_save(editor, world):
    plan = world["plan"]
    first = Activity.objects.create(plan=plan, title="Một", position=1)
    second = Activity.objects.create(plan=plan, title="Hai", position=2)
    stale_copy = Activity.objects.get(pk=second.pk)
    editor.post(url("panel", plan.pk, second.pk), form_data(second, title="Hai (đã sửa)"), **HTMX)
    from activities import services

    services.activity_move(activity=stale_copy, direction="up")
    second.refresh_from_db()
    assert second.title == "Hai (đã sửa)" and second.version == 2 and second.position == 1
    first.refresh_from_db()
    assert first.position == 2


# --- query counts -------------------------------------------------------------------------------------

def _fill(plan, n, unit):
    sections = [Activity.objects.create(plan=plan, title=f"Mục {i}", kind="section", position=i) for i in range(1, 6)]
    for i in range(n - 5):
        activity = Activity.objects.create(plan=plan, parent=sections[i % 5], title=f"Hoạt động {i}", position=i,
                                           timeframe_text="Quý I")
        activity.lead_units.add(unit)
        Target.objects.create(activity=activity, quantity=i, measure="đợt")
    return sections[0]


@pytest.mark.slow
def test_editor_page_queries_do_not_grow_with_the_plan(editor, world):
    small = world["plan"]
    big = make_plan(small.province, world["centre"], title="Kế hoạch lớn")
    small_first = _fill(small, 10, world["centre"])
    big_first = _fill(big, 200, world["centre"])
    counts = []
    for plan, first in ((small, small_first), (big, big_first)):
        for params in ({}, {"hd": first.pk}):
            editor.get(url("editor", plan.pk), params)  # warm the session and caches alike
            with CaptureQueriesContext(connection) as queries:
                response = editor.get(url("editor", plan.pk), params)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


# --- real concurrency (PostgreSQL: two connections, real row locks) ---------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real concurrent transactions with row locks: run with DATABASE_URL=postgres://…",
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_moves_never_garble_positions(world):
    import random
    import threading

    from activities import services

    plan = world["plan"]
    section = Activity.objects.create(plan=plan, title="Mục", kind="section", position=1)
    nodes = [Activity.objects.create(plan=plan, parent=section, title=f"HĐ {i}", position=i) for i in range(1, 7)]
    start = threading.Barrier(4)
    failures = []

    def mover(seed):
        rng = random.Random(seed)
        try:
            start.wait(10)
            for _ in range(8):
                node = rng.choice(nodes)
                op = rng.choice(["up", "down", "indent", "outdent"])
                fresh = Activity.objects.get(pk=node.pk)
                if op in ("up", "down"):
                    services.activity_move(activity=fresh, direction=op)
                elif op == "indent":
                    services.activity_indent(activity=fresh)
                elif fresh.parent_id is not None and fresh.parent_id != section.pk:
                    services.activity_outdent(activity=fresh)
        except Exception as error:  # noqa: BLE001 — reported below with the thread's seed
            failures.append((seed, repr(error)))
        finally:
            connection.close()

    threads = [threading.Thread(target=mover, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures
    by_parent = {}
    for parent_id, position in Activity.objects.filter(plan=plan).values_list("parent_id", "position"):
        by_parent.setdefault(parent_id, []).append(position)
    for parent_id, taken in by_parent.items():
        assert sorted(taken) == list(range(1, len(taken) + 1)), (parent_id, sorted(taken))
    assert Activity.objects.filter(plan=plan).count() == 7


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_form_saves_only_one_wins(world):
    import threading

    from django.db import transaction
    from django.test import Client

    from core.concurrency import claim_version

    plan = world["plan"]
    activity = Activity.objects.create(plan=plan, title="Ban đầu", position=1)
    a_claimed, a_may_commit = threading.Event(), threading.Event()
    results = {}

    def editor_a():
        try:
            with transaction.atomic():
                mine = Activity.objects.get(pk=activity.pk)
                claim_version(mine, 1)
                a_claimed.set()
                a_may_commit.wait(10)
                mine.title = "Của A"
                mine.save(update_fields=["title"])
            results["a"] = "saved"
        finally:
            connection.close()

    def editor_b():
        try:
            b = Client()
            b.force_login(world["people"][Role.EDITOR])
            a_claimed.wait(10)
            response = b.post(url("panel", plan.pk, activity.pk), form_data(activity, title="Của B"), **HTMX)
            results["b"] = "conflict" if "Người khác vừa lưu hoạt động này" in response.content.decode() else "saved"
        finally:
            connection.close()

    thread_a, thread_b = threading.Thread(target=editor_a), threading.Thread(target=editor_b)
    thread_a.start()
    thread_b.start()
    assert a_claimed.wait(10)
    thread_b.join(1.0)
    assert thread_b.is_alive(), "B must wait for A's row lock, not save over it"
    a_may_commit.set()
    thread_a.join(10)
    thread_b.join(10)
    assert results == {"a": "saved", "b": "conflict"}
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Của A", 2)
