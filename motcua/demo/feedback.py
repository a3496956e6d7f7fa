"""Realistic feedback (PAKN) for demos and reports, made through the feedback services.

``generate(count=N, seed=S, days=D)`` files N PAKN over the last D days — about
procedures, agencies, officers and the online services — and plays each one forward:
refused, asked once for more information, answered on time or late, published (now and
then late) or closed, liked and disliked, sometimes raised again by the filer. Every
change goes through ``services`` with an explicit ``at`` in the past and stops where
"now" is reached, so recent items are still open and forgotten ones overdue: indicators
5.2 and 5.3 have something to count.

Determinism: one ``random.Random(seed)``; the same seed, days, "now" and database state
give the same items, except their tracking codes, whose random part is drawn by
``codes.new_code`` so that codes cannot be guessed. It needs agencies with staff who may
answer (``manage.py load_demo`` makes them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from motcua.accounts.models import Membership, User
from motcua.accounts.permissions import can
from motcua.accounts.roles import Action, Role
from motcua.catalog.models import Agency, Procedure
from motcua.demo.dossiers import FAMILY, GIVEN, MIDDLE
from motcua.feedback import services
from motcua.feedback.models import Feedback, FeedbackStatus, FeedbackVote, SubjectKind
from motcua.workdays import deadlines
from motcua.workdays.units import HOURS_PER_WORKING_DAY, TimeUnit

ERR_NOTHING = (
    "Chưa có cơ quan nào có lãnh đạo để trả lời phản ánh, kiến nghị. "
    "Hãy chạy “python manage.py load_demo” trước."
)


@dataclass(frozen=True)
class Topic:
    """What a PAKN says and how the agency answers. ``{procedure}`` and ``{agency}`` are
    filled in; ``asks_more``: the agency may need the filer's details first."""

    kind: str
    title: str
    content: str
    answer: str
    asks_more: bool = False


