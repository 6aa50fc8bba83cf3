// MARK: - ESMTP parameters (RFC 5321 §4.1.2; RFC 1870, RFC 6152, RFC 3030, RFC 6531, RFC 3461, RFC 4954)

/// One `keyword[=value]`, the keyword upper-cased.
struct ESMTPParameter {
    var keyword: String
    var value: String?
}

extension SMTPCommand {
    // Mail-parameters = esmtp-param *(SP esmtp-param)
    // esmtp-param     = esmtp-keyword ["=" esmtp-value]
    // esmtp-keyword   = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
    // esmtp-value     = 1*(%d33-60 / %d62-126)      ; RFC 6531 §3.3 adds UTF8-non-ascii
    // A keyword given twice is refused for MAIL and RCPT alike.
    static func parseParameterList(_ cursor: inout ByteCursor) throws(SMTPSyntaxError) -> [ESMTPParameter] {
        var parameters: [ESMTPParameter] = []
        var seen: Set<String> = []
        while true {
            let spaces = cursor.skipSpaces()
            if cursor.isAtEnd { return parameters }
            guard spaces > 0 else { throw badParameters }
            let keyword = cursor.take { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "-") }
            guard let first = keyword.first, first != UInt8(ascii: "-") else { throw badParameters }
            var value: String?
            if cursor.take(UInt8(ascii: "=")) {
                let bytes = cursor.take { (33...126).contains($0) && $0 != UInt8(ascii: "=") || $0 >= 0x80 }
                guard !bytes.isEmpty, let text = String(validUTF8: bytes) else { throw badParameters }
                value = text
            }
            let name = String(decoding: keyword.map(ByteCursor.upper), as: UTF8.self)
            guard seen.insert(name).inserted else { throw invalid("Duplicate \(name) parameter") }
            parameters.append(ESMTPParameter(keyword: name, value: value))
        }
    }

    static let badParameters = SMTPSyntaxError(
        .invalidArguments, SMTPReply(.parameterSyntaxError, .invalidArguments, "Bad parameter syntax"))

    static func unsupported(_ keyword: String) -> SMTPSyntaxError {
        SMTPSyntaxError(.unsupportedParameter,
                        SMTPReply(.parametersNotRecognized, .invalidArguments, "Unsupported option: \(keyword)"))
    }

    static func invalid(_ what: String) -> SMTPSyntaxError {
        SMTPSyntaxError(.invalidParameter, SMTPReply(.parameterSyntaxError, .invalidArguments, what))
    }
}

extension MailParameters {
    /// Interprets MAIL parameters; unknown keywords give `555 5.5.4`, bad values `501 5.5.4`.
    init(parsing list: [ESMTPParameter]) throws(SMTPSyntaxError) {
        self.init()
        for parameter in list {
            let value = parameter.value
            switch parameter.keyword {
            // size-value = 1*20DIGIT                                   (RFC 1870 §4)
            case "SIZE":
                guard let value, !value.isEmpty, value.utf8.allSatisfy(\.isASCIIDigit), value.utf8.count <= 20 else {
                    throw SMTPCommand.invalid("Bad message size syntax")
                }
                size = Int(value) ?? Int.max
            // body-value = "7BIT" / "8BITMIME" / "BINARYMIME"            (RFC 6152 §2, RFC 3030 §3)
            case "BODY":
                guard let type = value.flatMap({ BodyType(rawValue: $0.uppercased()) }) else {
                    throw SMTPCommand.invalid("Bad BODY parameter")
                }
                body = type
            // "SMTPUTF8" takes no value                                 (RFC 6531 §3.4)
            case "SMTPUTF8":
                guard value == nil else { throw SMTPCommand.invalid("Bad SMTPUTF8 parameter") }
                smtpUTF8 = true
            // ret-value = "FULL" / "HDRS"                               (RFC 3461 §4.3)
            case "RET":
                guard let ret = value.flatMap({ DSNReturn(rawValue: $0.uppercased()) }) else {
                    throw SMTPCommand.invalid("Bad RET parameter")
                }
                dsnReturn = ret
            // envid-value = xtext, at most 100 characters, printable ASCII once decoded (RFC 3461 §4.4)
            case "ENVID":
                guard let value, value.utf8.count <= 100, let decoded = XText.decodePrintable(value) else {
                    throw SMTPCommand.invalid("Bad ENVID parameter")
                }
                envelopeID = decoded
            // auth-param = "AUTH=" ( "<>" / xtext ); trusted from nobody, so ignored (RFC 4954 §5)
            case "AUTH":
                guard value != nil else { throw SMTPCommand.invalid("Bad AUTH parameter") }
            default:
                throw SMTPCommand.unsupported(parameter.keyword)
            }
        }
    }
}

extension RecipientParameters {
    /// Interprets RCPT parameters; unknown keywords give `555 5.5.4`, bad values `501 5.5.4`.
    init(parsing list: [ESMTPParameter]) throws(SMTPSyntaxError) {
        self.init()
        for parameter in list {
            switch parameter.keyword {
            // notify-esmtp-value = "NEVER" / 1#notify-list-element
            // notify-list-element = "SUCCESS" / "FAILURE" / "DELAY"      (RFC 3461 §4.1)
            case "NOTIFY":
                guard let value = parameter.value?.uppercased() else { throw SMTPCommand.invalid("Bad NOTIFY parameter") }
                let items = value.split(separator: ",", omittingEmptySubsequences: false)
                if items == ["NEVER"] {
                    notify = .never
                } else {
                    guard items.allSatisfy({ ["SUCCESS", "FAILURE", "DELAY"].contains($0) }),
                          Set(items).count == items.count
                    else { throw SMTPCommand.invalid("Bad NOTIFY parameter") }
                    notify = .on(success: items.contains("SUCCESS"), failure: items.contains("FAILURE"),
                                 delay: items.contains("DELAY"))
                }
            // orcpt-parameter = "ORCPT=" addr-type ";" xtext            (RFC 3461 §4.2)
            // addr-type       = atom; the decoded address is printable ASCII (RFC 3461 §4)
            case "ORCPT":
                guard let value = parameter.value, value.utf8.count <= 500,
                      let semicolon = value.firstIndex(of: ";"),
                      case let type = value[..<semicolon], !type.isEmpty, type.utf8.allSatisfy(\.isAtext),
                      let address = XText.decodePrintable(value[value.index(after: semicolon)...]), !address.isEmpty
                else { throw SMTPCommand.invalid("Bad ORCPT parameter") }
                originalRecipient = OriginalRecipient(addressType: String(type), address: address)
            default:
                throw SMTPCommand.unsupported(parameter.keyword)
            }
        }
    }
}
