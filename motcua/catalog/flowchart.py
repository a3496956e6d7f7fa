"""Lay out a process as a vertical flowchart, drawn as SVG by a template.

The one-stop desks print and post these charts, so they must read without
JavaScript: the geometry is computed here and the template only draws it.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from motcua.catalog.models import Process
from motcua.workdays.units import HOURS_PER_WORKING_DAY

WIDTH = 640
BOX_WIDTH = 520
LINE_HEIGHT = 18
PADDING = 12
GAP = 34
CHARS_PER_LINE = 58


@dataclass
class Box:
    x: int
    y: int
    width: int
    height: int
    lines: list[str]
    meta: str = ""
    terminal: bool = False
    texts: list[tuple[str, int]] = field(default_factory=list)
    meta_y: int = 0

    @property
    def centre_x(self) -> int:
        return self.x + self.width // 2

    @property
    def bottom(self) -> int:
        return self.y + self.height


@dataclass
class Chart:
    width: int
    height: int
    boxes: list[Box]
    arrows: list[tuple[int, int, int]]  # x, y from, y to
    title: str


def _duration(hours: Decimal) -> str:
    days = hours / HOURS_PER_WORKING_DAY
    if hours % HOURS_PER_WORKING_DAY == 0:
        return _("%(n)s ngày làm việc") % {"n": f"{days.normalize():f}"}
    return _("%(n)s giờ làm việc") % {"n": f"{hours.normalize():f}".replace(".", ",")}


def layout(process: Process) -> Chart:
    steps = list(process.steps.all())
    rows: list[tuple[list[str], str, bool]] = [([_("Nộp hồ sơ")], "", True)]
    for step in steps:
        label = f"{step.order}. {step.name}"
        who = step.get_role_display()
        if step.unit_id:
            who = f"{step.unit.short_name or step.unit.name} — {who}"
        rows.append(
            (
                textwrap.wrap(label, CHARS_PER_LINE) or [label],
                f"{who} · {_duration(step.budget_hours)}",
                False,
            )
        )
    rows.append(([_("Trả kết quả")], "", True))

    boxes: list[Box] = []
    y = 10
    x = (WIDTH - BOX_WIDTH) // 2
    for lines, meta, terminal in rows:
        n_lines = len(lines) + (1 if meta else 0)
        height = PADDING * 2 + n_lines * LINE_HEIGHT
        width = 240 if terminal else BOX_WIDTH
        bx = (WIDTH - width) // 2 if terminal else x
        box = Box(bx, y, width, height, lines, meta, terminal)
        baselines = [y + PADDING + (i + 1) * LINE_HEIGHT - 4 for i in range(n_lines)]
        box.texts = list(zip(lines, baselines, strict=False))
        box.meta_y = baselines[-1]
        boxes.append(box)
        y += height + GAP
    arrows = [(a.centre_x, a.bottom, b.y - 2) for a, b in zip(boxes, boxes[1:], strict=False)]
    total = sum((s.budget_hours for s in steps), Decimal(0))
    title = _("Quy trình phiên bản %(v)s — tổng %(t)s") % {
        "v": process.version,
        "t": _duration(total),
    }
    return Chart(WIDTH, y - GAP + 10, boxes, arrows, title)
