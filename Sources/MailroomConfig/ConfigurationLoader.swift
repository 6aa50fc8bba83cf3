import MailCore

/// Turns a file's `name = value` entries into `Settings`: sorts the names into ours (after
/// mapping synonyms), Postfix's and Dovecot's (warned about, ignored) and unknown ones (errors);
/// then expands and converts every setting, written or default, reporting problems at the line
/// that causes them.
struct ConfigurationLoader {
    let file: String?
    let defaults: DefaultSet
    let hostName: String

    func load(_ entries: [MainCF.Entry]) throws(ConfigError) -> LoadedConfiguration {
        var warnings: [ConfigWarning] = []
        // Every written name, foreign ones included so that `$name` can still refer to them;
        // a name written twice keeps its last value, as in Postfix.
        var written: [String: MainCF.Entry] = [:]
        for var entry in entries {
            if let synonym = SettingsSchema.synonymsByName[entry.name] {
                entry.name = synonym.canonical
                entry.value = synonym.rewrite(entry.value)
            }
            if SettingsSchema.definitionsByName[entry.name] == nil {
                warnings.append(try foreignWarning(entry))
            }
            written[entry.name] = entry
        }

        var expander = Expander(file: file, written: written, defaults: defaults, hostName: hostName)
        var settings = Settings()
        // Written settings first, in file order, so the first error reported is the earliest line.
        let ours = written.values.filter { SettingsSchema.definitionsByName[$0.name] != nil }
        let writtenFirst = ours.sorted { $0.line < $1.line }.compactMap { SettingsSchema.definitionsByName[$0.name] }
            + SettingsSchema.definitions.filter { written[$0.name] == nil }
        for definition in writtenFirst {
            let value = try expander.value(of: definition.name)
            do {
                try definition.apply(value, &settings)
            } catch {
                throw ConfigError(.invalidValue, file: file, line: written[definition.name]?.line,
                                  message: "\(definition.name): \"\(error.value)\" \(error.problem)")
            }
        }

        if written["home_mailbox"] != nil || written["mail_spool_directory"] != nil {
            let postfix = MailLocation.postfix(homeMailbox: settings.homeMailbox, spoolDirectory: settings.mailSpoolDirectory)
            if let location = written["mail_location"] {
                if postfix != settings.mailLocation {
                    warnings.append(ConfigWarning(file: file, line: location.line, message: "mail_location decides where "
                        + "mail goes; home_mailbox and mail_spool_directory, which say otherwise, are ignored"))
                }
            } else {
                settings.mailLocation = postfix
            }
        }
        warnings += SettingsAdvice.warnings(for: settings, written: written, file: file)
        var changed: [String] = []
        for entry in ours.sorted(by: { $0.name < $1.name })
        where try expander.value(of: entry.name) != valueIfNotWritten(entry.name, written: written) {
            changed.append("\(entry.name) = \(entry.value)")
        }
        return LoadedConfiguration(settings: settings, warnings: warnings, path: file, changedSettings: changed)
    }

    /// What `name` would expand to without its line; `nil` when it then cannot be expanded, as when its
    /// default refers to a setting written in terms of it (`mydomain` from `myhostname = mx1.$mydomain`).
    /// Comparing with this, not with the default expanded beside the written line, keeps `config check`'s
    /// lines a file that loads to the same settings.
    private func valueIfNotWritten(_ name: String, written: [String: MainCF.Entry]) -> String? {
        var others = written
        others[name] = nil
        var expander = Expander(file: file, written: others, defaults: defaults, hostName: hostName)
        return try? expander.value(of: name)
    }

    private func foreignWarning(_ entry: MainCF.Entry) throws(ConfigError) -> ConfigWarning {
        guard let owner = ForeignSettings.owner(of: entry.name) else {
            let suggestion = NameSuggestion.closest(to: entry.name).map { " (did you mean \"\($0)\"?)" } ?? ""
            throw ConfigError(.unknownSetting, file: file, line: entry.line,
                              message: "unknown setting \"\(entry.name)\"\(suggestion)")
        }
        return ConfigWarning(file: file, line: entry.line,
                             message: "\(entry.name) is a \(owner.rawValue) setting that mailroom does not use; ignored")
    }
}
