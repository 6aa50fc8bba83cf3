/// Warnings about settings that load but weaken a defence, shown by `config check` and at start, each at
/// the line that wrote the setting.
enum SettingsAdvice {
    static func warnings(for settings: Settings, written: [String: MainCF.Entry], file: String?) -> [ConfigWarning] {
        var warnings: [ConfigWarning] = []
        func warn(_ name: String, _ message: String) {
            warnings.append(ConfigWarning(file: file, line: written[name]?.line, message: message))
        }
        if !settings.disablePlaintextAuth {
            warn("disable_plaintext_auth", "disable_plaintext_auth = no lets clients outside login_trusted_networks "
                + "and loopback send their passwords without TLS")
        }
        if written["smtpd_forbid_bare_newline"]?.value.lowercased() == "no" {
            warn("smtpd_forbid_bare_newline", "smtpd_forbid_bare_newline = no is read as normalize: only "
                + "<CR><LF>.<CR><LF> ends a message here, so SMTP smuggling stays impossible")
        }
        return warnings.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
    }
}
