"""Electronic results signed by the agency (PAdES with pyHanko), and their verification.

Decree 118 Art. 22.1: results are digitally signed and issued per the clerical rules of
Decree 30/2020. The agency's key and certificate are PEM files named by the settings
``MOTCUA_SIGNING_KEY`` and ``MOTCUA_SIGNING_CERT``; ``manage.py make_signing_key``
creates a self-signed pair for installations without a certificate from a public
certification authority.

A self-signed certificate does not chain to a public CA, so trust is ours to decide: a
signature is *trusted* when it was made with our configured certificate or with a
certificate whose SHA-256 fingerprint is listed in
``MOTCUA_SIGNING_TRUSTED_FINGERPRINTS``. *Intact* (the signed bytes were not changed
and nothing was added after the signature) is reported separately from trust.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
# pyHanko logs an untrusted certificate as a warning with a traceback; here it is an
# expected answer, reported in the Verification.
logging.getLogger("pyhanko.sign.validation.generic_cms").setLevel(logging.ERROR)

FIELD_NAME = "ChuKySoCoQuan"

ERR_EMPTY = _("Tệp tải lên trống: hãy chọn tệp PDF kết quả cần xác thực.")
ERR_NOT_PDF = _("Tệp tải lên không phải là tệp PDF.")
ERR_DAMAGED = _("Không đọc được tệp PDF: tệp bị hỏng hoặc đã bị sửa đổi.")
ERR_NO_SIGNATURE = _("Tệp PDF không có chữ ký số.")
ERR_TAMPERED = _("Chữ ký số không hợp lệ: nội dung văn bản đã bị thay đổi sau khi ký.")
ERR_MODIFIED_AFTER = _("Văn bản đã bị bổ sung, sửa đổi sau khi ký: phần thay đổi không được ký.")
ERR_UNTRUSTED = _(
    "Chữ ký số còn nguyên vẹn nhưng không phải của cơ quan, đơn vị dùng hệ thống này "
    "(chứng thư số không thuộc danh sách tin cậy)."
)
ERR_NO_KEY = _(
    "Chưa có khóa ký số của cơ quan (%(key)s, %(cert)s). "
    "Chạy lệnh: python manage.py make_signing_key"
)
OK_VALID = _("Chữ ký số hợp lệ: văn bản còn nguyên vẹn kể từ khi ký.")


class SigningKeyMissing(RuntimeError):
    """The agency's signing key or certificate file does not exist."""


@dataclass(frozen=True)
class Verification:
    """What ``verify_pdf`` found. ``valid`` means intact, cryptographically sound and trusted."""

    valid: bool
    signer: str
    signed_at: dt.datetime | None
    intact: bool
    reason: str
    trusted: bool = False
    fingerprint: str = ""


# --- keys --------------------------------------------------------------------


def key_path() -> Path:
    return Path(settings.MOTCUA_SIGNING_KEY)


def cert_path() -> Path:
    return Path(settings.MOTCUA_SIGNING_CERT)


