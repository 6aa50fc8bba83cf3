// MARK: - Session commands: ID, AUTHENTICATE, LOGIN, ENABLE (RFC 9051 §6.1-§6.3.1, RFC 2971, RFC 4959)

extension GrammarCursor {
    // id             = "ID" SP id_params_list                                     ; RFC 2971 §4
    // id_params_list = "(" #(string SP nstring) ")" / nil
    mutating func idArguments() throws(GrammarError) -> [IDParameter]? {
        try space()
        if takeWord("NIL") { return nil }
        try expect(UInt8(ascii: "("), "Expected ( or NIL")
        var parameters: [IDParameter] = []
        if take(UInt8(ascii: ")")) { return parameters }
        repeat {
            let name = try string()
            try space()
            let value = try nstring()
            guard name.count <= IDParameter.maximumNameLength, (value?.count ?? 0) <= IDParameter.maximumValueLength,
                  parameters.count < IDParameter.maximumCount
            else { throw .invalid("ID field too long or too many fields") }
            parameters.append(IDParameter(try Self.idText(name), try value.map { (v: [UInt8]) throws(GrammarError) in try Self.idText(v) }))
        } while take(UInt8(ascii: " "))
        try expect(UInt8(ascii: ")"), "Expected ) after the ID fields")
        return parameters
    }

    private static func idText(_ bytes: [UInt8]) throws(GrammarError) -> String {
        try text(bytes, "ID fields must be UTF-8 text")
    }

    // authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp]
    // auth-type    = atom ; initial-resp = (base64 / "=")                          ; RFC 4959 §7
    mutating func authenticateArguments() throws(GrammarError) -> IMAPCommand {
        try space()
        let mechanism = GrammarCursor.keyword(try atom("Expected a mechanism"))
        guard take(UInt8(ascii: " ")) else { return .authenticate(mechanism: mechanism, initialResponse: nil) }
        if take(UInt8(ascii: "=")) { return .authenticate(mechanism: mechanism, initialResponse: "=") }
        let response = try base64()
        guard !response.isEmpty else { throw .invalid("Invalid initial response") }
        return .authenticate(mechanism: mechanism, initialResponse: response)
    }

    // base64 = *(4base64-char) [base64-terminal]
    // base64-char = ALPHA / DIGIT / "+" / "/" ; base64-terminal = (2base64-char "==") / (3base64-char "=")
    mutating func base64() throws(GrammarError) -> String {
        let body = take { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") }
        let padding = take { $0 == UInt8(ascii: "=") }
        guard (body.count + padding.count) % 4 == 0, padding.count <= 2, padding.isEmpty || body.count % 4 != 0 else {
            throw .invalid("Invalid base64")
        }
        return String(decoding: body + padding, as: UTF8.self)
    }

    // login = "LOGIN" SP userid SP password ; userid = astring ; password = astring
    mutating func loginArguments() throws(GrammarError) -> IMAPCommand {
        try space()
        let user = try astring("Expected a user name")
        try space()
        let password = try astring("Expected a password")
        return .login(username: try Self.text(user, "Invalid user name"), password: try Self.text(password, "Invalid password"))
    }

    // enable = "ENABLE" 1*(SP capability) ; capability = ("AUTH=" auth-type) / atom
    mutating func enableArguments() throws(GrammarError) -> [String] {
        var names: [String] = []
        repeat {
            try space()
            names.append(String(decoding: try atom("Expected a capability"), as: UTF8.self))
        } while peek == UInt8(ascii: " ")
        return names
    }
}
