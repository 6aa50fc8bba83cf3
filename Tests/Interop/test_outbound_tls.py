"""Outbound TLS that checks the server's certificate, between two mailroom instances on loopback:
`dane` (RFC 7672) with TLSA records served by the receiver's DNS listener and validated by a stand-in
for a local validating resolver; `verify` against `smtp_tls_CAfile` and `smtp_tls_CApath`;
`smtp_tls_policy_maps`. A certificate that does not pass keeps the mail in the queue (4.7.5), never
sends it in the clear."""

import email
import hashlib
import subprocess

import pytest

from conftest import free_port
from test_outbound import PASSWORD, POSTFIX, postfix_receiver, send, wait_for_postfix_delivery, zone
from validating_resolver import ValidatingResolver


def openssl(*args, input=None):
    result = subprocess.run(["openssl", *args], input=input, capture_output=True, check=True)
    return result.stdout


def new_key(path):
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", str(path))
    path.chmod(0o644)


def self_signed(directory, name):
    """A self-signed certificate for `name` and its key; returns (cert, key) paths."""
    cert, key = directory / f"{name}.crt", directory / f"{name}.key"
    new_key(key)
    openssl("req", "-x509", "-key", str(key), "-out", str(cert), "-days", "2", "-subj", f"/CN={name}",
            "-addext", f"subjectAltName=DNS:{name}")
    return cert, key