def make_key_and_certificate(
    *,
    organization: str,
    province: str = "",
    common_name: str = "",
    days: int = 3650,
    valid_from: dt.datetime | None = None,
    key_size: int = 3072,
) -> tuple[bytes, bytes]:
    """A new RSA key and a self-signed certificate for document signing, both PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if province:
        attributes.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, province[:128]))
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, (common_name or organization)[:64]))
    name = x509.Name(attributes)
    start = valid_from or (timezone.now() - dt.timedelta(days=1))
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, certificate.public_bytes(serialization.Encoding.PEM)


def write_key_pair(key_pem: bytes, cert_pem: bytes, *, key_file: Path, cert_file: Path) -> None:
    """Write the pair; the key is readable by its owner only."""
    key_file.parent.mkdir(parents=True, exist_ok=True)
    cert_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.touch(mode=0o600, exist_ok=True)
    key_file.chmod(0o600)
    key_file.write_bytes(key_pem)
    cert_file.write_bytes(cert_pem)


def fingerprint_of(cert_der: bytes) -> str:
    """SHA-256 fingerprint as upper-case hex pairs joined by colons."""
    import hashlib

    digest = hashlib.sha256(cert_der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def pem_fingerprint(cert_pem: bytes) -> str:
    """SHA-256 fingerprint of a PEM certificate."""
    from asn1crypto import pem

    _, _, der = pem.unarmor(cert_pem)
    return fingerprint_of(der)


def _normalise_fingerprint(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch in "0123456789ABCDEF")


def _load_cert(path: Path):
    from asn1crypto import pem, x509

    data = path.read_bytes()
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return x509.Certificate.load(data)


def configured_certificate():
    """Our own certificate (asn1crypto), or None when it is not there."""
    path = cert_path()
    if not path.is_file():
        return None
    try:
        return _load_cert(path)
    except Exception:
        logger.exception("The signing certificate %s cannot be read", path)
        return None


def trusted_fingerprints() -> set[str]:
    """Normalised fingerprints of the certificates whose signatures we trust."""
    pinned = {
        _normalise_fingerprint(value)
        for value in getattr(settings, "MOTCUA_SIGNING_TRUSTED_FINGERPRINTS", [])
    }
    own = configured_certificate()
    if own is not None:
        pinned.add(_normalise_fingerprint(fingerprint_of(own.dump())))
    return {value for value in pinned if value}


# --- signing -----------------------------------------------------------------


_signers: dict[tuple, object] = {}


@cache
def _signer_class() -> type:
    """pyHanko's ``SimpleSigner`` that parses the private key once and sizes its
    signature container once.

    For every document ``SimpleSigner`` parses the key twice (for the signature and for
    a dry-run signature that sizes the space reserved in the file); with the key checks
    of ``cryptography`` that is about 0.1 s each for an RSA 3072 key, most of the time a
    signature takes. RSA PKCS #1 v1.5 (our keys, ``make_signing_key``) signs with the key
    parsed once; any other mechanism goes through pyHanko unchanged. The container of
    one signer always has the same size (no timestamp or revocation data is embedded),
    so the dry run is made once, sized as pyHanko sizes it (its length and half again).
    """
    import asyncio
    import hashlib

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign import signers
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    class KeptKeySigner(signers.SimpleSigner):
        _private_key = None
        _container_size: int | None = None

        def container_size(self) -> int:
            """Hexadecimal digits to reserve for the signature container."""
            if self._container_size is None:
                dry_run = outside_event_loop(
                    lambda: asyncio.run(
                        self.async_sign(
                            hashlib.sha256().digest(), "sha256", dry_run=True, use_pades=True
                        )
                    )
                )
                digits = len(dry_run.dump()) * 2
                self._container_size = digits + 2 * (digits // 4)
            return self._container_size

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = ""
            if algorithm != "rsassa_pkcs1v15":
                return super().sign_raw(data, digest_algorithm)
            if self._private_key is None:
                self._private_key = serialization.load_der_private_key(
                    self.signing_key.dump(), password=None
                )
            return self._private_key.sign(
                data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
            )

    return KeptKeySigner


def _signer():
    """The agency's signer, loaded once per process and file version (key parsing is slow)."""
    from pyhanko.sign import signers

    key, cert = key_path(), cert_path()
    if not key.is_file() or not cert.is_file():
        raise SigningKeyMissing(str(ERR_NO_KEY) % {"key": key, "cert": cert})
    version = (str(key), key.stat().st_mtime_ns, str(cert), cert.stat().st_mtime_ns)
    signer = _signers.get(version)
    if signer is None:
        signer = signers.SimpleSigner.load(str(key), str(cert))
        if signer is not None:  # None: pyHanko has logged why the files cannot be read
            signer = _signer_class()(
                signing_cert=signer.signing_cert,
                signing_key=signer.signing_key,
                cert_registry=signer.cert_registry,
            )
        _signers.clear()
        _signers[version] = signer
    return signer


def sign_pdf(
    data: bytes,
    *,
    reason: str = "Kết quả giải quyết thủ tục hành chính",
    location: str = "",
    field_name: str = FIELD_NAME,
) -> bytes:
    """Sign a PDF with the agency's key (PAdES baseline B, incremental update)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    existing = {entry[0] for entry in fields.enumerate_sig_fields(writer)}
    name, n = field_name, 1
    while name in existing:
        n += 1
        name = f"{field_name}{n}"
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        reason=reason,
        location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    output = outside_event_loop(
        signers.sign_pdf, writer, meta, signer=signer, bytes_reserved=signer.container_size()
    )
    return output.getvalue()


def outside_event_loop(function, *args, **kwargs):
    """Call one of pyHanko's synchronous functions, which run their own event loop.

    Under an ASGI server (or anything else with a running loop in this thread) that
    would fail, so the call then runs in a short-lived worker thread of its own.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


# --- verification ------------------------------------------------------------


def _signer_name(cert) -> str:
    native = cert.subject.native
    org = native.get("organization_name") or ""
    common = native.get("common_name") or ""
    if org and common and org != common:
        return f"{common} ({org})"
    return common or org or cert.subject.human_friendly


def _fail(reason, **extra) -> Verification:
    return Verification(
        valid=False, signer="", signed_at=None, intact=False, reason=str(reason), **extra
    )


