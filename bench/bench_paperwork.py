"""Paperwork speed: rendering each official form, signing and verifying a PDF, the staff
print route and the register over many dossiers (a fresh temporary database).

    .venv/bin/python bench/bench_paperwork.py                  # register over 300 dossiers
    .venv/bin/python bench/bench_paperwork.py --dossiers 1000
"""

from __future__ import annotations

import argparse
import sys

from _django import bootstrap, median_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--dossiers", type=int, default=300)
    options, _unknown = parser.parse_known_args()

    bootstrap(
        "paperwork",
        options.database_url,
        pages=True,
        TASKS_IMMEDIATE="true",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        AXES_ENABLED="false",
    )
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine
    from django.core.management import call_command
    from django.test import Client

    from motcua.accounts.roles import Role
    from motcua.catalog.models import RequiredDocument
    from motcua.dossiers.actions.extensions import dossier_propose_extension
    from motcua.dossiers.actions.intake import Applicant
    from motcua.dossiers.actions.steps import dossier_forward
    from motcua.paperwork import official, signing
    from motcua.testing import Province, make_procedure, receive_dossier

    call_command("make_signing_key", verbosity=0)
    p = Province.build()
    procedure = make_procedure(
        "1.000001",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        days=5,
        agencies=[p.commune_a],
        steps=[
            ("Tiếp nhận, chuyển hồ sơ", Role.RECEIVING_OFFICER, None, 4),
            ("Thẩm định hồ sơ", Role.SPECIALIST, None, 28),
            ("Phê duyệt kết quả", Role.AGENCY_LEADER, None, 4),
            ("Trả kết quả", Role.RECEIVING_OFFICER, None, 4),
        ],
    )
    RequiredDocument.objects.create(procedure=procedure, order=1, name="Đơn đề nghị")
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    start = dt.datetime(2026, 11, 2, 8, 0, tzinfo=tz)
    dossiers = []
    with time_machine.travel(start, tick=False):
        for i in range(options.dossiers):
            at = start + dt.timedelta(minutes=23 * i)
            dossiers.append(
                receive_dossier(
                    p,
                    procedure,
                    applicant=Applicant(
                        name=f"Nguyễn Văn An {i}",
                        id_number=f"001090{i:06d}",
                        phone="0912345678",
                        address="Thôn Đông",
                    ),
                    at=at,
                )
            )
        d = dossiers[0]
        d = dossier_forward(actor=p.officer_a, dossier=d, at=start + dt.timedelta(hours=1))
        d = dossier_propose_extension(
            actor=p.specialist_a,
            dossier=d,
            reason="Chờ ý kiến",
            apology="Xin lỗi ông/bà.",
            new_due_at=d.due_at + dt.timedelta(days=2),
            at=start + dt.timedelta(days=1),
        )

    results = {}
    for number in ("01", "04", "06"):
        results[f"render_form {number}"] = median_ms(lambda n=number: official.render_form(n, d), 5)
    pdf = official.render_form("01", d)
    results["sign_pdf (receipt)"] = median_ms(lambda: signing.sign_pdf(pdf), 5)
    signed = signing.sign_pdf(pdf)
    results["verify_pdf (valid)"] = median_ms(lambda: signing.verify_pdf(signed), 20)
    tampered = bytearray(signed)
    tampered[len(pdf) // 2] ^= 1
    results["verify_pdf (tampered)"] = median_ms(lambda: signing.verify_pdf(bytes(tampered)), 20)
    staff = Client()
    staff.force_login(p.officer_a)
    results["GET /van-phong/ho-so/<code>/mau/01.pdf"] = median_ms(
        lambda: staff.get(f"/van-phong/ho-so/{d.code}/mau/01.pdf"), 5
    )
    end = (start + dt.timedelta(minutes=23 * options.dossiers)).date()
    period = {"start": start.date(), "end": end, "agency": p.commune_a}
    results[f"register PDF ({options.dossiers} dossiers)"] = median_ms(
        lambda: official.render_register(**period), repeat=1
    )
    results[f"register xlsx ({options.dossiers} dossiers)"] = median_ms(
        lambda: official.register_xlsx(**period), repeat=3
    )
    for name, ms in results.items():
        print(f"{name:44s} {ms:9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
