from __future__ import annotations

import pytest

from motcua.testing import Province, make_procedure


@pytest.fixture
def province(db) -> Province:
    return Province.build()


@pytest.fixture
def procedure(province):
    return make_procedure("1.001193", "Thủ tục đăng ký khai sinh", agencies=[province.commune_a])
