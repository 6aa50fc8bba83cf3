import NIOCore

// MARK: - Commands (RFC 5321 §4.1.1, §4.1.4 order; RFC 3030, RFC 3207, RFC 4954, RFC 2033)

extension SMTPServerMachine {
    /// One command line in the `command` or `transaction` state.
    mutating func command(_ line: ByteBuffer, _ session: Session, _ transaction: Transaction?) -> Action {
        if let limit = errorLimitReached(session, transaction) { return limit }
        let command: SMTPCommand
        do {
            command = try SMTPCommand(parsing: line)
        } catch {
            return fail(error.reply, session, transaction)
        }
        switch command {
        case .helo(let name), .ehlo(let name), .lhlo(let name):
            return hello(command, name, session, transaction)
        case .mail(let path, let parameters):
            return mail(path, parameters, session, transaction)
        case .rcpt(let path, let parameters):
            return rcpt(path, parameters, session, transaction)
        case .data:
            return data(session, transaction)
        case .bdat(let size, let last):
            return bdat(size: size, last: last, session, transaction)
        case .rset:
            state = .command(session)
            return transaction?.chunking == true ? .abortMessage([.ok], close: false) : .send(.ok)
        case .noop:
            return succeed(.ok, session, transaction)
        case .quit:
            state = .closed
            let reply = SMTPReply.closing(configuration.hostname)
            return transaction?.chunking == true ? .abortMessage([reply], close: true) : .sendAndClose(reply)
        case .vrfy:
            return succeed(.cannotVerify, session, transaction)
        case .help:
            return succeed(.help, session, transaction)
        case .startTLS:
            return startTLS(session, transaction)
        case .auth(let mechanism, let initialResponse):
            return auth(mechanism, initialResponse, session, transaction)
        }
    }

    private mutating func hello(_ command: SMTPCommand, _ name: HeloName,
                                _ session: Session, _ transaction: Transaction?) -> Action {
        let isLHLO = if case .lhlo = command { true } else { false }
        let isHELO = if case .helo = command { true } else { false }
        if configuration.mode == .lmtp, !isLHLO { return fail(.useLHLO, session, transaction) }
        if configuration.mode != .lmtp, isLHLO { return fail(SMTPCommand.unrecognized.reply, session, transaction) }
        var session = session
        session.heloName = name
        session.extended = !isHELO
        state = .command(session)
        let reply = isHELO ? SMTPReply(.ok, nil, configuration.hostname) : extendedHelloReply(session)
        return transaction?.chunking == true ? .abortMessage([reply], close: false) : .send(reply)
    }

    private mutating func mail(_ path: ReversePath, _ parameters: MailParameters,
                               _ session: Session, _ transaction: Transaction?) -> Action {
        if transaction != nil { return fail(.nestedMail, session, transaction) }
        if configuration.requiresTLS, !session.tlsActive { return fail(.mustStartTLS, session, nil) }
        if configuration.requiresAuthentication, session.identity == nil { return fail(.authRequired, session, nil) }
        if let address = path.address, !address.isASCII, !parameters.smtpUTF8 {
            return fail(.nonASCIISender, session, nil)
        }
        if let size = parameters.size, let limit = configuration.maximumMessageSize, size > limit {
            return fail(.sizeExceedsLimit, session, nil)
        }
        let transaction = Transaction(reversePath: path, parameters: parameters)
        if let identity = session.identity, let address = path.address {
            state = .checkingSender(session, transaction)
            return .checkSender(address, identity: identity)
        }
        state = .transaction(session, transaction)
        return .send(.senderOK)
    }

    private mutating func rcpt(_ path: ForwardPath, _ parameters: RecipientParameters,
                               _ session: Session, _ transaction: Transaction?) -> Action {
        guard var transaction else { return fail(.needMail, session, nil) }
        if transaction.chunking { return fail(.rcptAfterBdat, session, transaction) }
        if let address = path.address, !address.isASCII, !transaction.parameters.smtpUTF8 {
            return fail(.nonASCIIRecipient, session, transaction)
        }
        if transaction.recipients.count >= configuration.recipientLimit {
            return fail(.tooManyRecipients, session, transaction)
        }
        transaction.recipientAttempts += 1
        let recipient = EnvelopeRecipient(path: path, parameters: parameters)
        state = .checkingRecipient(session, transaction, recipient)
        return .checkRecipient(path, parameters)
    }

