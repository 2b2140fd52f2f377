"""Certificates for the HTTPS listener: a sandbox CA (written to ``ca.pem`` in the data folder;
``network.ca_file`` of the sandbox config points at it) and leaf certificates.

Every simulated host is named by one shared leaf, valid for a year from now. The plan's
HTTPS-only units (``UnitPlan.https``) get their own leaf, chosen by SNI, whose validity is set
relative to ``as_of``: ``expired`` ended 10 days before it, ``expiring`` ends 20 days after it
(within the 30-day warning), a valid one spans it. ``tls_facts`` gives, without sockets, what a
probe of such a homepage on ``as_of`` learns (the shape of ``crawler.probe_tls.TlsFacts``).
"""

from __future__ import annotations

import datetime as dt
import ssl
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sandbox.layout import UnitPlace
from sandbox.plan import plan_for
from sandbox.web import SandboxWeb

CA_NAME = "zwgk sandbox CA"
_ORG = "zwgk sandbox"
EXPIRED_DAYS_AGO = 10
EXPIRING_IN_DAYS = 20


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.ORGANIZATION_NAME, _ORG)]
    )


def validity(
    problem: str | None, as_of: dt.date, now: dt.datetime | None = None
) -> tuple[dt.datetime, dt.datetime]:
    """(not_before, not_after) of an HTTPS unit's certificate. ``now`` (the server's clock) only
    stretches a valid certificate so that it also verifies today when ``as_of`` is past."""
    midnight = dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)
    if problem == "expired":
        return midnight - dt.timedelta(days=375), midnight - dt.timedelta(days=EXPIRED_DAYS_AGO)
    if problem == "expiring":
        return midnight - dt.timedelta(days=345), midnight + dt.timedelta(days=EXPIRING_IN_DAYS)
    later = max(midnight, now or midnight)
    return min(midnight, now or midnight) - dt.timedelta(days=100), later + dt.timedelta(days=265)


def https_places(web: SandboxWeb) -> list[UnitPlace]:
    return [p for p in web.places if p.scheme == "https"]


def tls_facts(place: UnitPlace, seed: int, as_of: dt.date) -> dict[str, Any]:
    """What a probe of ``place``'s https homepage on ``as_of`` reads off the handshake."""
    problem = plan_for(seed, place.id).tls
    not_before, not_after = validity(problem, as_of)
    expired = problem == "expired"
    return {
        "version": "TLSv1.3",
        "cipher": "TLS_AES_256_GCM_SHA384",
        "not_before": not_before.isoformat(),
        "not_after": not_after.isoformat(),
        "issuer": _name(CA_NAME).rfc4514_string(),
        "subject": _name(place.host).rfc4514_string(),
        "san": [place.host],
        "hostname_match": True,
        "verify_error": "certificate has expired" if expired else None,
        "verified": not expired,
    }


def _leaf(
    ca: x509.Certificate,
    ca_key: ec.EllipticCurvePrivateKey,
    cn: str,
    hosts: list[str],
    window: tuple[dt.datetime, dt.datetime],
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(window[0])
        .not_valid_after(window[1])
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key


def _context(cert: x509.Certificate, key: ec.EllipticCurvePrivateKey, path: Path) -> ssl.SSLContext:
    path.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(path)
    context.set_alpn_protocols(["http/1.1"])
    return context


def server_context(web: SandboxWeb, folder: Path, as_of: dt.date) -> tuple[ssl.SSLContext, Path]:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name(CA_NAME))
        .issuer_name(_name(CA_NAME))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(
            min(now, dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC)) - dt.timedelta(days=800)
        )
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = folder / "ca.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    shared = _leaf(
        ca,
        ca_key,
        "www.linfen.gov.cn",
        sorted(web.hosts),
        (now - dt.timedelta(days=1), now + dt.timedelta(days=365)),
    )
    context = _context(*shared, folder / "server.pem")
    by_host: dict[str, ssl.SSLContext] = {}
    for place in https_places(web):
        window = validity(plan_for(web.seed, place.id).tls, as_of, now)
        by_host[place.host] = _context(
            *_leaf(ca, ca_key, place.host, [place.host], window), folder / f"{place.host}.pem"
        )

    def choose(sock: ssl.SSLObject, server_name: str | None, _: ssl.SSLContext) -> None:
        chosen = by_host.get((server_name or "").lower().rstrip("."))
        if chosen is not None:
            sock.context = chosen

    context.sni_callback = choose
    return context, ca_path
