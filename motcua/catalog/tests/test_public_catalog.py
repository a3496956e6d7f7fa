import pytest
from django.urls import reverse

from motcua.accounts.roles import Role
from motcua.catalog.models import Field, OnlineMode, Procedure, RequiredDocument
from motcua.testing import make_agency, make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    province = make_agency("H99", "UBND tỉnh", "tinh")
    construction = make_agency("H99.20", "Sở Xây dựng", "so", province)
    justice = make_agency("H99.21", "Sở Tư pháp", "so", province)
    xd = Field.objects.create(code="XD", name="Hoạt động xây dựng")
    ht = Field.objects.create(code="HT", name="Hộ tịch")
    permit = make_procedure(
        "1.009994",
        "Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II",
        field=xd,
        days=20,
        online_mode=OnlineMode.FULL,
        agencies=[construction],
        steps=[
            ("Tiếp nhận hồ sơ", Role.RECEIVING_OFFICER, None, 4),
            ("Thẩm định hồ sơ", Role.SPECIALIST, construction, 140),
            ("Phê duyệt, ký giấy phép", Role.AGENCY_LEADER, construction, 12),
            ("Trả kết quả", Role.RECEIVING_OFFICER, None, 4),
        ],
    )
    RequiredDocument.objects.create(
        procedure=permit,
        order=1,
        name="Đơn đề nghị cấp giấy phép xây dựng",
        originals=1,
        template_name="Mẫu số 01",
    )
    permit.fees.create(name="Lệ phí cấp giấy phép xây dựng", amount=150000)
    birth = make_procedure(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        field=ht,
        days=1,
        online_mode=OnlineMode.NONE,
        agencies=[justice],
    )
    withdrawn = make_procedure(
        "1.000001", "Thủ tục đã bãi bỏ về xây dựng", field=xd, status=Procedure.Status.WITHDRAWN
    )
    return {"permit": permit, "birth": birth, "withdrawn": withdrawn}


@pytest.mark.parametrize(
    "query", ["giay phep xay dung", "GIẤY PHÉP", "Giấy phép  xây", "1.009994", "dac biet"]
)
def test_search_ignores_case_and_diacritics(client, catalog, query):
    body = client.get(reverse("catalog:list"), {"q": query}).content.decode()
    assert "Cấp giấy phép xây dựng mới" in body
    assert "Thủ tục đăng ký khai sinh" not in body


def test_withdrawn_procedures_are_not_listed(client, catalog):
    body = client.get(reverse("catalog:list"), {"q": "xay dung"}).content.decode()
    assert "Thủ tục đã bãi bỏ" not in body


def test_filters_by_field_agency_and_online_mode(client, catalog):
    def names(**params):
        page = client.get(reverse("catalog:list"), params).context["page"]
        return {p.code for p in page.object_list}

    assert names(field="HT") == {"1.001193"}
    assert names(agency="H99.20") == {"1.009994"}
    assert names(agency="H99") == {"1.009994", "1.001193"}
    assert names(online="online") == {"1.009994"}
    assert names(online="none") == {"1.001193"}
    assert names(agency="H00.404") == set()


def test_the_list_is_paginated(client, catalog):
    field = Field.objects.get(code="HT")
    for i in range(45):
        make_procedure(f"2.{i:06d}", f"Thủ tục hộ tịch số {i}", field=field)
    response = client.get(reverse("catalog:list"), {"field": "HT", "page": 3})
    assert response.context["page"].number == 3
    assert len(response.context["page"].object_list) == 6
    assert "field=HT&amp;page=2" in response.content.decode()


def test_htmx_requests_get_only_the_results(client, catalog):
    response = client.get(
        reverse("catalog:list"), {"q": "khai sinh"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Thủ tục đăng ký khai sinh" in body
    assert "<html" not in body


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
        {"q": "x" * 5000},
        {"q": "%_\\'\"<script>"},
        {"agency": "'; DROP"},
        {"online": "?"},
    ],
)
def test_no_input_breaks_the_list(client, catalog, params):
    response = client.get(reverse("catalog:list"), params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>")[1]


def test_procedure_page_shows_everything(client, catalog):
    body = client.get(reverse("catalog:procedure", args=["1.009994"])).content.decode()
    for text in [
        "Cấp giấy phép xây dựng mới",
        "Hoạt động xây dựng",
        "Sở Xây dựng",
        "20 ngày làm việc",
        "Đơn đề nghị cấp giấy phép xây dựng",
        "Mẫu số 01",
        "150.000 đồng",
        "Nộp trực tuyến",
        "<svg",
        "Thẩm định hồ sơ",
        "140 giờ làm việc",
        "Quy trình phiên bản 1 — tổng 20 ngày làm việc",
    ]:
        assert text in body, text


def test_no_online_button_where_online_submission_is_not_offered(client, catalog):
    body = client.get(reverse("catalog:procedure", args=["1.001193"])).content.decode()
    assert (
        "Nộp trực tuyến" not in body.split("Dịch vụ công trực tuyến")[-1].split("</div>")[0]
        or "Nộp trực tuyến</a>" not in body
    )


def test_flowchart_is_a_standalone_svg(client, catalog):
    response = client.get(reverse("catalog:flowchart", args=["1.009994"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert body.startswith("<?xml") and "Phê duyệt, ký giấy phép" in body and "Trả kết quả" in body
    assert client.get(reverse("catalog:flowchart", args=["1.001193"])).status_code == 404


def test_unknown_procedure_is_404(client, catalog):
    assert client.get(reverse("catalog:procedure", args=["9.999999"])).status_code == 404
    assert client.get("/thu-tuc/%3Cscript%3E/").status_code == 404


def test_missing_fee_information_is_not_shown_as_free(client, catalog):
    from motcua.catalog.models import Channel, ProcedureChannel

    birth = catalog["birth"]
    ProcedureChannel.objects.create(procedure=birth, channel=Channel.COUNTER, fee_text="Miễn phí")
    body = client.get(reverse("catalog:procedure", args=[birth.code])).content.decode()
    assert "Không thu phí, lệ phí." in body
    ProcedureChannel.objects.create(
        procedure=birth, channel=Channel.ONLINE, fee_text="Không có thông tin"
    )
    body = client.get(reverse("catalog:procedure", args=[birth.code])).content.decode()
    assert "Chưa có thông tin về phí, lệ phí" in body
    assert "Không thu phí, lệ phí." not in body


def test_the_procedure_page_links_to_the_feedback_box(client, catalog):
    body = client.get(reverse("catalog:procedure", args=["1.001193"])).content.decode()
    assert "/phan-anh/gui/?thu-tuc=1.001193" in body
