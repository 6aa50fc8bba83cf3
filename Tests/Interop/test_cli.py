"""The `config check` and `user` commands through the built binary."""

import stat

from conftest import clean_env, run

SEED = """\
# The classic guide's settings
myhostname = mail.example.test
mydomain = example.test
myorigin = $mydomain
inet_interfaces = all
mydestination = $myhostname, $mydomain
protocols = imap pop3 lmtp
disable_plaintext_auth = no
login_trusted_networks = 192.168.1.0/24
mail_location = mbox:~/mail:INBOX=/var/mail/%u
"""


def test_seed_configuration_checks_with_one_warning(tmp_path):
    """The guide's settings load; the one that weakens a defence (plaintext passwords from anywhere)
    is named, with its line, on stderr."""
    config = tmp_path / "main.cf"
    config.write_text(SEED)
    r = run("config", "check", "--config", config, env=clean_env())
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [f"{config}:8: warning: disable_plaintext_auth = no lets clients outside "
                                     "login_trusted_networks and loopback send their passwords without TLS"]
    printed = dict(line.split(" = ", 1) for line in r.stdout.splitlines())
    assert printed["myhostname"] == "mail.example.test"
    assert printed["protocols"] == "imap pop3 lmtp"
    assert printed["mail_location"] == "mbox:~/mail:INBOX=/var/mail/%u"
    assert list(printed) == sorted(printed)


def test_config_from_environment(tmp_path):
    config = tmp_path / "main.cf"
    config.write_text("smtp_port = 2626\n")
    env = clean_env()
    env["MAILROOM_CONFIG"] = str(config)
    r = run("config", "check", env=env)
    assert r.returncode == 0 and r.stdout == "smtp_port = 2626\n", (r.stdout, r.stderr)


def test_cycle_is_one_line(tmp_path):
    config = tmp_path / "main.cf"
    config.write_text("myorigin = $mydomain\nmydomain = $myorigin\n")
    r = run("config", "check", "--config", config, env=clean_env())
    assert r.returncode == 1
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith(f"{config}:"), r.stderr


def test_user_lifecycle(instance):
    inst = instance()
    assert inst.cli("user", "add", "alice@example.test", "--password-stdin", input="s3cret\n").returncode == 0
    assert inst.cli("user", "add", "Bob", "--password-stdin", input="pw\n").returncode == 0
    users = inst.data / "users"
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert stat.S_IMODE(inst.data.stat().st_mode) == 0o711  # traversable to public/sendmail, not listable
    listed = inst.cli("user", "list")
    assert listed.stdout.split() == ["alice@example.test", "bob@example.test"], listed
    text = users.read_text()
    assert "s3cret" not in text and "$y$" in text
    assert inst.cli("user", "passwd", "alice", "--password-stdin", input="n3w\n").returncode == 0
    assert users.read_text() != text
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert inst.cli("user", "del", "bob@example.test").returncode == 0
    assert inst.cli("user", "list").stdout.split() == ["alice@example.test"]
    missing = inst.cli("user", "del", "bob@example.test")
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1


def test_password_without_terminal_or_stdin_flag_is_refused(instance):
    inst = instance()
    r = inst.cli("user", "add", "carol@example.test", input="")
    assert r.returncode == 1 and "--password-stdin" in r.stderr


def test_usage_error_is_one_line():
    r = run("user", "frob", env=clean_env())
    assert r.returncode != 0 and len(r.stderr.splitlines()) == 1, r.stderr


def test_help_lists_the_commands():
    r = run("--help", env=clean_env())
    assert r.returncode == 0
    for command in ("serve", "config", "user"):
        assert command in r.stdout


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip().startswith("mailroom "), (r.stdout, r.stderr)
