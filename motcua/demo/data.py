"""The demo province: agencies, staff, citizens and the procedures it runs.

Everything here is invented except the procedures, which are real records of the
national database (motcua/catalog/national/data) chosen across fields and levels.
"""

from __future__ import annotations

from motcua.accounts.roles import Role
from motcua.catalog.models import AgencyLevel

PROVINCE = ("H98", "Ủy ban nhân dân tỉnh Bình Sơn", "UBND tỉnh Bình Sơn")

# (key, code, name, short name, level, parent key, is_one_stop)
AGENCIES = [
    (
        "ttpvhcc",
        "H98.1",
        "Trung tâm Phục vụ hành chính công tỉnh Bình Sơn",
        "TTPVHCC tỉnh",
        AgencyLevel.ONE_STOP_CENTRE,
        "tinh",
        True,
    ),
    ("so_xd", "H98.10", "Sở Xây dựng", "Sở Xây dựng", AgencyLevel.DEPARTMENT, "tinh", False),
    (
        "so_xd_qlxd",
        "H98.10.01",
        "Phòng Quản lý hoạt động xây dựng",
        "Phòng QLHĐXD",
        AgencyLevel.UNIT,
        "so_xd",
        False,
    ),
    ("so_tp", "H98.11", "Sở Tư pháp", "Sở Tư pháp", AgencyLevel.DEPARTMENT, "tinh", False),
    (
        "so_tp_hctp",
        "H98.11.01",
        "Phòng Hành chính tư pháp",
        "Phòng HCTP",
        AgencyLevel.UNIT,
        "so_tp",
        False,
    ),
    ("so_tc", "H98.12", "Sở Tài chính", "Sở Tài chính", AgencyLevel.DEPARTMENT, "tinh", False),
    (
        "so_tc_dkkd",
        "H98.12.01",
        "Phòng Đăng ký kinh doanh",
        "Phòng ĐKKD",
        AgencyLevel.UNIT,
        "so_tc",
        False,
    ),
    (
        "so_nnmt",
        "H98.13",
        "Sở Nông nghiệp và Môi trường",
        "Sở NN&MT",
        AgencyLevel.DEPARTMENT,
        "tinh",
        False,
    ),
    (
        "so_nnmt_vpdk",
        "H98.13.01",
        "Văn phòng Đăng ký đất đai",
        "VPĐK đất đai",
        AgencyLevel.UNIT,
        "so_nnmt",
        False,
    ),
    (
        "xa_tanlap",
        "H98.50.01",
        "Ủy ban nhân dân phường Tân Lập",
        "UBND phường Tân Lập",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
    (
        "xa_tanlap_tt",
        "H98.50.01.1",
        "Trung tâm Phục vụ hành chính công phường Tân Lập",
        "TTPVHCC phường Tân Lập",
        AgencyLevel.ONE_STOP_CENTRE,
        "xa_tanlap",
        True,
    ),
    (
        "xa_tanlap_vhxh",
        "H98.50.01.2",
        "Phòng Văn hóa - Xã hội phường Tân Lập",
        "Phòng VH-XH",
        AgencyLevel.UNIT,
        "xa_tanlap",
        False,
    ),
    (
        "xa_tanlap_kt",
        "H98.50.01.3",
        "Phòng Kinh tế, Hạ tầng và Đô thị phường Tân Lập",
        "Phòng KT-HT-ĐT",
        AgencyLevel.UNIT,
        "xa_tanlap",
        False,
    ),
    (
        "xa_hoathang",
        "H98.50.02",
        "Ủy ban nhân dân xã Hòa Thắng",
        "UBND xã Hòa Thắng",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
    (
        "xa_hoathang_tt",
        "H98.50.02.1",
        "Trung tâm Phục vụ hành chính công xã Hòa Thắng",
        "TTPVHCC xã Hòa Thắng",
        AgencyLevel.ONE_STOP_CENTRE,
        "xa_hoathang",
        True,
    ),
    (
        "xa_hoathang_vhxh",
        "H98.50.02.2",
        "Phòng Văn hóa - Xã hội xã Hòa Thắng",
        "Phòng VH-XH",
        AgencyLevel.UNIT,
        "xa_hoathang",
        False,
    ),
    (
        "xa_hoathang_kt",
        "H98.50.02.3",
        "Phòng Kinh tế xã Hòa Thắng",
        "Phòng Kinh tế",
        AgencyLevel.UNIT,
        "xa_hoathang",
        False,
    ),
    (
        "xa_eakao",
        "H98.50.03",
        "Ủy ban nhân dân xã Ea Kao",
        "UBND xã Ea Kao",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
    (
        "xa_eakao_tt",
        "H98.50.03.1",
        "Trung tâm Phục vụ hành chính công xã Ea Kao",
        "TTPVHCC xã Ea Kao",
        AgencyLevel.ONE_STOP_CENTRE,
        "xa_eakao",
        True,
    ),
    (
        "xa_eakao_vhxh",
        "H98.50.03.2",
        "Phòng Văn hóa - Xã hội xã Ea Kao",
        "Phòng VH-XH",
        AgencyLevel.UNIT,
        "xa_eakao",
        False,
    ),
    (
        "xa_eakao_kt",
        "H98.50.03.3",
        "Phòng Kinh tế xã Ea Kao",
        "Phòng Kinh tế",
        AgencyLevel.UNIT,
        "xa_eakao",
        False,
    ),
    # Communes known as addresses (postal delivery), without their own staff in the demo.
    (
        "xa_cuebur",
        "H98.50.04",
        "Ủy ban nhân dân xã Cư Êbur",
        "UBND xã Cư Êbur",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
    (
        "xa_krongbuk",
        "H98.50.05",
        "Ủy ban nhân dân xã Krông Búk",
        "UBND xã Krông Búk",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
    (
        "xa_yangmao",
        "H98.50.06",
        "Ủy ban nhân dân xã Yang Mao",
        "UBND xã Yang Mao",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
    (
        "xa_dakphoi",
        "H98.50.07",
        "Ủy ban nhân dân xã Đắk Phơi",
        "UBND xã Đắk Phơi",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
    (
        "xa_buondon",
        "H98.50.08",
        "Ủy ban nhân dân xã Buôn Đôn",
        "UBND xã Buôn Đôn",
        AgencyLevel.COMMUNE,
        "tinh",
        False,
    ),
]

ADDRESSES = {
    "tinh": "Số 1 Quảng trường 10 Tháng 3, phường Tân Lập, tỉnh Bình Sơn",
    "ttpvhcc": "Số 9 Lê Duẩn, phường Tân Lập, tỉnh Bình Sơn",
    "xa_tanlap": "Số 25 Nguyễn Tất Thành, phường Tân Lập, tỉnh Bình Sơn",
    "xa_hoathang": "Thôn 3, xã Hòa Thắng, tỉnh Bình Sơn",
    "xa_eakao": "Buôn Ea Kao, xã Ea Kao, tỉnh Bình Sơn",
}

# Communes with a one-stop centre and staff in the demo; the others are addresses only.
COMMUNES = ["xa_tanlap", "xa_hoathang", "xa_eakao"]

# Postal delivery of results (đồng), and the disadvantaged communes (xã đặc biệt khó khăn)
# whose residents pay half.
POSTAL_BASE_FEE = 30_000
DISADVANTAGED_COMMUNES = [
    "xa_hoathang",
    "xa_eakao",
    "xa_cuebur",
    "xa_yangmao",
    "xa_dakphoi",
    "xa_buondon",
]

# Staff: (username, full name, title, [(agency key, role), ...]). Password: see DEMO_PASSWORD.
STAFF = [
    ("quantri", "Nguyễn Quản Trị", "Quản trị hệ thống", [("tinh", Role.ADMIN)]),
    ("thanhtra", "Trần Văn Thanh", "Thanh tra viên", [("tinh", Role.INSPECTOR)]),
    ("tiepnhan.tinh", "Lê Thị Hồng", "Công chức tiếp nhận", [("ttpvhcc", Role.RECEIVING_OFFICER)]),
    (
        "giamdoc.ttpvhcc",
        "Phạm Minh Tuấn",
        "Giám đốc Trung tâm",
        [("ttpvhcc", Role.AGENCY_LEADER), ("ttpvhcc", Role.RECEIVING_OFFICER)],
    ),
    ("chuyenvien.xd", "Hoàng Văn Nam", "Chuyên viên", [("so_xd_qlxd", Role.SPECIALIST)]),
    ("truongphong.xd", "Vũ Thị Lan", "Trưởng phòng", [("so_xd_qlxd", Role.UNIT_LEADER)]),
    ("giamdoc.xd", "Đặng Quốc Hưng", "Giám đốc Sở Xây dựng", [("so_xd", Role.AGENCY_LEADER)]),
    ("chuyenvien.tp", "Bùi Thị Mai", "Chuyên viên", [("so_tp_hctp", Role.SPECIALIST)]),
    ("truongphong.tp", "Đỗ Văn Khoa", "Trưởng phòng", [("so_tp_hctp", Role.UNIT_LEADER)]),
    ("giamdoc.tp", "Ngô Thị Thu", "Giám đốc Sở Tư pháp", [("so_tp", Role.AGENCY_LEADER)]),
    ("chuyenvien.tc", "Lý Văn Phúc", "Chuyên viên", [("so_tc_dkkd", Role.SPECIALIST)]),
    ("truongphong.tc", "Trịnh Thị Hà", "Trưởng phòng", [("so_tc_dkkd", Role.UNIT_LEADER)]),
    ("giamdoc.tc", "Mai Văn Long", "Giám đốc Sở Tài chính", [("so_tc", Role.AGENCY_LEADER)]),
    ("chuyenvien.dd", "Đinh Văn Sơn", "Chuyên viên", [("so_nnmt_vpdk", Role.SPECIALIST)]),
    (
        "truongphong.dd",
        "Cao Thị Yến",
        "Giám đốc Văn phòng Đăng ký đất đai",
        [("so_nnmt_vpdk", Role.UNIT_LEADER)],
    ),
    (
        "giamdoc.nnmt",
        "Tạ Quang Vinh",
        "Giám đốc Sở Nông nghiệp và Môi trường",
        [("so_nnmt", Role.AGENCY_LEADER)],
    ),
    (
        "tiepnhan.tanlap",
        "Nguyễn Thị Thủy",
        "Công chức tiếp nhận",
        [("xa_tanlap_tt", Role.RECEIVING_OFFICER)],
    ),
    (
        "chuyenvien.tanlap",
        "Phan Văn Đức",
        "Công chức Tư pháp - Hộ tịch",
        [("xa_tanlap_vhxh", Role.SPECIALIST), ("xa_tanlap_kt", Role.SPECIALIST)],
    ),
    (
        "truongphong.tanlap",
        "Lương Thị Nga",
        "Trưởng phòng Văn hóa - Xã hội",
        [("xa_tanlap_vhxh", Role.UNIT_LEADER), ("xa_tanlap_kt", Role.UNIT_LEADER)],
    ),
    ("chutich.tanlap", "Hà Văn Quang", "Chủ tịch UBND phường", [("xa_tanlap", Role.AGENCY_LEADER)]),
    (
        "tiepnhan.hoathang",
        "Y Blông Niê",
        "Công chức tiếp nhận",
        [("xa_hoathang_tt", Role.RECEIVING_OFFICER)],
    ),
    (
        "chuyenvien.hoathang",
        "Trần Thị Kim",
        "Công chức Tư pháp - Hộ tịch",
        [("xa_hoathang_vhxh", Role.SPECIALIST), ("xa_hoathang_kt", Role.SPECIALIST)],
    ),
    (
        "chutich.hoathang",
        "Lê Văn Tâm",
        "Chủ tịch UBND xã",
        [("xa_hoathang", Role.AGENCY_LEADER), ("xa_hoathang", Role.UNIT_LEADER)],
    ),
    (
        "tiepnhan.eakao",
        "H'Linh Mlô",
        "Công chức tiếp nhận",
        [("xa_eakao_tt", Role.RECEIVING_OFFICER)],
    ),
    (
        "chuyenvien.eakao",
        "Nguyễn Văn Hải",
        "Công chức Địa chính - Xây dựng",
        [("xa_eakao_vhxh", Role.SPECIALIST), ("xa_eakao_kt", Role.SPECIALIST)],
    ),
    (
        "chutich.eakao",
        "Y Moan Êban",
        "Chủ tịch UBND xã",
        [("xa_eakao", Role.AGENCY_LEADER), ("xa_eakao", Role.UNIT_LEADER)],
    ),
]

HEADS = {
    "so_xd": "giamdoc.xd",
    "so_tp": "giamdoc.tp",
    "so_tc": "giamdoc.tc",
    "so_nnmt": "giamdoc.nnmt",
    "ttpvhcc": "giamdoc.ttpvhcc",
    "xa_tanlap": "chutich.tanlap",
    "xa_hoathang": "chutich.hoathang",
    "xa_eakao": "chutich.eakao",
}

# Citizens: (username, full name, e-mail, phone, ID number)
CITIZENS = [
    ("congdan", "Nguyễn Văn An", "an.nguyen@example.vn", "0912345678", "066090001234"),
    ("tranthibich", "Trần Thị Bích", "bich.tran@example.vn", "0987654321", "066195004567"),
    (
        "doanhnghiep",
        "Công ty TNHH Xây dựng Bình Sơn",
        "lienhe@xaydungbinhson.example.vn",
        "0262381234",
        "6001234567",
    ),
]

DEMO_PASSWORD = "MotCua@2026"

# Procedures: national code → (agency keys that run it, processing unit key per agency ("" = the
# agency itself), committed working days). Communes share one entry through "communes".
COMMUNE_UNIT_VHXH = "vhxh"
COMMUNE_UNIT_KT = "kt"

PROCEDURES: dict[str, tuple[str, str, int]] = {
    # Hộ tịch — commune
    "1.001193": ("communes", COMMUNE_UNIT_VHXH, 1),  # đăng ký khai sinh
    "1.000894": ("communes", COMMUNE_UNIT_VHXH, 1),  # đăng ký kết hôn
    "1.000656": ("communes", COMMUNE_UNIT_VHXH, 1),  # đăng ký khai tử
    "1.004884": ("communes", COMMUNE_UNIT_VHXH, 5),  # đăng ký lại khai sinh
    "1.004746": ("communes", COMMUNE_UNIT_VHXH, 5),  # đăng ký lại kết hôn
    "1.005461": ("communes", COMMUNE_UNIT_VHXH, 5),  # đăng ký lại khai tử
    "2.000635": ("communes", COMMUNE_UNIT_VHXH, 1),  # bản sao trích lục hộ tịch
    # Chứng thực — commune
    "2.000815": ("communes", COMMUNE_UNIT_VHXH, 1),
    "2.001035": ("communes", COMMUNE_UNIT_VHXH, 2),
    "2.001406": ("communes", COMMUNE_UNIT_VHXH, 2),
    # Hộ kinh doanh — commune
    "1.001612": ("communes", COMMUNE_UNIT_KT, 3),
    "2.000720": ("communes", COMMUNE_UNIT_KT, 3),
    "1.001266": ("communes", COMMUNE_UNIT_KT, 3),
    "2.000575": ("communes", COMMUNE_UNIT_KT, 3),
    # Cư trú — commune
    "1.004222": ("communes", COMMUNE_UNIT_VHXH, 7),
    "1.003197": ("communes", COMMUNE_UNIT_VHXH, 5),
    # Xây dựng — commune (cấp III, IV)
    "1.013225": ("communes", COMMUNE_UNIT_KT, 15),
    "1.013226": ("communes", COMMUNE_UNIT_KT, 15),
    "1.013227": ("communes", COMMUNE_UNIT_KT, 5),
    "1.013228": ("communes", COMMUNE_UNIT_KT, 5),
    "1.013229": ("communes", COMMUNE_UNIT_KT, 15),
    # Đất đai — commune
    "1.012753": ("communes", COMMUNE_UNIT_KT, 17),
    "1.013979": ("communes", COMMUNE_UNIT_KT, 10),
    # Xây dựng — province (cấp đặc biệt, I, II)
    "1.013236": ("so_xd", "so_xd_qlxd", 15),
    "1.013231": ("so_xd", "so_xd_qlxd", 15),
    "1.013233": ("so_xd", "so_xd_qlxd", 5),
    "1.013235": ("so_xd", "so_xd_qlxd", 5),
    "1.013238": ("so_xd", "so_xd_qlxd", 15),
    # Lý lịch tư pháp, nuôi con nuôi, trợ giúp pháp lý, công chứng — Sở Tư pháp
    "3.000333": ("so_tp", "so_tp_hctp", 7),
    "3.000334": ("so_tp", "so_tp_hctp", 7),
    "3.000335": ("so_tp", "so_tp_hctp", 7),
    "1.003179": ("so_tp", "so_tp_hctp", 5),
    "2.000587": ("so_tp", "so_tp_hctp", 7),
    "2.000518": ("so_tp", "so_tp_hctp", 7),
    "1.001233": ("so_tp", "so_tp_hctp", 5),
    # Doanh nghiệp — Sở Tài chính
    "2.001199": ("so_tc", "so_tc_dkkd", 3),
    "2.001583": ("so_tc", "so_tc_dkkd", 3),
    "1.010010": ("so_tc", "so_tc_dkkd", 3),
    # Đất đai, biện pháp bảo đảm — Sở Nông nghiệp và Môi trường
    "1.012783": ("so_nnmt", "so_nnmt_vpdk", 15),
    "1.012787": ("so_nnmt", "so_nnmt_vpdk", 8),
    "1.013831": ("so_nnmt", "so_nnmt_vpdk", 18),
    "1.013833": ("so_nnmt", "so_nnmt_vpdk", 10),
    "1.013993": ("so_nnmt", "so_nnmt_vpdk", 22),
    "1.011441": ("so_nnmt", "so_nnmt_vpdk", 3),
    "1.011442": ("so_nnmt", "so_nnmt_vpdk", 3),
    "1.011443": ("so_nnmt", "so_nnmt_vpdk", 3),
}

# Procedures the province offers fully online (Decree 42/2022 Art. 11: toàn trình), a local
# decision the national data does not carry.
FULL_ONLINE = {
    "1.001193",
    "1.000894",
    "1.000656",
    "2.000635",
    "3.000333",
    "1.001612",
    "2.001199",
    "2.001583",
}
