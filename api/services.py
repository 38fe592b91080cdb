"""Creating and revoking API tokens."""
from django.db import transaction
from django.utils import timezone

from api.models import PREFIX_LENGTH, ApiToken, hash_key


@transaction.atomic
def token_create(*, user, name, created_by):
    """A new token for `user`; returns (token, key). The key is shown once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=" ".join(name.split()), prefix=key[:PREFIX_LENGTH],
                                    key_hash=hash_key(key), created_by=created_by)
    return token, key


@transaction.atomic
def token_revoke(*, token, revoked_by):
    """From now on the key opens nothing; the row stays, with its calls."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = revoked_by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token
