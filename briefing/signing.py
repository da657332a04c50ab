"""Signing copies (PAdES baseline B, invisible) and checking their signatures; the only module that imports pyHanko.

pyHanko takes half a second to import, so it is imported only when a copy is
signed or a signed file is checked.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import BriefingError

#: A PKCS#12 file holds a key and a few certificates: kilobytes.
MAX_KEY_BYTES = 1_000_000
#: Where the password is read from when --sign-password is not given.
PASSWORD_VARIABLE = "BRIEFING_SIGN_PASSWORD"


@dataclass(frozen=True)
class SigningKey:
    """A private key and its certificate, opened from a PKCS#12 file, ready to sign."""

    signer: Any
    """pyHanko's ``SimpleSigner``."""
    subject: str
    """Whose certificate it is, e.g. "Common Name: Basin Desk"."""
    fingerprint: str
    """The SHA-256 of the certificate, in hex: what the register records."""


def load_key(path: Path, password: str | None, display: str) -> SigningKey:
    """Open the PKCS#12 file at ``path``; ``BriefingError`` saying whether the file or the password is wrong."""
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    data = _read(path, display)
    secret = password.encode("utf-8") if password is not None else None
    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        if not _is_pkcs12(data):
            raise BriefingError(f"{display} is not a PKCS#12 file (.p12 or .pfx); export the key as PKCS#12") from None
        if password is None:
            raise BriefingError(
                f"{display} is protected by a password; give it with --sign-password or in {PASSWORD_VARIABLE}"
            ) from None
        raise BriefingError(
            f"the password does not open {display}; check --sign-password or {PASSWORD_VARIABLE}"
        ) from None
    if key is None or certificate is None:
        missing = "private key" if key is None else "certificate"
        raise BriefingError(f"{display} holds no {missing}; export the key together with its certificate")

    from asn1crypto import keys, x509
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = certificate.public_bytes(Encoding.DER)
    cert = x509.Certificate.load(der)
    chain = SimpleCertificateStore()  # type: ignore[no-untyped-call]  # the issuers the file holds travel with the signature
    chain.register_multiple([x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in others])
    private = keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=cert, signing_key=private, cert_registry=chain)
    return SigningKey(signer, cert.subject.human_friendly, hashlib.sha256(der).hexdigest())


def _read(path: Path, display: str) -> bytes:
    try:
        if path.stat().st_size > MAX_KEY_BYTES:
            raise BriefingError(f"{display} is over {MAX_KEY_BYTES:,} bytes; it is not a signing key")
        return path.read_bytes()
    except OSError as err:
        raise BriefingError(f"cannot read {display}: {(err.strerror or str(err)).lower()}") from None


def _is_pkcs12(data: bytes) -> bool:
    """Whether ``data`` is shaped like PKCS#12 (so a failure to open it is the password's)."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["auth_safe"]["content_type"].native in ("data", "signed_data")
    except (ValueError, TypeError, KeyError):
        return False


def sign(pdf: bytes, key: SigningKey) -> bytes:
    """``pdf`` with an invisible PAdES signature appended as an incremental update.

    The signature records the time of signing, so a signed copy differs from run to run.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.general import SigningError

    meta = signers.PdfSignatureMetadata(field_name="Signature", subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    try:
        with _quiet():
            writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
            signed = signers.sign_pdf(writer, meta, signer=key.signer)
    except (SigningError, ValueError, NotImplementedError) as err:
        raise BriefingError(f"cannot sign with the certificate of {key.subject}: {err}") from None
    return signed.getvalue()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class SignatureCheck:
    """What one embedded signature says about the file."""

    intact: bool
    """The signed bytes are unchanged and the signature was made with the certificate's key."""
    whole_file: bool
    """The signature covers the whole file: nothing was added after signing."""
    subject: str
    fingerprint: str
    """The SHA-256 of the signing certificate, in hex."""

    @property
    def ok(self) -> bool:
        return self.intact and self.whole_file


def check_signatures(pdf: bytes) -> list[SignatureCheck] | None:
    """Every signature in ``pdf``, checked; an empty list when it is unsigned, None when it cannot be read."""
    if b"/ByteRange" not in pdf:  # no signature dictionary: spare the import
        return []
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    checks = []
    try:
        with _quiet():
            reader = PdfFileReader(io.BytesIO(pdf), strict=False)
            for signature in reader.embedded_signatures:
                certificate = signature.signer_cert
                # Trust is not asked here, only integrity and whose key signed: the register
                # says which certificate that should be.
                status = validate_pdf_signature(signature, ValidationContext(trust_roots=[certificate]))
                whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
                fingerprint = hashlib.sha256(certificate.dump()).hexdigest()
                checks.append(
                    SignatureCheck(
                        bool(status.intact and status.valid), whole, certificate.subject.human_friendly, fingerprint
                    )
                )
    except (PdfError, ValueError, KeyError, TypeError):
        return None
    return checks


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep pyHanko's log (tracebacks of expected outcomes, such as a self-signed certificate) off the terminal."""
    loggers = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    handler = logging.NullHandler()
    previous = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in zip(loggers, previous, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate
