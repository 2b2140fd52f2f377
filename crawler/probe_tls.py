"""What a probe learns about a server's TLS certificate (for ``crawler.probe``)."""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
from dataclasses import dataclass, field

from cryptography import x509

_PEM = 1  # _ssl.ENCODING_PEM: what the private chain's certificates are written as


@dataclass(frozen=True, kw_only=True)
class TlsFacts:
    version: str | None = None  # e.g. TLSv1.3
    cipher: str | None = None
    not_before: str | None = None  # ISO 8601, UTC
    not_after: str | None = None
    issuer: str | None = None  # RFC 4514
    subject: str | None = None
    san: list[str] = field(default_factory=list)  # DNS names and IP addresses
    hostname_match: bool | None = None  # the host is covered by the SAN (or CN when no SAN)
    verify_error: str | None = None  # why verification failed; None = verified
    verified: bool = False
    chain_pem: list[str] = field(default_factory=list)  # the chain the peer sent, leaf first (evidence)


def tls_facts(writer: asyncio.StreamWriter, host: str, verify_error: str | None) -> TlsFacts:
    ssl_object: ssl.SSLObject | None = writer.get_extra_info("ssl_object")
    if ssl_object is None:
        return TlsFacts(verify_error=verify_error)
    cipher = ssl_object.cipher()
    version, cipher_name = ssl_object.version(), cipher[0] if cipher else None
    der = ssl_object.getpeercert(binary_form=True)
    cert: x509.Certificate | None = None
    if der:
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError as exc:
            verify_error = verify_error or f"unreadable certificate: {exc}"
    chain = peer_chain_pem(ssl_object, der)
    if cert is None:
        return TlsFacts(version=version, cipher=cipher_name, verify_error=verify_error, chain_pem=chain)
    names = _san(cert)
    return TlsFacts(
        version=version,
        cipher=cipher_name,
        verify_error=verify_error,
        verified=verify_error is None,
        not_before=cert.not_valid_before_utc.isoformat(),
        not_after=cert.not_valid_after_utc.isoformat(),
        issuer=cert.issuer.rfc4514_string(),
        subject=cert.subject.rfc4514_string(),
        san=names,
        hostname_match=hostname_matches(host, names or _common_names(cert)),
        chain_pem=chain,
    )


def peer_chain_pem(ssl_object: ssl.SSLObject, leaf_der: bytes | None) -> list[str]:
    """The certificates the peer sent, as PEM (the leaf alone where the chain is not exposed).

    Python 3.13 has ``get_unverified_chain``; 3.10-3.12 have it on the private ``_sslobj``.
    """
    getter = getattr(ssl_object, "get_unverified_chain", None)
    if getter is None:
        getter = getattr(getattr(ssl_object, "_sslobj", None), "get_unverified_chain", None)
    try:
        certs = list(getter() or []) if getter is not None else []
    except (ssl.SSLError, ValueError):
        certs = []
    pems: list[str] = []
    for cert in certs:
        if isinstance(cert, bytes):
            pems.append(ssl.DER_cert_to_PEM_cert(cert))
        elif hasattr(cert, "public_bytes"):
            pems.append(str(cert.public_bytes(_PEM)))
    if not pems and leaf_der:
        pems.append(ssl.DER_cert_to_PEM_cert(leaf_der))
    return pems


def _san(cert: x509.Certificate) -> list[str]:
    try:
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    dns_names = [str(n) for n in ext.get_values_for_type(x509.DNSName)]
    ips = [str(a) for a in ext.get_values_for_type(x509.IPAddress)]
    return dns_names + ips


def _common_names(cert: x509.Certificate) -> list[str]:
    return [str(a.value) for a in cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)]


def hostname_matches(host: str, names: list[str]) -> bool:
    """RFC 6125 matching: exact, or one left-most ``*`` label; IP literals match exactly."""
    host = host.lower().rstrip(".")
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    for name in names:
        name = name.lower().rstrip(".")
        if literal is not None:
            try:
                if ipaddress.ip_address(name) == literal:
                    return True
            except ValueError:
                continue
            continue
        if name == host:
            return True
        if name.startswith("*.") and "." in host:
            first, rest = host.split(".", 1)
            if rest == name[2:] and first and rest.count(".") >= 1:
                return True
    return False
