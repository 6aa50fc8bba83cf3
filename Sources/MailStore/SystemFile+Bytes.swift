extension SystemFile {
    /// Writes all of `bytes`, with the typed error `withUnsafeBytes` cannot pass through.
    func write(bytes: [UInt8]) throws(MailStoreError) {
        let result: Result<Void, MailStoreError> = bytes.withUnsafeBytes { buffer in
            do throws(MailStoreError) {
                try write(buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }
}
