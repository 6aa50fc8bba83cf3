extension NamedConf {
    /// Parses named.conf `text` read from `file` (used in messages only).
    ///
    /// `include` reads an included file by the path exactly as written in the `include`
    /// statement; its errors become `FILE:LINE: include "PATH": reason` at the `include`.
    /// Errors are `ConfigError`s (`FILE:LINE: message`): `.syntax` for malformed text,
    /// `.unknownSetting` for statements and options mailroom does not know,
    /// `.invalidValue` for ones it cannot honour, `.undefinedReference` for unknown ACLs
    /// and keys, `.cycle` for ACLs that contain themselves, `.unreadable` for includes.
    public static func parse(
        _ text: String, file: String, include: (String) throws -> String
    ) throws(ConfigError) -> NamedConf {
        try withoutActuallyEscaping(include) { (reader) throws(ConfigError) -> NamedConf in
            let statements = try NamedConfTreeParser.statements(of: text, file: file, reader: reader)
            return try NamedConfInterpreter.interpret(statements)
        }
    }

    /// Reads and parses the named.conf at `path`: the only part that touches the disk.
    ///
    /// BIND resolves a relative `include` against its working directory (which, on reloads,
    /// is the `directory` option). mailroom has no such working directory, so a relative
    /// include is read relative to the directory holding `path`; absolute ones (the usual
    /// `include "/etc/named.rfc1912.zones";`) are read as written. Messages name included
    /// files as written.
    public static func load(path: String) throws(ConfigError) -> NamedConf {
        let text = try ConfigFileReader.contents(ofFile: path)
        let base = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        return try parse(text, file: path) { included in
            try ConfigFileReader.contents(ofFile: included.hasPrefix("/") ? included : base + included)
        }
    }
}
