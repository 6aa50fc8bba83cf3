import NIOCore

extension Connection {
    /// Wraps a child channel of a local (Unix-domain) listener: no TLS and no IP address, but lines,
    /// raw octets and the idle timeout exactly as on a TCP listener. Call it from the child channel
    /// initializer, on the channel's event loop.
    public static func local(_ channel: any Channel, listenerName: String, maximumLineLength: Int,
                             idleTimeout: Duration?) throws -> Connection {
        let pipeline = channel.pipeline.syncOperations
        if let idleTimeout {
            try pipeline.addHandler(IdleStateHandler(readTimeout: TimeAmount(idleTimeout)))
        }
        try pipeline.addHandler(TransportHandler(startTLS: nil))
        return Connection(listenerName: listenerName, remoteAddress: nil, isTLS: false, canStartTLS: false,
                          maximumLineLength: maximumLineLength, channel: try NIOAsyncChannel(wrappingChannelSynchronously: channel))
    }
}
