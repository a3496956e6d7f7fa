"""Feedback box speed: filing PAKN through the service, and the public and staff pages
over a year's worth of items (a fresh temporary database).

    .venv/bin/python bench/bench_feedback.py                 # 3,000 items on SQLite
    .venv/bin/python bench/bench_feedback.py --items 10000
    .venv/bin/python bench/bench_feedback.py --database-url postgres://…   # an existing, empty database
"""

from __future__ import annotations

import argparse
import sys
import time

from _django import bootstrap, median_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--items", type=int, default=3000)
    options, _unknown = parser.parse_known_args()

    bootstrap(
        "feedback",
        options.database_url,
        pages=True,
        TASKS_IMMEDIATE="true",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        AXES_ENABLED="false",
    )
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.test import Client

    from motcua.feedback import services
    from motcua.feedback.models import Feedback, SubjectKind
    from motcua.testing import Province

    province = Province.build()
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    start = dt.datetime(2026, 1, 5, 8, 0, tzinfo=tz)
    agencies = [province.commune_a, province.commune_b]

    started = time.perf_counter()
    items = []
    for i in range(options.items):
        at = start + dt.timedelta(minutes=97 * i)
        items.append(
            services.feedback_submit(
                subject_kind=SubjectKind.AGENCY,
                agency=agencies[i % 2],
                title=f"Phản ánh số {i} về thời gian tiếp nhận hồ sơ",
                content="Cán bộ hẹn nhiều lần, chưa hướng dẫn đầy đủ thành phần hồ sơ.",
                is_anonymous=i % 3 == 0,
                filer_name="Nguyễn Văn An",
                filer_phone="0912345678",
                at=at,
            )
        )
    filing = (time.perf_counter() - started) / options.items * 1000

    started = time.perf_counter()
    answered = 0
    for i, feedback in enumerate(items):
        if i % 2 or feedback.agency_id != province.commune_a.pk:
            continue
        at = feedback.received_at + dt.timedelta(days=3)
        services.feedback_answer(
            feedback=feedback, actor=province.leader_a, answer="Đã xử lý.", at=at
        )
        if i % 4 == 0:
            services.feedback_publish(
                feedback=feedback, actor=province.leader_a, at=at + dt.timedelta(hours=2)
            )
        answered += 1
    answering = (time.perf_counter() - started) / max(answered, 1) * 1000

    public = Client()
    staff = Client()
    staff.force_login(province.leader_a)
    now = dt.datetime(2027, 1, 5, 9, 0, tzinfo=tz)
    results = {
        "home page / (baseline)": median_ms(lambda: public.get("/"), 20),
        "public list /phan-anh/": median_ms(lambda: public.get("/phan-anh/"), 20),
        "public search ?q=tiep nhan": median_ms(lambda: public.get("/phan-anh/?q=tiep nhan"), 20),
        "public page 30": median_ms(lambda: public.get("/phan-anh/?page=30"), 20),
        "tracking lookup": median_ms(
            lambda: public.get(f"/phan-anh/tra-cuu/?ma={items[7].code}"), 20
        ),
        "staff list /van-phong/phan-anh/": median_ms(lambda: staff.get("/van-phong/phan-anh/"), 20),
        "staff list ?overdue=1": median_ms(lambda: staff.get("/van-phong/phan-anh/?overdue=1"), 20),
        "staff detail": median_ms(lambda: staff.get(f"/van-phong/phan-anh/{items[0].code}/"), 20),
        "overdue(now).count()": median_ms(lambda: Feedback.objects.overdue(now).count(), 20),
    }
    print(f"{options.items} items ({Feedback.objects.published().count()} published)")
    print(f"filing, per item:    {filing:7.1f} ms")
    print(f"answer(+publish):    {answering:7.1f} ms")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in ("/phan-anh/", "/van-phong/phan-anh/?overdue=1"):
        with CaptureQueriesContext(connection) as queries:
            (staff if "van-phong" in url else public).get(url)
        print(f"{url}: {len(queries)} queries")
    for name, ms in results.items():
        print(f"{name:34s} {ms:7.1f} ms (median of 20)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
