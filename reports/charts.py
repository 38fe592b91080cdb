"""Charts as plain geometry for server-drawn SVG, so the page and the PDF show the same pictures."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from activities.models import Status

STATUS_COLOURS = {
    Status.DONE: "#2e7d32", Status.IN_PROGRESS: "#1565c0", Status.PAUSED: "#f9a825",
    Status.NOT_STARTED: "#9e9e9e", Status.CANCELLED: "#6d4c41",
}
BAR_WIDTH = 420


@dataclass
class Segment:
    label: str
    count: int
    x: float
    width: float
    colour: str


def status_bar(counts):
    """One horizontal bar split by status; `counts` maps status value → number of activities."""
    total = sum(counts.values())
    segments, x = [], 0.0
    for value, label in Status.choices:
        count = counts.get(value, 0)
        if not count:
            continue
        width = BAR_WIDTH * count / total
        segments.append(Segment(str(label), count, round(x, 1), round(width, 1), STATUS_COLOURS[value]))
        x += width
    return segments


@dataclass
class MoneyBar:
    name: str
    planned: int
    spent: int
    planned_width: float
    spent_width: float
    y: int


def money_bars(lines):
    """Planned and spent to date per funding source, scaled to the largest of them."""
    largest = max((max(line.planned, line.spent_to_date) for line in lines), default=0) or 1
    return [
        MoneyBar(line.name, line.planned, line.spent_to_date, round(BAR_WIDTH * line.planned / largest, 1),
                 round(BAR_WIDTH * line.spent_to_date / largest, 1), 10 + index * 46)
        for index, line in enumerate(lines)
    ]


def legend():
    return [(str(label), STATUS_COLOURS[value]) for value, label in Status.choices] + [
        (_("Quá hạn"), "#c62828")
    ]
