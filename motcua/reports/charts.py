"""Server-rendered SVG line charts (no JavaScript library)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

W, H, PAD = 640, 220, 36


def line_chart(
    points: list[tuple[str, float | None]], *, target: float | None = None
) -> SafeString:
    """Percentages (0–100) by label; missing values leave a gap."""
    n = max(len(points), 1)
    step = (W - 2 * PAD) / max(n - 1, 1)

    def y(v: float) -> float:
        return round(H - PAD - v * (H - 2 * PAD) / 100, 1)

    xy = [(round(PAD + i * step, 1), v) for i, (_, v) in enumerate(points)]
    path = " ".join(f"{x},{y(v)}" for x, v in xy if v is not None)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3"><title>{}: {}%</title></circle>',
        (
            (x, y(v), label, v)
            for (x, v), (label, _) in zip(xy, points, strict=True)
            if v is not None
        ),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="11">{}</text>',
        ((x, H - 10, label) for (x, _), (label, _) in zip(xy, points, strict=True)),
    )
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/><text x="4" y="{}" font-size="10">{}%</text>',
        ((PAD, W - PAD, y(v), y(v), y(v) + 3, v) for v in (0, 50, 100)),
    )
    goal = (
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c0392b" stroke-dasharray="4 3"/>',
            PAD,
            W - PAD,
            y(target),
            y(target),
        )
        if target is not None
        else ""
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}'
        '<polyline fill="none" stroke="#1f5fa8" stroke-width="2" points="{}"/>{}{}</svg>',
        W, H, _("Biểu đồ xu hướng"), grid, goal, path, dots, labels,
    )  # fmt: skip
