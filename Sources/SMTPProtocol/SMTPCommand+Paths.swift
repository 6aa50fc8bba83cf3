import MailCore

// MARK: - HELO/EHLO/LHLO, MAIL and RCPT (RFC 5321 §4.1.1.1–§4.1.1.3, §4.1.2)

extension SMTPCommand {
    // ehlo = "EHLO" SP ( Domain / address-literal ) CRLF
    // helo = "HELO" SP Domain CRLF
    static func parseHeloName(_ cursor: inout ByteCursor, verb: String) throws(SMTPSyntaxError) -> HeloName {
        cursor.skipSpaces()
        let word = cursor.take { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        // Extra words are ignored, as Postfix ignores them. The name goes into `Received:`, so a control
        // character (a CR that would start a header line of the client's choosing) is refused.
        guard !word.isEmpty, !word.contains(where: { $0 < 0x20 || $0 == 0x7F }), let text = String(validUTF8: word) else {
            throw syntax("\(verb) hostname")
        }
        if word.first == UInt8(ascii: "["), word.last == UInt8(ascii: "]"), let ip = addressLiteralIP(word) {
            return .addressLiteral(ip)
        }
        return isDomain(word) ? .domain(text.lowercased()) : .other(text)
    }

    // mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF
    static func parseMail(_ cursor: inout ByteCursor) throws(SMTPSyntaxError) -> SMTPCommand {
        let usage = syntax("MAIL FROM:<address>")
        guard cursor.takeCaseInsensitive("FROM:") else { throw usage }
        cursor.skipSpaces()  // `MAIL FROM: <a@b>`, as Postfix tolerates
        guard !cursor.isAtEnd else { throw usage }
        let bad = SMTPSyntaxError(
            .badSenderAddress, SMTPReply(.parameterSyntaxError, .badSenderSyntax, "Bad sender address syntax"))
        let path: ReversePath
        switch try parsePath(&cursor, allowPostmaster: false, error: bad) {
        case .null: path = .null
        case .mailbox(let address): path = .mailbox(address)
        case .postmaster: throw bad
        }
        let parameters = try MailParameters(parsing: try parseParameterList(&cursor))
        return .mail(path, parameters)
    }

    // rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path )
    //        [SP Rcpt-parameters] CRLF
    static func parseRcpt(_ cursor: inout ByteCursor) throws(SMTPSyntaxError) -> SMTPCommand {
        let usage = syntax("RCPT TO:<address>")
        guard cursor.takeCaseInsensitive("TO:") else { throw usage }
        cursor.skipSpaces()
        guard !cursor.isAtEnd else { throw usage }
        let bad = SMTPSyntaxError(
            .badRecipientAddress, SMTPReply(.parameterSyntaxError, .badDestinationSyntax, "Bad recipient address syntax"))
        let path: ForwardPath
        switch try parsePath(&cursor, allowPostmaster: true, error: bad) {
        case .null: throw bad
        case .postmaster: path = .postmaster
        case .mailbox(let address): path = .mailbox(address)
        }
        let parameters = try RecipientParameters(parsing: try parseParameterList(&cursor))
        return .rcpt(path, parameters)
    }

    enum ParsedPath { case null, postmaster, mailbox(EmailAddress) }

    // Reverse-path = Path / "<>"
    // Path         = "<" [ A-d-l ":" ] Mailbox ">"
    // A-d-l        = At-domain *( "," At-domain )
    // At-domain    = "@" Domain
    // A bare `Mailbox` without brackets is accepted too, as Postfix accepts it by default.
    static func parsePath(_ cursor: inout ByteCursor, allowPostmaster: Bool,
                          error: SMTPSyntaxError) throws(SMTPSyntaxError) -> ParsedPath {
        guard cursor.take(UInt8(ascii: "<")) else {
            let result = try parseMailbox(&cursor, error: error)
            guard cursor.isAtEnd || cursor.peek == UInt8(ascii: " ") else { throw error }
            return .mailbox(result)
        }
        if cursor.take(UInt8(ascii: ">")) { return .null }
        if cursor.peek == UInt8(ascii: "@") {
            // The source route is ignored (RFC 5321 §4.1.1.3, Appendix C), but must be well formed.
            let route = cursor.take { $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: ">") }
            guard cursor.take(UInt8(ascii: ":")),
                  route.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).allSatisfy({
                      $0.first == UInt8(ascii: "@") && isDomain($0.dropFirst())
                  })
            else { throw error }
        }
        var probe = cursor
        if allowPostmaster, probe.takeCaseInsensitive("postmaster"), probe.take(UInt8(ascii: ">")) {
            cursor = probe
            return .postmaster
        }
        let mailbox = try parseMailbox(&cursor, error: error)
        guard cursor.take(UInt8(ascii: ">")) else { throw error }
        return .mailbox(mailbox)
    }

    // Mailbox         = Local-part "@" ( Domain / address-literal )
    // Local-part      = Dot-string / Quoted-string
    // Dot-string      = Atom *("." Atom)            ; relaxed like Postfix: `a..b`, `a.` pass
    // Atom            = 1*atext                     ; RFC 6531 §3.3 adds UTF8-non-ascii
    // Quoted-string   = DQUOTE *QcontentSMTP DQUOTE
    // QcontentSMTP    = qtextSMTP / quoted-pairSMTP
    // quoted-pairSMTP = %d92 %d32-126
    // qtextSMTP       = %d32-33 / %d35-91 / %d93-126   ; RFC 6531 §3.3 adds UTF8-non-ascii
    static func parseMailbox(_ cursor: inout ByteCursor, error: SMTPSyntaxError) throws(SMTPSyntaxError) -> EmailAddress {
        let start = cursor.index
        var localPart: String
        if cursor.take(UInt8(ascii: "\"")) {
            var content: [UInt8] = []
            while true {
                guard let byte = cursor.peek else { throw error }
                cursor.index += 1
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") {
                    guard let escaped = cursor.peek, (32...126).contains(escaped) else { throw error }
                    cursor.index += 1
                    content.append(escaped)
                } else {
                    guard byte >= 32, byte != 127 else { throw error }
                    content.append(byte)
                }
            }
            guard let raw = String(validUTF8: cursor.bytes[start..<cursor.index]),
                  let unquoted = String(validUTF8: content)
            else { throw error }
            // A quoted local part that needs no quoting is the same mailbox unquoted (RFC 5321 §4.1.2).
            localPart = isDotAtom(content) ? unquoted : raw
        } else {
            let atoms = cursor.take { $0.isAtext || $0 == UInt8(ascii: ".") || $0 >= 0x80 }
            guard !atoms.isEmpty, let text = String(validUTF8: atoms) else { throw error }
            localPart = text
        }
        guard cursor.take(UInt8(ascii: "@")) else { throw error }
        let domainBytes: ArraySlice<UInt8>
        if cursor.peek == UInt8(ascii: "[") {
            domainBytes = cursor.take { $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: " ") }
            guard cursor.take(UInt8(ascii: "]")) else { throw error }
            let literal = cursor.bytes[(domainBytes.startIndex)..<cursor.index]
            guard isAddressLiteral(literal), let text = String(validUTF8: literal),
                  let address = EmailAddress(localPart: localPart, domain: text)
            else { throw error }
            return address
        }
        domainBytes = cursor.take { $0.isASCIILetter || $0.isASCIIDigit || Array("-._".utf8).contains($0) || $0 >= 0x80 }
        guard isDomain(domainBytes), let domain = String(validUTF8: domainBytes),
              let address = EmailAddress(localPart: localPart, domain: domain)
        else { throw error }
        return address
    }

    // Domain     = sub-domain *("." sub-domain)
    // sub-domain = Let-dig [Ldh-str]        ; relaxed: "_" and U-labels (RFC 6531 §3.3) pass
    static func isDomain(_ bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 >= 0x80 }
        }
    }

    // Dot-string = Atom *("." Atom), strictly (used to decide whether quotes can go)
    static func isDotAtom(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0.allSatisfy { $0.isAtext || $0 >= 0x80 }
        }
    }

    // address-literal         = "[" ( IPv4-address-literal / IPv6-address-literal /
    //                                 General-address-literal ) "]"
    // IPv6-address-literal    = "IPv6:" IPv6-addr
    // General-address-literal = Standardized-tag ":" 1*dcontent
    // dcontent                = %d33-90 / %d94-126
    static func isAddressLiteral(_ bytes: ArraySlice<UInt8>) -> Bool {
        if addressLiteralIP(bytes) != nil { return true }
        let inner = bytes.dropFirst().dropLast()
        guard let colon = inner.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let tag = inner[..<colon], content = inner[(colon + 1)...]
        return isDomain(tag) && !content.isEmpty && content.allSatisfy { (33...90).contains($0) || (94...126).contains($0) }
    }

    static func addressLiteralIP(_ bytes: ArraySlice<UInt8>) -> IPAddress? {
        guard bytes.count > 2, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
        var inner = ByteCursor(Array(bytes.dropFirst().dropLast()))
        if inner.takeCaseInsensitive("IPv6:") {
            guard let ip = IPAddress(String(decoding: inner.rest, as: UTF8.self)), !ip.isIPv4 else { return nil }
            return ip
        }
        guard let ip = IPAddress(String(decoding: inner.rest, as: UTF8.self)), ip.isIPv4 else { return nil }
        return ip
    }
}