TOPICS = [
    Topic(
        SubjectKind.PROCEDURE,
        "Hồ sơ trả kết quả chậm so với giấy hẹn",
        "Tôi nộp hồ sơ thủ tục “{procedure}” tại {agency}. Đến ngày hẹn trên giấy tiếp nhận "
        "tôi vẫn chưa nhận được kết quả và không được thông báo lý do. Đề nghị cơ quan kiểm "
        "tra và cho biết thời gian trả kết quả.",
        "Cơ quan đã kiểm tra: hồ sơ của ông/bà phải lấy ý kiến cơ quan liên quan nên chậm so "
        "với giấy hẹn. Cơ quan đã gửi văn bản xin lỗi, trả kết quả cho ông/bà và chấn chỉnh "
        "việc thông báo trước cho người nộp khi hồ sơ có khả năng quá hạn.",
        asks_more=True,
    ),
    Topic(
        SubjectKind.PROCEDURE,
        "Đề nghị hướng dẫn rõ thành phần hồ sơ",
        "Thành phần hồ sơ của thủ tục “{procedure}” công khai trên Cổng dịch vụ công khó hiểu, "
        "tôi phải đi lại hai lần mới nộp đủ giấy tờ. Đề nghị có hướng dẫn cụ thể và mẫu đơn, "
        "tờ khai điền sẵn.",
        "Cơ quan tiếp thu ý kiến của ông/bà. Tài liệu hướng dẫn và mẫu đơn, tờ khai điền sẵn "
        "đã được bổ sung trên trang thủ tục và tại quầy tiếp nhận; ông/bà cũng có thể gọi "
        "điện thoại cho bộ phận một cửa để được hướng dẫn trước khi nộp.",
    ),
    Topic(
        SubjectKind.PROCEDURE,
        "Khoản thu khi nộp hồ sơ khác mức công khai",
        "Khi nộp hồ sơ thủ tục “{procedure}”, tôi phải nộp số tiền cao hơn mức phí, lệ phí "
        "công khai trên Cổng dịch vụ công. Đề nghị cơ quan giải thích.",
        "Qua kiểm tra, khoản ông/bà đã nộp gồm lệ phí theo quy định và cước chuyển phát kết "
        "quả qua bưu chính công ích mà ông/bà đã đăng ký; biên lai ghi gộp hai khoản nên gây "
        "hiểu nhầm. Cơ quan đã điều chỉnh để biên lai ghi riêng từng khoản.",
        asks_more=True,
    ),
    Topic(
        SubjectKind.PROCEDURE,
        "Đề nghị cung cấp dịch vụ công trực tuyến toàn trình",
        "Thủ tục “{procedure}” hiện vẫn phải đến nộp bản giấy. Đề nghị cho phép nộp hồ sơ và "
        "nhận kết quả hoàn toàn trực tuyến để người dân không phải đi lại nhiều lần.",
        "Cơ quan ghi nhận kiến nghị và đã đưa thủ tục vào danh mục rà soát để cung cấp dịch vụ "
        "công trực tuyến toàn trình trong năm nay. Trong thời gian chờ, ông/bà có thể nộp hồ "
        "sơ và nhận kết quả qua dịch vụ bưu chính công ích.",
    ),
    Topic(
        SubjectKind.PROCEDURE,
        "Không yêu cầu nộp lại giấy tờ đã có trong cơ sở dữ liệu",
        "Khi làm thủ tục “{procedure}”, tôi được yêu cầu nộp bản sao có chứng thực của giấy tờ "
        "đã có trong Cơ sở dữ liệu quốc gia về dân cư. Đề nghị cơ quan khai thác dữ liệu sẵn "
        "có thay vì yêu cầu người dân nộp lại.",
        "Cơ quan tiếp thu ý kiến. Bộ phận một cửa khai thác thông tin từ Cơ sở dữ liệu quốc "
        "gia về dân cư và không yêu cầu nộp bản sao các giấy tờ đã có trong cơ sở dữ liệu; "
        "ông/bà chỉ cần xuất trình bản chính để đối chiếu khi cần.",
    ),
    Topic(
        SubjectKind.AGENCY,
        "Đề nghị bố trí thêm ghế ngồi chờ",
        "Buổi sáng tại {agency} rất đông, nhiều người, kể cả người cao tuổi, phải đứng chờ "
        "lâu. Đề nghị bố trí thêm ghế ngồi và người hướng dẫn tại cửa.",
        "Cơ quan đã bố trí thêm 20 ghế chờ, một quầy hướng dẫn tại cửa và ưu tiên người cao "
        "tuổi, người khuyết tật, phụ nữ mang thai. Người dân có thể lấy số thứ tự và đặt lịch "
        "hẹn trước trên Cổng dịch vụ công.",
    ),
    Topic(
        SubjectKind.AGENCY,
        "Màn hình gọi số không đúng thứ tự",
        "Tại {agency}, màn hình gọi số nhiều lần bỏ qua số thứ tự của tôi, người đến sau lại "
        "được gọi trước.",
        "Cơ quan đã kiểm tra: một quầy được cài đặt nhận hai nhóm thủ tục nên thứ tự gọi khác "
        "nhau giữa các quầy. Cơ quan đã điều chỉnh cài đặt và bổ sung hướng dẫn trên màn hình.",
    ),
    Topic(
        SubjectKind.AGENCY,
        "Đề nghị tiếp nhận hồ sơ vào sáng thứ Bảy",
        "Tôi làm việc trong giờ hành chính nên rất khó đến {agency}. Đề nghị tiếp nhận và trả "
        "kết quả vào sáng thứ Bảy.",
        "Từ tháng tới, cơ quan tiếp nhận và trả kết quả vào sáng thứ Bảy hằng tuần, từ 7 giờ 30 "
        "đến 11 giờ 30. Ông/bà cũng có thể nộp hồ sơ trực tuyến và nhận kết quả qua bưu chính.",
    ),
    Topic(
        SubjectKind.AGENCY,
        "Không gọi được số điện thoại đường dây nóng",
        "Số điện thoại đường dây nóng của {agency} niêm yết tại trụ sở nhiều ngày không có "
        "người nghe máy.",
        "Đường dây nóng đã chuyển sang tổng đài mới; cơ quan đã cập nhật số mới tại trụ sở và "
        "trên Cổng dịch vụ công, và phân công cán bộ trực trong giờ hành chính.",
    ),
    Topic(
        SubjectKind.OFFICER,
        "Cán bộ tiếp nhận hướng dẫn chưa nhiệt tình",
        "Khi tôi đến nộp hồ sơ tại {agency}, cán bộ tiếp nhận trả lời thiếu nhiệt tình, không "
        "hướng dẫn cụ thể giấy tờ còn thiếu nên tôi phải đi lại nhiều lần.",
        "Cơ quan đã làm việc với cán bộ liên quan; cán bộ đã nhận khuyết điểm, được nhắc nhở "
        "và cam kết thực hiện đúng quy tắc ứng xử khi tiếp nhận hồ sơ. Cơ quan xin lỗi ông/bà "
        "về sự việc này.",
        asks_more=True,
    ),
    Topic(
        SubjectKind.OFFICER,
        "Cán bộ yêu cầu nộp giấy tờ ngoài quy định",
        "Cán bộ tiếp nhận tại {agency} yêu cầu tôi nộp thêm giấy xác nhận không có trong thành "
        "phần hồ sơ đã công khai.",
        "Qua kiểm tra, giấy xác nhận đó không thuộc thành phần hồ sơ theo quy định. Cơ quan đã "
        "nhắc nhở cán bộ liên quan, tiếp nhận hồ sơ của ông/bà không cần giấy tờ này và quán "
        "triệt cán bộ tiếp nhận chỉ yêu cầu các giấy tờ đã công khai.",
        asks_more=True,
    ),
    Topic(
        SubjectKind.OFFICER,
        "Cảm ơn cán bộ tiếp nhận hướng dẫn tận tình",
        "Tôi xin cảm ơn cán bộ tiếp nhận tại {agency} đã hướng dẫn tận tình, giúp tôi hoàn "
        "thiện hồ sơ ngay trong buổi sáng.",
        "Cơ quan cảm ơn ông/bà đã ghi nhận. Ý kiến được chuyển đến cán bộ và được xem xét "
        "trong đánh giá, khen thưởng cán bộ cuối năm.",
    ),
    Topic(
        SubjectKind.OTHER,
        "Cổng dịch vụ công báo lỗi khi tải tệp đính kèm",
        "Tôi nộp hồ sơ trực tuyến nhưng khi tải ảnh chụp giấy tờ lên, hệ thống báo lỗi và "
        "không cho nộp.",
        "Lỗi xảy ra khi tệp ảnh lớn hơn dung lượng cho phép (10 MB). Hệ thống đã bổ sung thông "
        "báo rõ dung lượng và hướng dẫn chụp lại giấy tờ ở độ phân giải thấp hơn hoặc lưu dưới "
        "dạng PDF.",
    ),
    Topic(
        SubjectKind.OTHER,
        "Đề nghị báo cho người nộp khi hồ sơ có kết quả",
        "Đề nghị hệ thống gửi tin nhắn hoặc thư điện tử khi hồ sơ có kết quả để người dân "
        "không phải gọi điện hỏi.",
        "Hệ thống đã gửi thư điện tử cho người nộp khi hồ sơ được tiếp nhận, cần bổ sung và có "
        "kết quả; tin nhắn SMS sẽ được triển khai sau khi ký hợp đồng với nhà mạng.",
    ),
]

