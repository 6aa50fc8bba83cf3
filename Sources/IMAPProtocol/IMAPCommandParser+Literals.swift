import NIOCore

// MARK: - Literal announcements and APPEND (RFC 9051 §4.3, §6.3.12; RFC 7888; RFC 3502; RFC 3516)

extension IMAPCommandParser {
    /// A command line ended in `{n}`, `{n+}` or `~{n}`: the literal is checked (the command's tag and verb,
    /// and for APPEND whether it is the message) and accepted or refused before any of its octets is read.
    mutating func literalAnnounced(_ literal: TrailingLiteral) {
        let prefix: (tag: String, verb: String)
        switch CommandGrammar.prefix(command) {
        case .failure(let error):
            refuse(error, literal)
            return
        case .success(let found):
            prefix = found
        }
        if prefix.verb == "APPEND" {
            do {
                let (mailbox, line) = try GrammarCursor.appendStart(command, literalStart: literal.start)
                if case .message(let flags, let date) = line {
                    beginMessage(tag: prefix.tag, mailbox: mailbox, flags: flags, date: date, literal)
                    return
                }
            } catch {
                refuse(IMAPCommandError(grammar: error, tag: prefix.tag), literal)
                return
            }
        }
        acceptStringLiteral(tag: prefix.tag, literal)
    }

    /// A literal that is a string argument: held in the command, within ``IMAPLimits/literalSize``.
    private mutating func acceptStringLiteral(tag: String, _ literal: TrailingLiteral) {
        guard !literal.binary else {
            refuse(IMAPCommandError(.syntax, tag: tag, text: "A literal8 is only allowed for APPEND data"), literal)
            return
        }
        let refusal = IMAPCommandError(.literalTooBig, tag: tag, text: "Literal too big")
        guard let size = admit(literal, limit: limits.literalSize - literalLength, refusal) else { return }
        literalLength += size
        requestContinuation(tag: tag, size: size, isMessage: false, literal)
        state = .literal(remaining: size)
    }

    /// An APPEND message literal: within ``IMAPLimits/messageSize``, streamed. `mailbox` is given for the
    /// command's first message, which starts the APPEND.
    private mutating func beginMessage(tag: String, mailbox: MailboxName?, flags: [Flag], date: IMAPDateTime?,
                                       _ literal: TrailingLiteral) {
        let refusal = IMAPCommandError(.messageTooBig, tag: tag, text: "Message too big")
        guard let size = admit(literal, limit: limits.messageSize, refusal) else { return }
        if let mailbox { pending.append(.append(.start(tag: tag, mailbox: mailbox))) }
        pending.append(.append(.beginMessage(AppendMessage(flags: flags, internalDate: date, size: size,
                                                           isBinary: literal.binary))))
        resetCommand()
        requestContinuation(tag: tag, size: size, isMessage: true, literal)
        state = .message(remaining: size, tag: tag)
    }

    /// The literal's size when it is within `limit` and, for `{n+}`, the LITERAL- ceiling; otherwise the
    /// command is refused (with `refusal`, or BAD [TOOBIG] over the ceiling) and nil returned.
    private mutating func admit(_ literal: TrailingLiteral, limit: Int, _ refusal: IMAPCommandError) -> Int? {
        guard let size = literal.size, size <= limit else {
            refuse(refusal, literal)
            return nil
        }
        if literal.nonSynchronizing, let ceiling = limits.nonSynchronizingLiteralSize, size > ceiling {
            refuse(IMAPCommandError(.nonSynchronizingLiteralTooBig, tag: refusal.tag,
                                    text: "Non-synchronizing literal too big"), literal)
            return nil
        }
        return size
    }

    /// A synchronizing literal waits for `+`: the session is asked for it.
    private mutating func requestContinuation(tag: String, size: Int, isMessage: Bool, _ literal: TrailingLiteral) {
        guard !literal.nonSynchronizing else { return }
        pending.append(.continuationRequest(LiteralAnnouncement(tag: tag, size: size, isMessage: isMessage)))
        awaitingLiteral = true
    }

    /// The line after an APPEND message: its end, or the next message (MULTIAPPEND, RFC 3502 §6).
    mutating func appendLineEnded(tag: String) {
        let literal = TrailingLiteral.find(in: command[...])
        do {
            switch try GrammarCursor.appendContinuation(command, literalStart: literal?.start) {
            case nil:
                pending.append(.append(.finish))
                resetCommand()
                state = .line
            case .message(let flags, let date)?:
                if let literal { beginMessage(tag: tag, mailbox: nil, flags: flags, date: date, literal) }
            case .stringArgument?:
                break
            }
        } catch {
            let refusal = IMAPCommandError(grammar: error, tag: tag)
            if let literal {
                refuse(refusal, literal)
            } else {
                pending.append(.error(refusal))
                resetCommand()
                state = .line
            }
        }
    }

    /// Refuses the command whose line ended in `literal`. A synchronizing literal was never invited, so
    /// the next line is a new command. A non-synchronizing one is on its way: its octets are discarded,
    /// then the rest of the command, unless it is too big to discard, when the connection closes.
    mutating func refuse(_ error: IMAPCommandError, _ literal: TrailingLiteral) {
        resetCommand()
        mode = .commands
        guard literal.nonSynchronizing else {
            pending.append(.error(error))
            state = .line
            return
        }
        guard let size = literal.size, size <= limits.discardableLiteralSize else {
            pending.append(.error(IMAPCommandError(.literalTooBigToDiscard, tag: error.tag, text: error.text)))
            close()
            return
        }
        pending.append(.error(error))
        state = .skipping(discard: size, tail: [], truncated: false)
    }
}
