/// Which of the two default sets applies: ports differ when a configuration file is in use.
enum DefaultSet: Sendable {
    /// No file: unprivileged ports, so `mailroom serve` runs without root.
    case builtIn
    /// A configuration file: the standard ports, as Postfix and Dovecot use.
    case file
}

/// Where a setting's value comes from when the file does not write it.
enum DefaultValue: Sendable {
    /// Raw text, expanded like a written value (`$myhostname`).
    case text(String)
    /// The listener's built-in or standard port, depending on the default set.
    case port(Listener)
    /// The system host name (`myhostname`).
    case systemHostName
    /// `myhostname` minus its first label, or `localdomain` (`mydomain`, as Postfix computes it).
    case parentDomainOfMyhostname
}

/// One row of the schema: a setting's name, its default, and how its expanded text becomes a
/// property of `Settings`.
struct SettingDefinition: Sendable {
    let name: String
    let defaultValue: DefaultValue
    /// Converts the expanded text and stores it, or says why the text is wrong.
    let apply: @Sendable (String, inout Settings) throws(ValueError) -> Void

    init<Value>(
        _ name: String,
        _ defaultValue: DefaultValue,
        _ property: any WritableKeyPath<Settings, Value> & Sendable,
        _ convert: @escaping @Sendable (String) throws(ValueError) -> Value
    ) {
        self.name = name
        self.defaultValue = defaultValue
        self.apply = { text, settings throws(ValueError) in settings[keyPath: property] = try convert(text) }
    }
}

/// Another program's name for one of our settings, accepted so its configuration keeps working.
struct SettingSynonym: Sendable {
    /// The name as Postfix or Dovecot spell it.
    let name: String
    /// Our setting it stands for.
    let canonical: String
    /// Dovecot writes file settings as `<PATH` ("read from PATH"); the `<` is dropped.
    let dropsFileMarker: Bool

    /// The value to give the canonical setting.
    func rewrite(_ value: String) -> String {
        guard dropsFileMarker, value.hasPrefix("<") else { return value }
        return MainCF.trimmingWhiteSpace(value.dropFirst())
    }
}
