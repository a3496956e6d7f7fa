"""Numbers and amounts in the page's language: 1.500.000 đồng, 7,5 in Vietnamese;
1,500,000 VND, 7.5 in English (``motcua.lib.numbers``)."""

from __future__ import annotations

from django import template

from motcua.lib import numbers

register = template.Library()
register.filter("vnd", numbers.vnd)
register.filter("number", numbers.number)
