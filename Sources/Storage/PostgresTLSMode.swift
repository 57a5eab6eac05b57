/// How a connection to PostgreSQL is protected, as libpq's `sslmode` names it.
///
/// `verify-full` is what managed PostgreSQL services expect and the default for any host that is not this machine:
/// the server must present a certificate signed by the trusted CA (`sslrootcert`, else the system's roots) that
/// names the host connected to. Loopback and Unix-socket connections default to `disable`, as nothing crosses a
/// network.
public enum PostgresTLSMode: String, Sendable, Equatable, CaseIterable {
    /// Plain TCP.
    case disable
    /// Encrypted, the certificate not checked (protects against listening, not against a server in the middle).
    case require
    /// Encrypted, the certificate signed by a trusted CA; the host name not checked.
    case verifyCA = "verify-ca"
    /// Encrypted, the certificate signed by a trusted CA and naming the host.
    case verifyFull = "verify-full"

    /// The default for a host: `disable` on this machine (loopback or a socket), `verify-full` elsewhere.
    public static func defaultMode(host: String, socket: Bool) -> PostgresTLSMode {
        if socket { return .disable }
        let loopback = host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
        return loopback ? .disable : .verifyFull
    }
}
