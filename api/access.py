"""Who manages which API token: a user their own; a superuser anyone's. Someone else's token is a 404."""
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404

from api.models import ApiToken


def may_manage_others(user):
    return user.is_authenticated and user.is_superuser


def get_owner_for_manager(user, username):
    """Whose tokens the page shows: the user's own, or (a superuser, `?nguoi_dung=`) another user's."""
    if not username or username == user.get_username() or not may_manage_others(user):
        return user
    return get_object_or_404(get_user_model(), username=username)


def get_token_for_manager(user, pk):
    tokens = ApiToken.objects.all() if may_manage_others(user) else ApiToken.objects.filter(user=user)
    return get_object_or_404(tokens.select_related("user"), pk=pk)
