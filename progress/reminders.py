"""Reminder digests: for each updater, the activities of their units (and units under them) that are overdue
or due within N days, minus what they were already sent today. Sending is recorded in ReminderSent.
"""
import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from activities.models import FINISHED_STATUSES, Activity, ReminderSent
from plans.models import Membership, Plan, subtree_ids
from plans.roles import Capability, roles_with


def _digest_items(unit_ids, today, days):
    """(overdue, due_soon) activities led or co-ordinated by the units, of issued plans."""
    base = (
        Activity.objects.trackable().filter(plan__status=Plan.Status.ISSUED)
        .filter(Q(lead_units__in=unit_ids) | Q(coordinating_units__in=unit_ids))
        .distinct().select_related("plan").order_by("due", "pk")
    )
    overdue = list(base.overdue(today))
    horizon = today + datetime.timedelta(days=days)
    due_soon = list(base.due_between(today, horizon).exclude(status__in=FINISHED_STATUSES))
    return overdue, due_soon


def send_reminders(*, today, days, dry_run=False):
    """Send each updater one digest; return (messages sent, lines recorded). Safe to run many times a day."""
    roots = defaultdict(set)
    for user_id, unit_id in Membership.objects.filter(
        role__in=roles_with(Capability.REPORT_PROGRESS), user__is_active=True
    ).exclude(user__email="").values_list("user_id", "unit_id"):
        roots[user_id].add(unit_id)
    users = get_user_model().objects.in_bulk(list(roots))
    already = set(
        ReminderSent.objects.filter(sent_on=today).values_list("user_id", "activity_id", "reason")
    )
    sent = recorded = 0
    for user_id, unit_roots in sorted(roots.items()):
        user = users[user_id]
        overdue, due_soon = _digest_items(subtree_ids(unit_roots), today, days)
        overdue = [a for a in overdue if (user_id, a.pk, ReminderSent.Reason.OVERDUE) not in already]
        due_soon = [a for a in due_soon if (user_id, a.pk, ReminderSent.Reason.DUE_SOON) not in already]
        if not overdue and not due_soon:
            continue
        body = render_to_string("progress/reminder_email.txt", {
            "user": user, "overdue": overdue, "due_soon": due_soon, "days": days, "today": today,
            "site_url": settings.SITE_URL, "work_url": settings.SITE_URL + reverse("progress:work_list"),
        })
        subject = _("Nhắc việc: %(overdue)d hoạt động quá hạn, %(soon)d hoạt động sắp đến hạn") % {
            "overdue": len(overdue), "soon": len(due_soon)}
        if dry_run:
            sent += 1
            continue
        # Record first, then send, in one transaction: a failed send rolls the record back and is retried
        # by the next run; a crash after sending at worst repeats one digest.
        with transaction.atomic():
            rows = [ReminderSent(user=user, activity=a, reason=ReminderSent.Reason.OVERDUE, sent_on=today) for a in overdue]
            rows += [ReminderSent(user=user, activity=a, reason=ReminderSent.Reason.DUE_SOON, sent_on=today) for a in due_soon]
            ReminderSent.objects.bulk_create(rows, ignore_conflicts=True)
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
        sent += 1
        recorded += len(rows)
    return sent, recorded
