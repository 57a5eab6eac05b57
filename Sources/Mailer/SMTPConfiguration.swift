/// Where and how ``SMTPMailer`` delivers: the submission server, its credentials and the sender.
public struct SMTPConfiguration: Sendable {
    /// The submission server's host name (`smtp.example.com`); certificates are checked against it.
    public var host: String
    /// 587 (submission with STARTTLS) by default; 25 for a local relay.
    public var port: Int
    /// The user name for AUTH, or nil to send without authenticating (a relay that trusts the network).
    public var username: String?
    /// The password for AUTH; never logged, never in an error (``description`` hides it).
    public var password: String?
    /// The envelope sender and `From:` address (`privacy@example.com`).
    public var from: String
    /// The display name in `From:` (`Privacy center`), any Unicode.
    public var fromName: String?
    /// Refuse to send when the server does not offer STARTTLS. Credentials are never sent without TLS, whatever
    /// this says, and a server that offers STARTTLS is always upgraded.
    public var requireTLS: Bool
    /// A PEM file of CA certificates to trust instead of the system's (an internal relay, a test server).
    public var trustedCertificatesFile: String?
    /// The name pdgate gives in EHLO.
    public var heloName: String
    /// How long one delivery may take, from connecting to the server's last answer.
    public var timeout: Duration

    public init(
        host: String, port: Int = 587, username: String? = nil, password: String? = nil, from: String,
        fromName: String? = nil, requireTLS: Bool = true, trustedCertificatesFile: String? = nil,
        heloName: String = "localhost", timeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
        self.requireTLS = requireTLS
        self.trustedCertificatesFile = trustedCertificatesFile
        self.heloName = heloName
        self.timeout = timeout
    }
}

extension SMTPConfiguration: CustomStringConvertible {
    /// The server and whether credentials are set; never the password.
    public var description: String {
        "smtp://\(host):\(port) (auth: \(username == nil ? "none" : "***"), requireTLS: \(requireTLS))"
    }
}
