"""Speed of the plan importer: a Word plan of 200 activities (20 sections of 10, each with units, time words,
a target and money) read by importer.reading and saved by importer.save, with the same validation and
history as a real import.

    .venv/bin/python -m bench.importer_speed [--activities 200] [--repeat 3]

Runs on a throw-away SQLite database holding the seed plans (so unit names match a real unit tree). Prints
the best of `repeat` runs for reading and for saving, and the number of queries the save made. The target is
reading and saving 200 activities in 2 s or less.
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='tgpl-import-speed-')}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tgpl.settings")
# As in production: DEBUG off (no query log); a throw-away key for this process only.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-importer-speed-" + os.urandom(16).hex())

import django  # noqa: E402

django.setup()

from datetime import date as D  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.corpus import render  # noqa: E402
from bench.corpus.plans import LEGAL_AID_LAW, A, H  # noqa: E402
from importer.reading import parse_plan  # noqa: E402
from importer.save import save_draft  # noqa: E402
from plans.models import Province, Unit  # noqa: E402

UNITS = ["Phòng Nghiệp vụ", "Phòng Hành chính - Tổng hợp", "Chi nhánh số 1", "Chi nhánh số 2",
         "Trung tâm Trợ giúp pháp lý nhà nước"]
PARTNERS = ["Ủy ban nhân dân các xã", "Hội Nông dân tỉnh", "Đài Phát thanh và Truyền hình tỉnh", "Công an tỉnh"]
TIMES = [("Quý I năm 2025", "2025-01-01", "2025-03-31"), ("Quý II - III năm 2025", "2025-04-01", "2025-09-30"),
         ("Tháng 6/2025", "2025-06-01", "2025-06-30"), ("Cả năm 2025", "2025-01-01", "2025-12-31"),
         ("Trước ngày 15/12/2025", None, "2025-12-15")]


def big_plan(activities):
    sections = []
    per_section = 10
    for s in range(activities // per_section):
        children = []
        for a in range(per_section):
            n = s * per_section + a
            children.append(A(
                f"{s + 1}.{a + 1}", f"Tổ chức {n % 9 + 2} buổi truyền thông về trợ giúp pháp lý tại địa bàn số {n + 1}",
                lead=[UNITS[n % len(UNITS)]], coord=[PARTNERS[n % len(PARTNERS)]], time=TIMES[n % len(TIMES)],
                result=f"{n % 9 + 2} buổi truyền thông", money=[f"{(n % 7 + 1) * 5}.000.000"],
            ))
        sections.append(H(str(s + 1), f"Nhóm nhiệm vụ số {s + 1}", children))
    return {
        "key": "speed", "formats": ("docx",), "layout": "paragraphs",
        "issuing": ["SỞ TƯ PHÁP TỈNH LẠNG SƠN", "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC"],
        "number": "99/KH-TGPL", "place": "Lạng Sơn", "date": D(2025, 1, 10),
        "title": "Công tác trợ giúp pháp lý năm 2025", "title_caps": "CÔNG TÁC TRỢ GIÚP PHÁP LÝ NĂM 2025",
        "kind": "annual", "period": (2025, 2025, False), "bases": [LEGAL_AID_LAW],
        "opening": "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Lạng Sơn xây dựng Kế hoạch như sau:",
        "purpose": ["Thực hiện tốt công tác trợ giúp pháp lý."], "requirements": ["Đúng tiến độ."],
        "money_unit": "đồng", "content": sections,
        "funding": ["Kinh phí từ ngân sách địa phương."],
        "implementation": ["Các phòng tổ chức thực hiện."], "recipients": ["Sở Tư pháp", "Lưu: VT"],
        "signer": ("GIÁM ĐỐC", "Hoàng Thúy Duyên"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("loaddata", "seed_plans", verbosity=0)
    province = Province.objects.get(code="lang-son")
    issuing = Unit.objects.filter(province=province, name__startswith="Trung tâm Trợ giúp pháp lý").first()
    data = render.word_document(big_plan(args.activities))

    reads, saves = [], []
    for _run in range(args.repeat):
        started = time.perf_counter()
        parsed = parse_plan(data, "ke-hoach.docx", province=province)
        reads.append(time.perf_counter() - started)
        started = time.perf_counter()
        save_draft(parsed, province=province, issuing_unit=issuing)
        saves.append(time.perf_counter() - started)
    # Counted apart: recording the queries slows them down.
    with CaptureQueriesContext(connection) as captured:
        save_draft(parsed, province=province, issuing_unit=issuing)
    queries = len(captured)
    nodes = sum(1 for _node in parsed.walk())
    print(f"{nodes} nodes ({args.activities} activities), {len(data) // 1024} KB .docx")
    print(f"read  {min(reads):6.2f} s")
    print(f"save  {min(saves):6.2f} s   {queries} queries")
    print(f"total {min(reads) + min(saves):6.2f} s   (target ≤ 2 s)")


if __name__ == "__main__":
    main()