# Items that are not about administrative procedures: refused, with the reason.
REFUSED_TOPICS = [
    (
        Topic(
            SubjectKind.OTHER,
            "Tranh chấp ranh giới đất với hộ liền kề",
            "Hộ liền kề xây tường lấn sang đất nhà tôi khoảng nửa mét. Đề nghị cơ quan giải quyết.",
            "",
        ),
        "Nội dung là tranh chấp đất đai giữa các hộ gia đình, không thuộc phạm vi phản ánh, "
        "kiến nghị về quy định hành chính. Đề nghị ông/bà gửi đơn đến Ủy ban nhân dân cấp xã "
        "nơi có đất để được hòa giải theo quy định của Luật Đất đai.",
    ),
    (
        Topic(
            SubjectKind.AGENCY,
            "Cơ sở sản xuất gây tiếng ồn ban đêm",
            "Cơ sở sản xuất gần nhà tôi hoạt động gây tiếng ồn vào ban đêm, đề nghị {agency} "
            "xử lý.",
            "",
        ),
        "Nội dung không liên quan đến thủ tục hành chính hay việc giải quyết thủ tục hành "
        "chính. Đề nghị ông/bà phản ánh qua đường dây nóng về môi trường của tỉnh.",
    ),
]

MORE_REQUEST = (
    "Đề nghị ông/bà cho biết mã số hồ sơ (ghi trên giấy tiếp nhận), ngày nộp và quầy đã nộp "
    "để cơ quan có căn cứ kiểm tra."
)
MORE_CONTENT = "Tôi nộp hồ sơ ngày {day:%d/%m/%Y} tại quầy số {counter}, mã hồ sơ {code}."
CLOSE_NO_REPLY = "Quá thời hạn mà người gửi không bổ sung thông tin cơ quan đã đề nghị."
CLOSE_PRIVATE = "Nội dung trả lời chỉ liên quan đến hồ sơ của người gửi nên không công khai."
RERAISE_TITLE = "Phản ánh lại: {title}"
RERAISE_CONTENT = (
    "Tôi chưa đồng ý với trả lời phản ánh {code}: sau khi có trả lời, tình trạng vẫn tiếp "
    "diễn. Đề nghị cơ quan kiểm tra lại."
)
RERAISE_ANSWER = (
    "Cơ quan đã kiểm tra lại và khắc phục dứt điểm tình trạng ông/bà phản ánh; cảm ơn ông/bà "
    "đã tiếp tục theo dõi và góp ý."
)

