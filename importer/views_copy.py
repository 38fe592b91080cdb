"""The "Sao chép sang năm sau" page: confirm, then copy a plan into a draft for the next year."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from importer.copy import plan_copy_to_next_year
from plans.access import get_plan_for_editor


@login_required
def plan_copy(request, pk):
    plan = get_plan_for_editor(request.user, pk)
    if request.method == "POST":
        copy = plan_copy_to_next_year(plan=plan, user=request.user)
        messages.success(
            request,
            _("Đã sao chép kế hoạch sang năm %(year)s. Bản sao là dự thảo: hãy ghi số, ngày ban hành và rà soát "
              "nội dung, thời gian, kinh phí trước khi ban hành.") % {"year": copy.start_year},
        )
        return redirect(copy)
    return render(request, "importer/copy_confirm.html", {
        "plan": plan,
        "activity_count": plan.activities.filter(kind="activity").count(),
        "next_start": plan.start_year + 1,
        "next_end": plan.end_year + 1 if plan.end_year else None,
    })