def certificate_authority(directory):
    cert, key = directory / "ca.crt", directory / "ca.key"
    new_key(key)
    openssl("req", "-x509", "-key", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=Interop Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")
    return cert, key


def signed_by(ca, directory, name):
    """A certificate for `name` signed by `ca`; the file holds the leaf then the CA (a chain)."""
    ca_cert, ca_key = ca
    cert, key, request, extensions = (directory / f"{name}.{ext}" for ext in ("chain", "key", "csr", "ext"))
    new_key(key)
    openssl("req", "-new", "-key", str(key), "-out", str(request), "-subj", f"/CN={name}")
    extensions.write_text(f"subjectAltName=DNS:{name}\nbasicConstraints=CA:FALSE\n")
    leaf = openssl("x509", "-req", "-in", str(request), "-CA", str(ca_cert), "-CAkey", str(ca_key),
                   "-CAcreateserial", "-days", "2", "-extfile", str(extensions))
    cert.write_bytes(leaf + ca_cert.read_bytes())
    return cert, key


def spki_sha256(cert):
    """The SHA-256 of a certificate's SubjectPublicKeyInfo: the data of a `3 1 1` TLSA record."""
    public = openssl("x509", "-in", str(cert), "-pubkey", "-noout")
    return hashlib.sha256(openssl("pkey", "-pubin", "-outform", "DER", input=public)).hexdigest()


def certificate_sha256(cert):
    """The SHA-256 of the (first) certificate in DER: the data of a `2 0 1` or `3 0 1` TLSA record."""
    return hashlib.sha256(openssl("x509", "-in", str(cert), "-outform", "DER")).hexdigest()


@pytest.fixture
def tls_pair(instance, tmp_path):
    """make(certificate, tlsa=..., sender=..., authenticate=...): alice@example.test's server sending to
    bob@second.test's, whose TLS certificate is `certificate` and whose zone has `tlsa` at
    _PORT._tcp.mail.second.test; the sender resolves through a validating-resolver stand-in."""
    made = []

    def make(certificate, tlsa=None, sender="", authenticate=True):
        first, second = instance(), instance()
        dns = free_port()
        records = zone("second.test")
        if tlsa:
            records += f"_{second.ports['smtp']}._tcp.mail IN TLSA {tlsa}\n"
        zone_file = second.workdir / "second.test.zone"
        zone_file.write_text(records)
        cert, key = certificate
        with open(second.config, "a") as config:
            config.write("myhostname = mail.second.test\nmydomain = second.test\n"
                         "protocols = smtp submission submissions imap pop3 lmtp dns\n"
                         f"dns_port = {dns}\ndns_zones = second.test={zone_file}\n"
                         f"tls_cert_file = {cert}\ntls_key_file = {key}\n")
        resolver = ValidatingResolver(dns, authenticate=authenticate)
        made.append(resolver)
        with open(first.config, "a") as config:
            config.write(f"resolver = 127.0.0.1:{resolver.port}\nsmtp_remote_port = {second.ports['smtp']}\n{sender}")
        first.add_user("alice@example.test", PASSWORD)
        second.add_user("bob@second.test", PASSWORD)
        second.start()
        first.start()
        return first, second

    yield make
    for resolver in made:
        resolver.close()


def relay(second):
    return f"mail.second.test[127.0.0.1]:{second.ports['smtp']}"


def delivered(first, second, subject):
    send(first, "alice@example.test", "bob@second.test", subject)
    got = email.message_from_bytes(second.wait_for_messages("bob", 1, domain="second.test")[0].read_bytes())
    assert got["Subject"] == subject
    first.wait_for_log(f"to=<bob@second.test>, relay={relay(second)}")


def deferred_unverified(first, second, subject):
    send(first, "alice@example.test", "bob@second.test", subject)
    first.wait_for_log(f"certificate verification failed for {relay(second)}")
    first.wait_for_log("dsn=4.7.5, status=deferred")
    listing = first.cli("queue", "list").stdout
    assert "bob@second.test" in listing and "Server certificate not verified" in listing, listing
    new = second.maildir("bob", "second.test") / "new"
    assert not (new.exists() and any(new.iterdir())), "nothing reached the server whose certificate failed"


def test_dane_delivers_to_the_certificate_its_tlsa_record_names(tls_pair, tmp_path):
    certificate = self_signed(tmp_path, "mail.second.test")
    first, second = tls_pair(certificate, tlsa=f"3 1 1 {spki_sha256(certificate[0])}",
                             sender="smtp_tls_security_level = dane\n")
    delivered(first, second, "dane-ee")
    first.wait_for_log(f"Verified TLS connection established to {relay(second)}: TLSv1.")
    fingerprint = ":".join(spki_sha256(certificate[0])[i:i + 2] for i in range(0, 64, 2)).upper()
    first.wait_for_log(f"{relay(second)}: subject_CN=mail.second.test, issuer_CN=mail.second.test, "
                       f"pkey_fingerprint=SHA256:{fingerprint}")
    first.wait_for_log("dsn=2.0.0, status=sent (250 2.0.0 Ok")


def test_dane_refuses_a_certificate_that_does_not_match_its_tlsa_record(tls_pair, tmp_path):
    certificate = self_signed(tmp_path, "mail.second.test")
    impostor = self_signed(tmp_path, "other.second.test")
    first, second = tls_pair(certificate, tlsa=f"3 1 1 {spki_sha256(impostor[0])}",
                             sender="smtp_tls_security_level = dane\n")
    deferred_unverified(first, second, "dane-mismatch")


def test_dane_without_dnssec_falls_back_to_opportunistic_tls(tls_pair, tmp_path):
    """RFC 7672 §2.2: TLSA records that are not DNSSEC-validated are not used; the mismatching one
    below is ignored and the mail goes over unauthenticated TLS, as under `may`."""
    certificate = self_signed(tmp_path, "mail.second.test")
    impostor = self_signed(tmp_path, "other.second.test")
    first, second = tls_pair(certificate, tlsa=f"3 1 1 {spki_sha256(impostor[0])}",
                             sender="smtp_tls_security_level = dane\n", authenticate=False)
    delivered(first, second, "dane-insecure")
    first.wait_for_log(f"Untrusted TLS connection established to {relay(second)}: TLSv1.")


def test_dane_ta_names_the_ca_of_the_servers_chain(tls_pair, tmp_path):
    ca = certificate_authority(tmp_path)
    chain = signed_by(ca, tmp_path, "mail.second.test")
    first, second = tls_pair(chain, tlsa=f"2 0 1 {certificate_sha256(ca[0])}",
                             sender="smtp_tls_security_level = dane\n")
    delivered(first, second, "dane-ta")
    first.wait_for_log(f"Verified TLS connection established to {relay(second)}")


@pytest.mark.parametrize("setting", ["smtp_tls_CAfile", "smtp_tls_CApath"])
def test_verify_trusts_the_named_cas_and_checks_the_mx_name(tls_pair, tmp_path, setting):
    """The CA as smtp_tls_CAfile, or in a directory named by smtp_tls_CApath under its subject hash
    (as `openssl rehash` links Debian's /etc/ssl/certs)."""
    ca = certificate_authority(tmp_path)
    trusted = ca[0]
    if setting == "smtp_tls_CApath":
        trusted = tmp_path / "certs"
        trusted.mkdir()
        subject_hash = openssl("x509", "-hash", "-noout", "-in", str(ca[0])).decode().strip()
        (trusted / f"{subject_hash}.0").write_bytes(ca[0].read_bytes())
    first, second = tls_pair(signed_by(ca, tmp_path, "mail.second.test"),
                             sender=f"smtp_tls_security_level = verify\n{setting} = {trusted}\n")
    delivered(first, second, f"verify with {setting}")
    first.wait_for_log(f"Verified TLS connection established to {relay(second)}")


def test_verify_defers_a_certificate_of_a_ca_outside_smtp_tls_capath(tls_pair, tmp_path):
    """smtp_tls_CApath holds another CA than the one that signed the server's certificate: the
    server is not used and the mail waits."""
    ca = certificate_authority(tmp_path)
    others = tmp_path / "others"
    others.mkdir()
    certificate_authority(others)
    first, second = tls_pair(signed_by(ca, tmp_path, "mail.second.test"),
                             sender=f"smtp_tls_security_level = verify\nsmtp_tls_CApath = {others}\n")
    deferred_unverified(first, second, "not my CA")


def test_a_policy_table_entry_overrides_the_level_for_its_domain(tls_pair, tmp_path):
    """`second.test secure match=.other.test` in smtp_tls_policy_maps: the certificate (of a trusted
    CA, for mail.second.test) does not carry a name the entry accepts, so the mail waits, although
    smtp_tls_security_level is `may`."""
    ca = certificate_authority(tmp_path)
    policies = tmp_path / "tls_policy"
    policies.write_text("# destination  level\nsecond.test  secure match=.other.test\n")
    policies.chmod(0o644)
    first, second = tls_pair(signed_by(ca, tmp_path, "mail.second.test"),
                             sender=f"smtp_tls_CAfile = {ca[0]}\nsmtp_tls_policy_maps = texthash:{policies}\n")
    deferred_unverified(first, second, "policy")


@pytest.mark.skipif(not POSTFIX, reason="Debian's postfix package is not installed")
@pytest.mark.parametrize("policy", ["", "postfix.test encrypt protocols=>=TLSv1.2"])
def test_mandatory_protocols_against_a_postfix_that_stops_at_tls12(instance, tmp_path, policy):
    """Postfix from Debian offers TLS up to 1.2 only. Under `encrypt` with
    smtp_tls_mandatory_protocols = >=TLSv1.3 there is no version both accept: the mail waits and
    nothing is sent in the clear. A policy entry's protocols=>=TLSv1.2 overrides the setting for
    the destination, and the mail goes over TLSv1.2."""
    cert, key = self_signed(tmp_path, "mail.postfix.test")
    sender_config = "smtp_tls_security_level = encrypt\nsmtp_tls_mandatory_protocols = >=TLSv1.3\n"
    if policy:
        policies = tmp_path / "tls_policy"
        policies.write_text(policy + "\n")
        sender_config += f"smtp_tls_policy_maps = texthash:{policies}\n"
    postfix_tls = (f"smtpd_tls_cert_file = {cert}\nsmtpd_tls_key_file = {key}\n"
                   "smtpd_tls_security_level = may\nsmtpd_tls_protocols = <=TLSv1.2\n")
    with postfix_receiver(instance, tmp_path, postfix_tls, sender_config) as (peer, sender):
        send(sender, "alice@example.test", "carol@postfix.test", "protocols")
        relay = f"mail.postfix.test[127.0.0.1]:{peer.port}"
        if policy:
            wait_for_postfix_delivery(peer, "carol@postfix.test")
            sender.wait_for_log(f"Untrusted TLS connection established to {relay}: TLSv1.2")
        else:
            sender.wait_for_log(f"dsn=4.7.5, status=deferred (450 4.7.5 {relay}: Cannot start TLS: handshake failure)")
            assert "carol@postfix.test" in sender.cli("queue", "list").stdout
            new = peer.maildir_new("carol@postfix.test")
            assert not (new.exists() and any(new.iterdir())), "nothing reached Postfix"
            assert "TLS connection established" not in sender.log.read_text(errors="replace")
