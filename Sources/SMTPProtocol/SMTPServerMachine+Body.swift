import NIOCore

// MARK: - Body events (RFC 5321 §4.1.1.4 DATA, RFC 3030 §2 BDAT)

extension SMTPServerMachine {
    /// Body bytes: from the ``DataStreamDecoder`` (already unstuffed) after DATA, or raw after BDAT.
    public mutating func dataChunk(_ bytes: ByteBuffer) -> Action {
        switch state {
        case .receivingData(let session, var transaction):
            let action = count(bytes, in: &transaction)
            state = .receivingData(session, transaction)
            return action
        case .receivingChunk(let session, var transaction, var chunk):
            guard bytes.readableBytes <= chunk.remaining else { illegalTransition("dataChunk beyond the BDAT size") }
            chunk.remaining -= bytes.readableBytes
            defer { state = .receivingChunk(session, transaction, chunk) }
            guard chunk.failure == nil, var open = transaction else { return .nothing }
            let action = count(bytes, in: &open)
            transaction = open
            return action
        default:
            illegalTransition("dataChunk")
        }
    }

    /// The DATA terminator was read, or the whole BDAT chunk.
    public mutating func dataEnded() -> Action {
        switch state {
        case .receivingData(let session, let transaction):
            return finishBody(session, transaction)
        case .receivingChunk(var session, let transaction, let chunk):
            guard chunk.remaining == 0 else { illegalTransition("dataEnded before the BDAT size was read") }
            if let failure = chunk.failure {
                session.errors += 1
                state = .command(session)
                return chunk.abortsMessage ? .abortMessage([failure], close: false) : .send(failure)
            }
            guard let transaction else { illegalTransition("BDAT chunk without transaction or failure") }
            if chunk.last { return finishBody(session, transaction) }
            if transaction.tooBig {
                session.errors += 1
                state = .command(session)
                return .abortMessage([.messageTooBig], close: false)
            }
            state = .transaction(session, transaction)
            return .send(.chunkReceived(transaction.bodySize))
        default:
            illegalTransition("dataEnded")
        }
    }

    /// The ``DataStreamDecoder`` reached the terminator with ``DataStreamDecoder/End/tooBig`` set.
    public mutating func messageTooBig() -> Action {
        guard case .receivingData(let session, var transaction) = state else { illegalTransition("messageTooBig") }
        transaction.tooBig = true
        return finishBody(session, transaction)
    }

    /// The delivery was committed (or not).
    public mutating func commitFinished(_ outcome: CommitOutcome) -> Action {
        guard case .committing(let session, let transaction) = state else { illegalTransition("commitFinished") }
        state = .command(session)
        guard configuration.mode == .lmtp else {
            switch outcome {
            case .queued(let id): return .send(.queued(id))
            case .failed(let reply): return .send(reply)
            case .perRecipient: illegalTransition("commitFinished(.perRecipient) outside LMTP")
            }
        }
        switch outcome {
        case .queued(let id):
            return .sendReplies(transaction.recipients.map {
                SMTPReply(.ok, .success, "\($0.path) Ok: queued as \(id)")
            })
        case .failed(let reply):
            return .sendReplies(Array(repeating: reply, count: transaction.recipients.count))
        case .perRecipient(let replies):
            guard replies.count == transaction.recipients.count else {
                illegalTransition("commitFinished with \(replies.count) replies for \(transaction.recipients.count) recipients")
            }
            return .sendReplies(replies)
        }
    }

    private mutating func count(_ bytes: ByteBuffer, in transaction: inout Transaction) -> Action {
        transaction.bodySize += bytes.readableBytes
        if let limit = configuration.maximumMessageSize, transaction.bodySize > limit { transaction.tooBig = true }
        transaction.hops.scan(bytes)
        return transaction.tooBig || bytes.readableBytes == 0 ? .nothing : .appendBody(bytes)
    }

    private mutating func finishBody(_ session: Session, _ transaction: Transaction) -> Action {
        guard !transaction.tooBig else { return refuseBody(.messageTooBig, session, transaction) }
        // RFC 5321 §6.3: a message that has passed this many servers is looping. Postfix counts the
        // Received field it adds itself, and refuses at the limit: so here, one more than those read.
        if transaction.hops.count + 1 >= configuration.hopCountLimit {
            return refuseBody(.tooManyHops, session, transaction)
        }
        state = .committing(session, transaction)
        return .commitMessage
    }

    /// Refuses a message whose body was read whole: one reply, or in LMTP one per accepted
    /// recipient, which is what the client waits for after the body (RFC 2033 §4.2).
    private mutating func refuseBody(_ reply: SMTPReply, _ session: Session, _ transaction: Transaction) -> Action {
        var session = session
        session.errors += 1
        state = .command(session)
        let count = configuration.mode == .lmtp ? transaction.recipients.count : 1
        return .abortMessage(Array(repeating: reply, count: count), close: false)
    }
}