    /// Why the transaction cannot take a body yet, if it cannot.
    private func bodyRefusal(_ transaction: Transaction?) -> SMTPReply? {
        guard let transaction else { return .needMail }
        guard transaction.recipients.isEmpty else { return nil }
        return transaction.recipientAttempts == 0 ? .needRcpt : .noValidRecipients
    }

    private mutating func data(_ session: Session, _ transaction: Transaction?) -> Action {
        if let refusal = bodyRefusal(transaction) { return fail(refusal, session, transaction) }
        guard let transaction else { illegalTransition("DATA without transaction") }
        if transaction.chunking { return fail(.dataAfterBdat, session, transaction) }
        if transaction.parameters.body == .binaryMIME { return fail(.binaryNeedsBdat, session, transaction) }
        state = .receivingData(session, transaction)
        return .beginMessage(envelope(session, transaction), .dotTerminated(.startMailInput))
    }

    private mutating func bdat(size: Int, last: Bool, _ session: Session, _ transaction: Transaction?) -> Action {
        if let refusal = bodyRefusal(transaction) {
            // The client will not retry within this transaction (RFC 3030 §2): it ends here.
            state = .receivingChunk(session, nil, Chunk(remaining: size, last: last, failure: refusal))
            return .receiveChunk(size: size)
        }
        guard let transaction else { illegalTransition("BDAT without transaction") }
        if let limit = configuration.maximumMessageSize, transaction.bodySize + size > limit {
            let chunk = Chunk(remaining: size, last: last, failure: .messageTooBig, abortsMessage: transaction.chunking)
            state = .receivingChunk(session, nil, chunk)
            return .receiveChunk(size: size)
        }
        var open = transaction
        open.chunking = true
        state = .receivingChunk(session, open, Chunk(remaining: size, last: last))
        return transaction.chunking
            ? .receiveChunk(size: size)
            : .beginMessage(envelope(session, transaction), .chunk(size: size))
    }

    private mutating func startTLS(_ session: Session, _ transaction: Transaction?) -> Action {
        guard configuration.offersSTARTTLS else { return fail(.notImplemented, session, transaction) }
        if session.tlsActive { return fail(.tlsAlreadyActive, session, transaction) }
        if transaction != nil { return fail(.transactionInProgress, session, transaction) }
        state = .startingTLS(session)
        return .startTLS(.readyToStartTLS)
    }

    private mutating func auth(_ mechanism: String, _ initialResponse: String?,
                               _ session: Session, _ transaction: Transaction?) -> Action {
        if configuration.mode == .lmtp || configuration.authentication == .disabled {
            return fail(.authNotEnabled, session, transaction)
        }
        if !session.extended { return fail(.authNeedsEHLO, session, transaction) }
        if session.identity != nil { return fail(.alreadyAuthenticated, session, transaction) }
        if transaction != nil { return fail(.transactionInProgress, session, transaction) }
        if configuration.requiresTLS, !session.tlsActive { return fail(.mustStartTLS, session, nil) }
        if !authenticationUsable(session) { return fail(.encryptionRequired, session, nil) }
        guard configuration.authenticationMechanisms.contains(mechanism) else {
            return fail(.unknownMechanism, session, nil)
        }
        state = .authenticating(session)
        return .startAuthentication(mechanism: mechanism, initialResponse: initialResponse)
    }

    /// Sends a positive reply, leaving the state as it was.
    private mutating func succeed(_ reply: SMTPReply, _ session: Session, _ transaction: Transaction?) -> Action {
        state = transaction.map { .transaction(session, $0) } ?? .command(session)
        return .send(reply)
    }

    /// Sends a refusal, counting it, leaving the transaction as it was.
    private mutating func fail(_ reply: SMTPReply, _ session: Session, _ transaction: Transaction?) -> Action {
        var session = session
        session.errors += 1
        state = transaction.map { .transaction(session, $0) } ?? .command(session)
        return .send(reply)
    }
}