# How the stories end, with their weights (the first that "now" interrupts stays open).
PLANS = {
    "published": 50,  # answered within 15 working days, published within 2
    "answered_late": 10,
    "published_late": 3,
    "more_then_published": 8,  # asked for more, the filer answers, then answered
    "more_no_reply": 3,  # asked for more, no reply: closed
    "closed": 5,  # answered, concerns only the filer: closed without publication
    "refused": 7,
    "forgotten": 10,  # never answered: overdue once the 15 working days have passed
}
RERAISED = 0.05  # of the items, raised again by a filer unhappy with a published answer
DISLIKED = 0.12  # of the published answers, more dislikes than likes


class GenerationError(Exception):
    pass


@dataclass
class Stats:
    created: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    votes: int = 0


class _Stop(Exception):
    """The item's story has reached the present."""


class _Staff:
    """Who may triage and who may answer in an agency, preferring people to superusers."""

    def __init__(self) -> None:
        self.users = list(
            User.objects.filter(memberships__is_active=True, is_active=True)
            .distinct()
            .order_by("pk")
        )
        self._cache: dict[tuple[tuple[str, ...], int], list[User]] = {}

    def able(self, actions: tuple[str, ...], agency: Agency) -> list[User]:
        key = (actions, agency.pk)
        if key not in self._cache:
            able = [u for u in self.users if any(can(u, a, agency) for a in actions)]
            self._cache[key] = [u for u in able if not u.is_superuser] or able
        return self._cache[key]


def _short(name: str, limit: int = 100) -> str:
    return name if len(name) <= limit else name[:limit].rsplit(" ", 1)[0] + "…"


