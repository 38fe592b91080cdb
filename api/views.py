"""The page where a user (or a superuser, for anyone) creates and revokes API tokens."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from api.access import get_owner_for_manager, get_token_for_manager, may_manage_others
from api.services import token_create, token_revoke
from core.forms import REQUIRED


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên gợi nhớ"), max_length=100, error_messages={
        **REQUIRED, "max_length": gettext_lazy("Tên gợi nhớ dài quá %(limit_value)d ký tự.")},
        help_text=gettext_lazy("Hệ thống sẽ dùng mã, ví dụ: Phần mềm báo cáo của Bộ Tư pháp"))


def _page_url(owner, user):
    url = reverse("api:tokens")
    return url if owner == user else f"{url}?nguoi_dung={owner.get_username()}"


@login_required
def tokens(request):
    owner = get_owner_for_manager(request.user, request.GET.get("nguoi_dung"))
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = token_create(user=owner, name=form.cleaned_data["name"], created_by=request.user)
        form = TokenForm()
    return render(request, "api/tokens.html", {
        "owner": owner, "form": form, "new_key": new_key, "may_manage_others": may_manage_others(request.user),
        "tokens": owner.api_tokens.select_related("created_by", "revoked_by"),
    }, status=400 if request.method == "POST" and form.errors else 200)


@login_required
def token_revoke_view(request, pk):
    """GET: ask to confirm; POST: revoke."""
    token = get_token_for_manager(request.user, pk)
    if request.method == "POST":
        token_revoke(token=token, revoked_by=request.user)
        messages.success(request, _("Đã thu hồi mã “%(name)s”: hệ thống dùng mã này không đọc được nữa.")
                         % {"name": token.name})
        return redirect(_page_url(token.user, request.user))
    return render(request, "api/token_revoke.html", {"token": token, "back": _page_url(token.user, request.user)})