def _container_is_clean(embedded) -> bool:
    """The signature container holds exactly one canonical CMS blob, then zeros.

    The signature placeholder (``/Contents``) is outside the signed byte range by design
    (PAdES), and some CMS fields are not covered by the signature either. A changed
    byte there alters no content, but it is a modified file all the same: the blob must
    be canonical DER with the field values RFC 5652 §5.1, §5.3 prescribe, and the
    padding after it must still be zeros.
    """
    from asn1crypto import cms, parser

    raw = bytes(embedded.sig_object.raw_get("/Contents").original_bytes)
    header, contents, trailer = parser.parse(raw)[3:6]
    length = len(header) + len(contents) + len(trailer)
    if raw[length:].strip(b"\x00"):
        return False
    der = raw[:length]
    info = cms.ContentInfo.load(der)
    if info["content_type"].native != "signed_data":
        return False
    if cms.ContentInfo.load(der).dump(force=True) != der:
        return False
    signed = info["content"]
    signer_infos = list(signed["signer_infos"])
    for signer_info in signer_infos:
        by_key = signer_info["sid"].name == "subject_key_identifier"
        if signer_info["version"].native != ("v3" if by_key else "v1"):
            return False
    expected_version = "v3" if any(si["version"].native == "v3" for si in signer_infos) else "v1"
    if signed["version"].native != expected_version:
        return False
    used = {si["digest_algorithm"]["algorithm"].native for si in signer_infos}
    listed = [algo["algorithm"].native for algo in signed["digest_algorithms"]]
    if set(listed) != used or len(listed) != len(used):
        return False
    encap = signed["encap_content_info"]
    return encap["content_type"].native == "data" and encap["content"].native is None


def _embedded_certs_pinned(embedded, pinned: set[str]) -> bool:
    """Each signer's certificate is carried in the signature, byte for byte a pinned one,
    and named in the signer's identifier with exactly its own issuer bytes.

    Names compare case-insensitively in X.509, so an identifier or a certificate whose
    name was edited in the file would still "match" ours: compare exact bytes instead.
    """
    signed = embedded.signed_data
    certificates = [c.chosen for c in signed["certificates"] if c.name == "certificate"]
    for signer_info in signed["signer_infos"]:
        sid = signer_info["sid"]
        if sid.name == "issuer_and_serial_number":
            serial = sid.chosen["serial_number"].native
            issuer = sid.chosen["issuer"].dump()
            matching = [c for c in certificates if c.serial_number == serial]
            if any(c.issuer.dump() != issuer for c in matching):
                return False
        else:
            key_id = sid.chosen.native
            matching = [c for c in certificates if c.key_identifier == key_id]
        if not matching:
            return False
        if any(_normalise_fingerprint(fingerprint_of(c.dump())) not in pinned for c in matching):
            return False
    return True


def verify_pdf(data: bytes) -> Verification:
    """Check the signatures of a PDF: intact, cryptographically valid, made by a trusted key.

    Every signature must be intact and valid, and the last one must cover the whole
    file (anything appended after it is an unsigned modification). Never raises for bad
    input: a damaged file is reported as invalid.
    """
    if not data:
        return _fail(ERR_EMPTY)
    if not data.startswith(b"%PDF"):
        return _fail(ERR_NOT_PDF)

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception:
        return _fail(ERR_DAMAGED)
    if not signatures:
        return _fail(ERR_NO_SIGNATURE)

    own = configured_certificate()
    pinned = trusted_fingerprints()
    results = []
    for embedded in signatures:
        context = ValidationContext(
            trust_roots=[own] if own is not None else [],
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        try:
            status = outside_event_loop(validate_pdf_signature, embedded, context, skip_diff=True)
            clean = _container_is_clean(embedded)
        except Exception:  # a broken CMS blob or byte range: the file was altered
            return _fail(ERR_TAMPERED)
        if not clean:
            return _fail(ERR_TAMPERED)
        results.append(status)

    last = results[-1]
    cert = last.signing_cert
    fingerprint = fingerprint_of(cert.dump())
    signer = _signer_name(cert)
    signed_at = last.signer_reported_dt
    intact = all(s.intact and s.valid for s in results)
    whole = last.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # Trust is pinned to certificates, not to chains: a certificate edited inside the
    # container (same key, other name) has another fingerprint and is not trusted.
    trusted = all(
        _normalise_fingerprint(fingerprint_of(s.signing_cert.dump())) in pinned for s in results
    ) and all(_embedded_certs_pinned(embedded, pinned) for embedded in signatures)
    if not intact:
        reason = ERR_TAMPERED
    elif not whole:
        reason = ERR_MODIFIED_AFTER
    elif not trusted:
        reason = ERR_UNTRUSTED
    else:
        reason = OK_VALID
    return Verification(
        valid=intact and whole and trusted,
        signer=signer,
        signed_at=signed_at,
        intact=intact and whole,
        reason=str(reason),
        trusted=trusted,
        fingerprint=fingerprint,
    )
