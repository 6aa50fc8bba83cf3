import Foundation

extension NamedConfInterpreter {
    /// Reads `key NAME { algorithm ALG; secret "BASE64"; };` (BIND ARM "key Statement Grammar").
    static func key(_ statement: NamedConfStatement) throws(ConfigError) -> NamedConfKey {
        let usage = "key NAME { algorithm ALGORITHM; secret \"BASE64\"; };"
        let name = try statement.text(at: 1, usage: usage)
        let block = try statement.block(at: 2, usage: usage)
        try statement.expectCount(3, usage: usage)
        var seen: [String: NamedConfStatement] = [:]
        var algorithm: String?
        var secret: String?
        var secretBytes: [UInt8] = []
        for option in block {
            switch option.keyword {
            case "algorithm":
                try once(option, &seen)
                let text = try single(option).lowercased()
                guard NamedConfKey.supportedAlgorithms.contains(text) else {
                    let choices = NamedConfKey.supportedAlgorithms.joined(separator: ", ")
                    throw option.error(.invalidValue, "key \"\(name)\": algorithm \(text) is not supported (use one of \(choices))", at: option.terms[1])
                }
                algorithm = text
            case "secret":
                try once(option, &seen)
                let text = try single(option)
                // BIND's base64 reader skips white space, so long secrets may be split.
                let compact = text.filter { !$0.isWhitespace }
                guard !compact.isEmpty, let data = Data(base64Encoded: compact) else {
                    throw option.error(.invalidValue, "key \"\(name)\": secret is not valid base64", at: option.terms[1])
                }
                secret = text
                secretBytes = [UInt8](data)
            default:
                throw option.error(.unknownSetting, "key \"\(name)\": unknown or unsupported option \(option.display)")
            }
        }
        guard let algorithm else { throw statement.error(.invalidValue, "key \"\(name)\" has no algorithm") }
        guard let secret else { throw statement.error(.invalidValue, "key \"\(name)\" has no secret") }
        return NamedConfKey(name: name, algorithm: algorithm, secret: secret, secretBytes: secretBytes)
    }
}