class Generator:
    def __init__(self, *, seed: int, days: int, now: dt.datetime) -> None:
        self.rng = random.Random(seed)
        self.days = max(days, 1)
        self.now = now
        self.staff = _Staff()
        answerable = [
            agency
            for agency in Agency.objects.active().order_by("path")
            if self.staff.able(services.ANSWER_ACTIONS, agency)
        ]
        if not answerable:
            raise GenerationError(ERR_NOTHING)
        self.agencies = [a for a in answerable if a.is_one_stop] or answerable
        self.procedures: list[tuple[Procedure, list[Agency]]] = []
        for procedure in Procedure.objects.active().prefetch_related("agencies").order_by("code"):
            competent = [a for a in procedure.agencies.all() if a in answerable]
            if competent:
                self.procedures.append((procedure, competent))
        # Complaints about officers concern the people at the counters, not their leaders.
        self.officers = [
            (m.user, m.agency)
            for m in Membership.objects.filter(
                role=Role.RECEIVING_OFFICER, is_active=True, user__is_active=True
            )
            .select_related("user", "agency")
            .order_by("pk")
            if m.agency in answerable and not can(m.user, Action.APPROVE, m.agency)
        ]
        available = {SubjectKind.AGENCY, SubjectKind.OTHER}
        available |= {SubjectKind.PROCEDURE} if self.procedures else set()
        available |= {SubjectKind.OFFICER} if self.officers else set()
        self.topics = [t for t in TOPICS if t.kind in available]
        self.refusals = [(t, r) for t, r in REFUSED_TOPICS if t.kind in available]
        self.stats = Stats()

    # --- time -------------------------------------------------------------------------
    def after(self, start: dt.datetime, days: float | Decimal, agency: Agency) -> dt.datetime:
        """``days`` working days after ``start`` on the agency's calendar, or ``_Stop``."""
        hours = Decimal(str(round(max(float(days), 0.01) * HOURS_PER_WORKING_DAY, 2)))
        moment = deadlines.add_working_time(start, hours, TimeUnit.WORKING_HOURS, agency=agency)
        if moment > self.now:
            raise _Stop
        return moment

    def call(self, function: Callable, **kwargs):
        if kwargs["at"] > self.now:
            raise _Stop
        return function(**kwargs)

    def leader(self, feedback: Feedback) -> User:
        return self.rng.choice(self.staff.able(services.ANSWER_ACTIONS, feedback.agency))

    def triager(self, feedback: Feedback) -> User:
        return self.rng.choice(self.staff.able(services.TRIAGE_ACTIONS, feedback.agency))

    # --- one item -----------------------------------------------------------------------
    def filer(self) -> dict:
        rng = self.rng
        if rng.random() < 0.2:
            return {"is_anonymous": True}
        email = f"nguoidan{rng.randint(1, 99999)}@example.vn" if rng.random() < 0.3 else ""
        return {
            "filer_name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "filer_phone": f"09{rng.randint(10_000_000, 99_999_999)}",
            "filer_email": email,
        }

    def subject(self, topic: Topic) -> tuple[dict, dict]:
        """What the PAKN is about and the agency that must handle it (the service's
        arguments), and the words that fill in the topic's text."""
        rng = self.rng
        if topic.kind == SubjectKind.PROCEDURE:
            procedure, competent = rng.choice(self.procedures)
            agency = rng.choice(competent)
            words = {"procedure": _short(procedure.name), "agency": agency.name}
            return {"procedure": procedure, "agency": agency}, words
        if topic.kind == SubjectKind.OFFICER:
            officer, agency = rng.choice(self.officers)
            return {"officer": officer, "agency": agency}, {"agency": agency.name}
        agency = rng.choice(self.agencies)
        return {"agency": agency}, {"agency": agency.name}

    def play(self, feedback: Feedback, plan: str, answer: str, refusal: str = "") -> Feedback:
        """Move the item forward along its plan until the plan ends or "now" is reached."""
        rng = self.rng
        agency = feedback.agency
        if plan == "refused":
            at = self.after(feedback.received_at, rng.uniform(0.2, 1.8), agency)
            return self.call(
                services.feedback_refuse,
                feedback=feedback,
                actor=self.triager(feedback),
                reason=refusal,
                at=at,
            )
        start = feedback.received_at
        if plan in ("more_then_published", "more_no_reply"):
            start = self.after(start, rng.uniform(0.3, 4.5), agency)
            feedback = self.call(
                services.feedback_request_more,
                feedback=feedback,
                actor=self.triager(feedback),
                request=MORE_REQUEST,
                at=start,
            )
            if plan == "more_no_reply":
                return self.call(
                    services.feedback_close,
                    feedback=feedback,
                    actor=self.leader(feedback),
                    reason=CLOSE_NO_REPLY,
                    at=start + dt.timedelta(days=rng.uniform(10, 20)),
                )
            start += dt.timedelta(days=rng.uniform(0.5, 6))
            filed = timezone.localdate(feedback.received_at) - dt.timedelta(rng.randint(3, 20))
            feedback = self.call(
                services.feedback_add_information,
                feedback=feedback,
                content=MORE_CONTENT.format(
                    day=filed, counter=rng.randint(1, 8), code=f"{rng.randint(1, 60):04d}"
                ),
                phone_last4=feedback.filer_phone[-4:],
                at=start,
            )
        if plan == "forgotten":
            return feedback
        if plan == "answered_late":
            at = self.after(feedback.answer_due, rng.uniform(1, 8), agency)
        else:
            left = deadlines.working_time_between(start, feedback.answer_due, agency=agency)
            at = self.after(
                start, float(left) / HOURS_PER_WORKING_DAY * rng.uniform(0.1, 0.9), agency
            )
        feedback = self.call(
            services.feedback_answer,
            feedback=feedback,
            actor=self.leader(feedback),
            answer=answer,
            at=at,
        )
        if plan == "closed":
            return self.call(
                services.feedback_close,
                feedback=feedback,
                actor=self.leader(feedback),
                reason=CLOSE_PRIVATE,
                at=self.after(at, rng.uniform(0.1, 1.5), agency),
            )
        late = plan == "published_late"
        at = self.after(at, rng.uniform(2.3, 5) if late else rng.uniform(0.05, 1.8), agency)
        feedback = self.call(
            services.feedback_publish, feedback=feedback, actor=self.leader(feedback), at=at
        )
        self.vote(feedback)
        return feedback

    def vote(self, feedback: Feedback) -> None:
        """Likes and dislikes of a published answer over the following days."""
        rng = self.rng
        count = rng.choice([0, 1, 2, 2, 3, 4, 5, 7])
        if rng.random() < DISLIKED:
            count = max(count, 2)
            dislikes = count // 2 + 1
            values = [FeedbackVote.Value.DISLIKE] * dislikes + [FeedbackVote.Value.LIKE] * (
                count - dislikes
            )
        else:
            values = [
                FeedbackVote.Value.LIKE if rng.random() < 0.85 else FeedbackVote.Value.DISLIKE
                for _ in range(count)
            ]
        for value in values:
            at = feedback.published_at + dt.timedelta(hours=rng.uniform(1, 240))
            if at <= self.now:
                services.feedback_vote(
                    feedback=feedback, voter=f"{rng.getrandbits(64):016x}", value=value, at=at
                )
                self.stats.votes += 1

    def one(self, received_at: dt.datetime) -> Feedback:
        rng = self.rng
        plan = rng.choices(list(PLANS), weights=list(PLANS.values()))[0]
        refusal = ""
        if plan == "refused" and self.refusals:
            topic, refusal = rng.choice(self.refusals)
        else:
            plan = "published" if plan == "refused" else plan
            topic = rng.choice(self.topics)
        if plan.startswith("more") and not topic.asks_more:
            plan = "published"
        subject, words = self.subject(topic)
        feedback = services.feedback_submit(
            subject_kind=topic.kind,
            title=topic.title,
            content=topic.content.format(**words),
            at=received_at,
            **subject,
            **self.filer(),
        )
        with contextlib.suppress(_Stop):
            self.play(feedback, plan, topic.answer.format(**words), refusal)
        return Feedback.objects.get(pk=feedback.pk)  # where its story stopped

    def reraise(self, original: Feedback) -> Feedback | None:
        """The filer does not agree with a published answer and raises it again."""
        rng = self.rng
        at = original.published_at + dt.timedelta(hours=rng.uniform(24, 24 * 7))
        if at > self.now:
            return None
        feedback = services.feedback_submit(
            subject_kind=original.subject_kind,
            agency=original.agency,
            procedure=original.procedure,
            officer=original.officer,
            title=RERAISE_TITLE.format(title=original.title)[:255],
            content=RERAISE_CONTENT.format(code=original.code),
            follows=original,
            at=at.replace(second=0, microsecond=0),
            **self.filer(),
        )
        with contextlib.suppress(_Stop):
            self.play(feedback, rng.choice(["published", "forgotten"]), RERAISE_ANSWER)
        return Feedback.objects.get(pk=feedback.pk)

    def run(self, count: int) -> Stats:
        again = round(count * RERAISED)
        moments = sorted(self.received_moment() for _ in range(max(count - again, 0)))
        made = [self.one(moment) for moment in moments]
        published = [f for f in made if f.status == FeedbackStatus.PUBLISHED]
        for original in self.rng.sample(published, k=min(again, len(published))):
            made.append(self.reraise(original) or self.one(self.received_moment()))
        while len(made) < count:  # too few answers published yet to raise them again
            made.append(self.one(self.received_moment()))
        self.stats.created = len(made)
        for feedback in made:
            self.stats.by_status[feedback.status] = self.stats.by_status.get(feedback.status, 0) + 1
        self.stats.overdue = (
            Feedback.objects.filter(pk__in=[f.pk for f in made]).overdue(self.now).count()
        )
        return self.stats

    def received_moment(self) -> dt.datetime:
        """Any time of day: the feedback box is open around the clock."""
        minutes = self.rng.randint(30, self.days * 24 * 60)
        return (self.now - dt.timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def generate(*, count: int, seed: int = 1, days: int = 60, now: dt.datetime | None = None) -> Stats:
    """File ``count`` PAKN over the last ``days`` days and play them forward (module doc)."""
    if now is None:
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return Generator(seed=seed, days=days, now=now).run(count)
