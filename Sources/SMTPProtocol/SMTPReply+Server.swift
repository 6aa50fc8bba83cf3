import MailCore

// MARK: - The server's replies (RFC 5321 §4.2, §4.3.2; codes and texts follow Postfix where it has one)

extension SMTPReply {
    static func greeting(_ banner: String) -> SMTPReply { SMTPReply(.serviceReady, nil, banner) }
    static func closing(_ hostname: String) -> SMTPReply { SMTPReply(.closing, .success, "Bye") }
    static let ok = SMTPReply(.ok, .success, "Ok")
    static let senderOK = SMTPReply(.ok, .senderOK, "Ok")
    static let recipientOK = SMTPReply(.ok, .destinationValid, "Ok")
    static let cannotVerify = SMTPReply(
        .cannotVerify, .success, "Cannot VRFY user, but will accept message and attempt delivery")
    static let help = SMTPReply(.helpMessage, .success, "See https://www.rfc-editor.org/rfc/rfc5321")
    static let startMailInput = SMTPReply(.startMailInput, nil, "End data with <CR><LF>.<CR><LF>")
    static let readyToStartTLS = SMTPReply(.serviceReady, .success, "Ready to start TLS")
    static let authSucceeded = SMTPReply(.authSucceeded, .authSucceeded, "Authentication successful")
    static func chunkReceived(_ size: Int) -> SMTPReply { SMTPReply(.ok, .success, "Ok: \(size) bytes received") }
    static func queued(_ id: String) -> SMTPReply { SMTPReply(.ok, .success, "Ok: queued as \(id)") }
    static func challenge(_ base64: String) -> SMTPReply { SMTPReply(.authContinue, nil, base64) }

    // 4yz
    static func tooManyErrors(_ hostname: String) -> SMTPReply {
        SMTPReply(.serviceNotAvailable, .transientSecurity, "\(hostname) Error: too many errors")
    }
    static func timeout(_ hostname: String) -> SMTPReply {
        SMTPReply(.serviceNotAvailable, .badConnection, "\(hostname) Error: timeout exceeded")
    }
    static let tooManyRecipients = SMTPReply(.insufficientStorage, .tooManyRecipients, "Error: too many recipients")

    // 5yz: sequence (RFC 5321 §4.3.2)
    static func bareLineEnd(_ hostname: String, _ kind: DataStreamDecoder.BareLineEnd) -> SMTPReply {
        let what = kind == .lineFeed ? "<LF>" : "<CR>"
        return SMTPReply(.noMailAccepted, .syntaxError, "\(hostname) Error: bare \(what) received")
    }
    static let lineTooLong = SMTPReply(.syntaxError, .syntaxError, "Error: line too long")
    static let useLHLO = SMTPReply(.syntaxError, .invalidCommand, "Error: use LHLO in LMTP")
    static let nestedMail = SMTPReply(.badSequence, .invalidCommand, "Error: nested MAIL command")
    static let needMail = SMTPReply(.badSequence, .invalidCommand, "Error: need MAIL command")
    static let needRcpt = SMTPReply(.badSequence, .invalidCommand, "Error: need RCPT command")
    static let noValidRecipients = SMTPReply(.transactionFailed, .invalidCommand, "Error: no valid recipients")
    static let dataAfterBdat = SMTPReply(.badSequence, .invalidCommand, "Error: DATA cannot follow BDAT")
    static let rcptAfterBdat = SMTPReply(.badSequence, .invalidCommand, "Error: RCPT cannot follow BDAT")
    static let binaryNeedsBdat = SMTPReply(.badSequence, .invalidCommand, "Error: BODY=BINARYMIME requires BDAT")
    static let transactionInProgress = SMTPReply(.badSequence, .invalidCommand, "Error: MAIL transaction in progress")
    static let tlsAlreadyActive = SMTPReply(.transactionFailed, .invalidCommand, "Error: TLS already active")
    static let notImplemented = SMTPReply(.notImplemented, .invalidCommand, "Error: command not implemented")

    // 5yz: size (RFC 1870 §6)
    static let messageTooBig = SMTPReply(.exceededStorage, .messageTooBig, "Error: message file too big")
    /// RFC 3463 §3.5 X.4.6 "Routing loop detected"; Postfix's words.
    static let tooManyHops = SMTPReply(.transactionFailed, EnhancedStatusCode("5.4.6")!, "Error: too many hops")
    static let sizeExceedsLimit = SMTPReply(.exceededStorage, .messageTooBig, "Message size exceeds fixed limit")

    // 5yz: SMTPUTF8 (RFC 6531 §3.6)
    static let nonASCIISender = SMTPReply(
        .mailboxNameNotAllowed, .nonASCIIAddressNotPermitted, "Non-ASCII sender address requires SMTPUTF8")
    static let nonASCIIRecipient = SMTPReply(
        .mailboxNameNotAllowed, .nonASCIIAddressNotPermitted, "Non-ASCII recipient address requires SMTPUTF8")

    // Security (RFC 3207 §4, RFC 4954 §4, §6)
    static let mustStartTLS = SMTPReply(.authRequired, .securityPolicy, "Must issue a STARTTLS command first")
    static let authRequired = SMTPReply(.authRequired, .securityPolicy, "Authentication required")
    static let authNotEnabled = SMTPReply(.badSequence, .invalidCommand, "Error: authentication not enabled")
    static let authNeedsEHLO = SMTPReply(.badSequence, .invalidCommand, "Error: send EHLO first")
    static let alreadyAuthenticated = SMTPReply(.badSequence, .invalidCommand, "Error: already authenticated")
    static let encryptionRequired = SMTPReply(
        .encryptionRequired, .encryptionRequired, "Encryption required for requested authentication mechanism")
    static let unknownMechanism = SMTPReply(
        .parameterNotImplemented, .invalidArguments, "Unrecognized authentication type")
    static let authLineTooLong = SMTPReply(
        .syntaxError, .authLineTooLong, "Authentication Exchange line is too long")
    static let authFailed = SMTPReply(.authFailed, .invalidCredentials, "Error: authentication failed")
    static let authCancelled = SMTPReply(.parameterSyntaxError, .securityPolicy, "Authentication aborted")
    static let authMalformed = SMTPReply(.parameterSyntaxError, .syntaxError, "Cannot decode response")
    static let authTemporaryFailure = SMTPReply(
        .temporaryFailure, .transientSecurity, "Temporary authentication failure")
}
