from __future__ import annotations

from django import template

from motcua.paperwork import formats

register = template.Library()

register.filter("ngay_thang_nam", formats.document_date)
register.filter("gio_phut_ngay", formats.moment)
register.filter("ngay", formats.short_date)
register.filter("gio_ngay", formats.short_moment)
register.filter("so_ngay", formats.amount)
