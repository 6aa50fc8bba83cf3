"""Implicit-TLS listeners (RFC 8314) complete real TLS handshakes with the certificate mailroom
generates on first start, and it verifies for myhostname."""

import socket
import ssl
import stat
import subprocess

import pytest

IMPLICIT_TLS = ("submissions", "imaps", "pop3s")
GREETING = {"submissions": b"220 mail.example.test ESMTP", "imaps": b"* OK [CAPABILITY IMAP4rev1 ", "pop3s": b"+OK "}


@pytest.fixture
def server(instance):
    inst = instance().start()
    yield inst
    assert inst.stop() == 0


@pytest.mark.parametrize("listener", IMPLICIT_TLS)
def test_handshake_verifies_the_generated_certificate(server, listener):
    context = ssl.create_default_context(cafile=str(server.data / "tls-cert.pem"))
    with socket.create_connection(("127.0.0.1", server.ports[listener]), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="mail.example.test") as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
            subject = dict(x[0] for x in tls.getpeercert()["subject"])
            assert subject["commonName"] == "mail.example.test"
            assert tls.recv(200).startswith(GREETING[listener])


@pytest.mark.parametrize("listener", IMPLICIT_TLS)
def test_openssl_s_client_handshake(server, listener):
    result = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{server.ports[listener]}",
                             "-servername", "mail.example.test", "-brief"],
                            input=b"", capture_output=True, timeout=30)
    output = (result.stdout + result.stderr).decode(errors="replace")
    assert "CONNECTION ESTABLISHED" in output, output


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_old_tls_versions_are_refused(server):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.maximum_version = ssl.TLSVersion.TLSv1_1
    try:
        context.minimum_version = ssl.TLSVersion.TLSv1
    except ValueError:
        pytest.skip("this OpenSSL cannot even offer TLS 1.1")
    with socket.create_connection(("127.0.0.1", server.ports["imaps"]), timeout=10) as raw:
        with pytest.raises(ssl.SSLError):
            context.wrap_socket(raw, server_hostname="mail.example.test")


def test_generated_files_are_private(server):
    # 0711: users may pass through to public/sendmail, but not list or read anything else.
    assert stat.S_IMODE(server.data.stat().st_mode) == 0o711
    assert stat.S_IMODE((server.data / "tls-key.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE((server.data / "queue").stat().st_mode) == 0o700


def test_the_certificate_is_kept_across_restarts(instance):
    inst = instance().start()
    assert inst.stop() == 0
    first = (inst.data / "tls-cert.pem").read_bytes()
    inst.start()
    assert inst.stop() == 0
    assert (inst.data / "tls-cert.pem").read_bytes() == first


def test_configured_certificate_is_used(instance, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=configured.example.test", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    inst = instance(f"tls_cert_file = {cert}\ntls_key_file = {key}\n").start()
    context = ssl.create_default_context(cafile=str(cert))
    with socket.create_connection(("127.0.0.1", inst.ports["pop3s"]), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="configured.example.test") as tls:
            assert tls.recv(200).startswith(b"+OK ")
    assert not (inst.data / "tls-cert.pem").exists()
    assert inst.stop() == 0
