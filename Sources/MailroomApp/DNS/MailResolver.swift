import DNSClient
import DNSProtocol
import Foundation
import MailroomConfig

/// The stub resolver the rest of mailroom asks (delivery, mail authentication, `mailroom dns lookup`):
/// the `resolver` setting's servers, else `/etc/resolv.conf`'s, as the host's own programs use.
public enum MailResolver {
    /// A resolver for `settings`; `resolvConfPath` is read only when `resolver` is empty.
    public static func make(settings: Settings, resolvConfPath: String = "/etc/resolv.conf") throws(AppError)
        -> StubResolver
    {
        StubResolver(configuration: try configuration(settings: settings, resolvConfPath: resolvConfPath),
                     transport: NIODNSTransport())
    }

    /// Servers, timeout and attempts from `resolver`, or from resolv.conf (glibc's defaults when it is
    /// missing: 127.0.0.1, 5 s, 2 attempts).
    static func configuration(settings: Settings, resolvConfPath: String) throws(AppError) -> StubResolverConfiguration {
        guard settings.resolver.isEmpty else {
            var servers: [DNSServerAddress] = []
            for entry in settings.resolver {
                guard let server = DNSServerAddress(setting: Substring(entry)) else {
                    throw AppError("resolver: \"\(entry)\" is not an IP address with an optional port "
                        + "(a host name would need DNS to find)")
                }
                servers.append(server)
            }
            return StubResolverConfiguration(servers: servers)
        }
        let text = FileManager.default.contents(atPath: resolvConfPath).flatMap { String(data: $0, encoding: .utf8) }
        return StubResolverConfiguration(resolvConf: ResolvConf(text: text ?? ""))
    }
}
