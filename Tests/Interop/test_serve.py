"""`mailroom serve`: listener lines, graceful stop, one-line errors, built-in defaults."""

import re
import signal
import socket
import time

from conftest import LISTENERS, clean_env, free_port, run, BINARY

import subprocess


def test_one_line_per_listener_then_clean_stop(instance):
    inst = instance().start()
    log = inst.log.read_text()
    for name in LISTENERS:
        assert re.search(rf"^{name} listening on 127\.0\.0\.1:{inst.ports[name]}$", log, re.M), log
    assert inst.stop() == 0


def test_sigint_stops_gracefully(instance):
    inst = instance().start()
    inst.process.send_signal(signal.SIGINT)
    assert inst.process.wait(timeout=30) == 0


def test_each_listener_greets_in_its_protocols_words(instance):
    inst = instance().start()
    expected = {"smtp": b"220 mail.example.test ESMTP", "lmtp": b"220 mail.example.test LMTP",
                "imap": b"* OK [CAPABILITY IMAP4rev1 ", "pop3": b"+OK "}
    for name, prefix in expected.items():
        with socket.create_connection(("127.0.0.1", inst.ports[name]), timeout=10) as s:
            assert s.recv(200).startswith(prefix)
    assert inst.stop() == 0


def test_only_the_configured_protocols_listen(instance):
    inst = instance("protocols = imap\nsmtp_port = 0\n").start(expect_lines=False)
    inst.wait_for_log(f"imaps listening on 127.0.0.1:{inst.ports['imaps']}")
    time.sleep(0.3)
    lines = [l for l in inst.log.read_text().splitlines() if " listening on " in l]
    assert sorted(l.split()[0] for l in lines) == ["imap", "imaps"], lines
    assert inst.stop() == 0


def test_port_in_use_is_one_line_and_exit_1(instance):
    inst = instance()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", inst.ports["pop3"]))
        busy.listen()
        inst.start(expect_lines=False)
        assert inst.process.wait(timeout=30) == 1
    lines = [l for l in inst.log.read_text().splitlines() if "listening on" not in l]
    assert len(lines) == 1, lines
    assert f"pop3 on 127.0.0.1:{inst.ports['pop3']}" in lines[0] and "in use" in lines[0]


def test_unreadable_certificate_is_one_line_naming_the_file(instance, tmp_path):
    inst = instance(f"tls_cert_file = {tmp_path}/missing.pem\ntls_key_file = {tmp_path}/missing.key\n")
    inst.start(expect_lines=False)
    assert inst.process.wait(timeout=30) == 1
    lines = inst.log.read_text().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path}/missing.pem:"), lines


def test_data_directory_that_cannot_be_made_is_one_line(instance, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    inst = instance(f"data_directory = {blocker}/data\n")
    inst.start(expect_lines=False)
    assert inst.process.wait(timeout=30) == 1
    lines = inst.log.read_text().splitlines()
    assert len(lines) == 1 and str(blocker) in lines[0], lines


def test_built_in_defaults_use_unprivileged_ports(tmp_path):
    """The README's first command: no configuration at all."""
    for port in (2525, 2587, 1143, 1993, 1110, 1995, 2424):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                import pytest
                pytest.skip(f"port {port} is taken on this machine")
    log = tmp_path / "serve.log"
    process = subprocess.Popen([str(BINARY), "serve"], stdout=open(log, "wb"), stderr=subprocess.STDOUT,
                               cwd=tmp_path, env=clean_env())
    try:
        deadline = time.monotonic() + 60
        while "lmtp listening" not in log.read_text() and time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            time.sleep(0.05)
        text = log.read_text()
        for line in ("smtp listening on 127.0.0.1:2525", "submission listening on 127.0.0.1:2587",
                     "imap listening on 127.0.0.1:1143", "imaps listening on 127.0.0.1:1993",
                     "pop3 listening on 127.0.0.1:1110", "pop3s listening on 127.0.0.1:1995",
                     "lmtp listening on 127.0.0.1:2424"):
            assert line in text, text
        assert (tmp_path / "mailroom-data" / "tls-cert.pem").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
