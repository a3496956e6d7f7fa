"""Old home of the dossier actions, kept while callers move to ``dossiers.actions``."""

from __future__ import annotations

from motcua.dossiers.actions.attachments import (  # noqa: F401
    ERR_SUPPLEMENT_WRONG_DOCUMENT,
    DocumentFile,
    dossier_attach,
)
from motcua.dossiers.actions.core import (  # noqa: F401
    ERR_DELIVERY,
    ERR_DELIVERY_ADDRESS,
    ERR_NO_TIME_LIMIT,
    ERR_REASON_REQUIRED,
    ERR_STALE,
    StaleDossier,
)
from motcua.dossiers.actions.decision import (  # noqa: F401
    ERR_NO_SIGNING_KEY,
    ERR_RESULT_NOT_PDF,
    ERR_RESULT_UNSIGNABLE,
    dossier_approve,
    dossier_refuse,
)
from motcua.dossiers.actions.endings import (  # noqa: F401
    ERR_DELIVERY_UNCHANGED,
    dossier_finish,
    dossier_return_result,
    dossier_set_delivery,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.actions.extensions import (  # noqa: F401
    ERR_APOLOGY_REQUIRED,
    ERR_EXTENSION_DATE,
    ERR_EXTENSION_TOO_LATE,
    dossier_decide_extension,
    dossier_propose_extension,
)
from motcua.dossiers.actions.fees import (  # noqa: F401
    ERR_PAYMENT_ITEMS,
    ERR_PAYMENT_SHORT,
    FeeItem,
    dossier_confirm_payment,
    dossier_request_payment,
)
from motcua.dossiers.actions.intake import (  # noqa: F401
    ERR_APPLICANT_ID,
    ERR_APPLICANT_NAME,
    ERR_APPLICANT_TAX,
    ERR_DOCUMENT_CASE,
    ERR_DOCUMENT_CASE_UNKNOWN,
    ERR_MISSING_DOCUMENTS,
    ERR_NO_PROCESS,
    ERR_NOT_ONE_STOP,
    ERR_NOT_ONLINE,
    ERR_PROCEDURE_INACTIVE,
    ERR_RECEIVED_DOCUMENT,
    ERR_WRONG_AGENCY,
    Applicant,
    Intake,
    Proxy,
    ReceivedDocumentSpec,
    dossier_accept,
    dossier_receive,
    dossier_refuse_at_counter,
    dossier_refuse_reception,
    dossier_request_supplement_at_counter,
    dossier_submit,
)
from motcua.dossiers.actions.interagency import (  # noqa: F401
    ERR_INTERAGENCY_DUPLICATE,
    ERR_INTERAGENCY_EMPTY,
    ERR_INTERAGENCY_LEAD,
    InterAgencyPart,
    dossier_answer_interagency,
    dossier_send_interagency,
)
from motcua.dossiers.actions.steps import (  # noqa: F401
    ERR_ASSIGNEE,
    dossier_assign,
    dossier_forward,
    dossier_send_back,
)
from motcua.dossiers.actions.supplements import (  # noqa: F401
    ERR_SUPPLEMENT_FREE_ITEM,
    ERR_SUPPLEMENT_LATE,
    ERR_SUPPLEMENT_NO_ITEMS,
    SupplementItemSpec,
    dossier_receive_supplement,
    dossier_request_supplement,
)
from motcua.dossiers.permissions import (  # noqa: F401
    ACT_ACCEPT,
    ACT_APPROVE,
    ACT_ASSIGN,
    ACT_ATTACH,
    ACT_CONFIRM_PAYMENT,
    ACT_DECIDE_EXTENSION,
    ACT_FINISH,
    ACT_FORWARD,
    ACT_PROPOSE_EXTENSION,
    ACT_RECEIVE_SUPPLEMENT,
    ACT_REFUSE,
    ACT_REFUSE_RECEPTION,
    ACT_REQUEST_PAYMENT,
    ACT_REQUEST_SUPPLEMENT,
    ACT_RETURN_RESULT,
    ACT_SEND_BACK,
    ACT_SEND_INTERAGENCY,
    ACT_SET_DELIVERY,
    ACT_STOP,
    ACT_WITHDRAW,
    ERR_ALREADY_DECIDED,
    ERR_EXTENSION_NONE,
    ERR_EXTENSION_PENDING,
    ERR_EXTENSION_TWICE,
    ERR_INTERAGENCY_ANSWERED,
    ERR_INTERAGENCY_OPEN,
    ERR_LAST_STEP,
    ERR_NOT_ALLOWED,
    ERR_NOT_DECIDED,
    ERR_PAYMENT_OPEN,
    ERR_SEND_BACK_STEP,
    ERR_STATUS,
    ERR_SUPPLEMENT_TWICE_APPRAISAL,
    ERR_SUPPLEMENT_TWICE_RECEPTION,
    can_act_on_step,
    can_approve,
    step_action,
    step_unit,
)
from motcua.lib.errors import DomainError as DossierError  # noqa: F401
from motcua.lib.errors import InvalidInput, InvalidTransition, NotAllowed  # noqa: F401
