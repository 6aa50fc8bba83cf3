import LocalSubmission
import NIOCore
import SMTPProtocol
import Testing

@Suite("LocalSubmissionMachine")
struct LocalSubmissionMachineTests {
    private func feed(_ machine: inout LocalSubmissionMachine, _ line: String) -> LocalSubmissionMachine.Action {
        machine.receive(line: ByteBuffer(string: line))
    }

    private func closeCode(_ action: LocalSubmissionMachine.Action) -> ReplyCode? {
        if case .close(let reply) = action { return reply.code }
        return nil
    }

    @Test("a submission: the sender and each recipient go to the driver, then the body")
    func transaction() {
        var machine = LocalSubmissionMachine()
        #expect(feed(&machine, "SENDER <alice+tag@example.test>") == .checkSender("alice+tag@example.test"))
        #expect(feed(&machine, "RECIPIENT <root>") == .routeRecipient("root"))
        #expect(feed(&machine, "RECIPIENT <bob@example.test>") == .routeRecipient("bob@example.test"))
        #expect(feed(&machine, "DATA") == .receiveBody)
        machine.bodyReceived()
        #expect(machine.isFinished)
    }

    @Test("without SENDER the driver derives the sender: the envelope starts with a recipient")
    func noSender() {
        var machine = LocalSubmissionMachine()
        #expect(feed(&machine, "RECIPIENT <root>") == .routeRecipient("root"))
        #expect(feed(&machine, "DATA") == .receiveBody)
    }

    @Test("a client that tries a second sender, or a sender after a recipient, is closed with 503")
    func senderTwice() {
        var machine = LocalSubmissionMachine()
        _ = feed(&machine, "SENDER <alice@example.test>")
        #expect(closeCode(feed(&machine, "SENDER <root@example.test>")) == .badSequence)
        #expect(machine.isFinished)

        var late = LocalSubmissionMachine()
        _ = feed(&late, "RECIPIENT <root>")
        #expect(closeCode(feed(&late, "SENDER <root@example.test>")) == .badSequence)
    }

    @Test("DATA without a recipient is 503; nothing is read after a close")
    func dataFirst() {
        var machine = LocalSubmissionMachine()
        #expect(closeCode(feed(&machine, "DATA")) == .badSequence)
        #expect(closeCode(feed(&machine, "RECIPIENT <root>")) == .badSequence)
    }

    @Test("more recipients than the limit is 452 4.5.3")
    func recipientLimit() {
        var machine = LocalSubmissionMachine(recipientLimit: 2)
        _ = feed(&machine, "RECIPIENT <a>")
        _ = feed(&machine, "RECIPIENT <b>")
        guard case .close(let reply) = feed(&machine, "RECIPIENT <c>") else {
            Issue.record("a third recipient was accepted")
            return
        }
        #expect(reply.code == .insufficientStorage && reply.enhancedCode == .tooManyRecipients)
    }

    @Test("an over-long line, a syntax error or QUIT ends the connection")
    func closes() {
        var long = LocalSubmissionMachine()
        #expect(closeCode(long.receiveOverlongLine()) == .syntaxError)
        var bad = LocalSubmissionMachine()
        #expect(closeCode(feed(&bad, "RECIPIENT root")) == .parameterSyntaxError)
        var smtp = LocalSubmissionMachine()
        #expect(closeCode(feed(&smtp, "MAIL FROM:<root@example.test>")) == .syntaxError)
        var quit = LocalSubmissionMachine()
        #expect(closeCode(feed(&quit, "QUIT")) == .closing)
        #expect(quit.isFinished)
    }

    @Test("a refusal by the driver ends the submission")
    func refusal() {
        var machine = LocalSubmissionMachine()
        _ = feed(&machine, "SENDER <root@example.test>")
        machine.refused()
        #expect(machine.isFinished)
        #expect(closeCode(feed(&machine, "RECIPIENT <root>")) == .badSequence)
    }
}
