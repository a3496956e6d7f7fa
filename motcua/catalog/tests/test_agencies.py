import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import Agency, AgencyLevel
from motcua.catalog.validators import validate_agency_code, validate_procedure_code
from motcua.testing import make_agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "code", ["H15", "H15.50.05.13", "G09.01", "H56.1.2.3.4.5", "000.00.14.H56"]
)
def test_it_accepts_decision_20_identifiers(code):
    validate_agency_code(code)


@pytest.mark.parametrize(
    "code", ["h15.50", "H15..50", "15.H50", "H15.50.", "H15 50", "X" * 40, "H1"]
)
def test_it_rejects_malformed_identifiers(code):
    with pytest.raises(ValidationError, match="Quyết định 20/2020"):
        validate_agency_code(code)


@pytest.mark.parametrize("code", ["1.000948", "2.001218", "1.000948.H38"])
def test_procedure_codes(code):
    validate_procedure_code(code)
    with pytest.raises(ValidationError):
        validate_procedure_code(code.replace(".", "-", 1))


def test_the_tree_holds_two_and_three_levels():
    province = make_agency("H15", "UBND tỉnh", AgencyLevel.PROVINCE)
    commune = make_agency("H15.50.05", "UBND xã", AgencyLevel.COMMUNE, province)
    district = make_agency("H15.40", "UBND huyện (cũ)", AgencyLevel.DISTRICT, province)
    old_commune = make_agency("H15.40.01", "UBND xã (cũ)", AgencyLevel.COMMUNE, district)
    unit = make_agency(
        "H15.40.01.1", "Bộ phận một cửa", AgencyLevel.RECEIVING_POINT, old_commune, is_one_stop=True
    )
    assert [a.depth for a in (province, commune, district, old_commune, unit)] == [0, 1, 1, 2, 3]
    subtree = set(Agency.objects.subtree(district).values_list("code", flat=True))
    assert subtree == {"H15.40", "H15.40.01", "H15.40.01.1"}
    assert [a.code for a in unit.ancestors()] == ["H15", "H15.40", "H15.40.01", "H15.40.01.1"]
    assert unit.is_within(province) and not commune.is_within(district)


def test_moving_an_agency_moves_its_subtree():
    province = make_agency("H15", "UBND tỉnh", AgencyLevel.PROVINCE)
    district = make_agency("H15.40", "UBND huyện", AgencyLevel.DISTRICT, province)
    commune = make_agency("H15.40.01", "UBND xã", AgencyLevel.COMMUNE, district)
    unit = make_agency("H15.40.01.1", "Phòng", AgencyLevel.UNIT, commune)
    # 2025 reform: the commune now reports to the province directly.
    commune.parent = province
    commune.save()
    unit.refresh_from_db()
    assert unit.path == f"/{province.pk}/{commune.pk}/{unit.pk}/"
    assert unit.depth == 2
    assert not Agency.objects.subtree(district).filter(pk=unit.pk).exists()


def test_an_agency_cannot_move_below_itself():
    province = make_agency("H15", "UBND tỉnh", AgencyLevel.PROVINCE)
    commune = make_agency("H15.50", "UBND xã", AgencyLevel.COMMUNE, province)
    province.parent = commune
    with pytest.raises(ValidationError, match="cấp dưới"):
        province.full_clean()
