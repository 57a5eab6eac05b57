public import Foundation
public import Mailer

/// How the privacy center (`/privacy`) checks people and protects itself.
///
/// Without a ``mailer`` the center still serves its pages but says that e-mail verification is not configured and
/// sends nothing (it never pretends a code went out). Limits are per client address and per e-mail or phone (kept
/// as a keyed hash, never the address itself).
public struct PrivacyCenterConfiguration: Sendable {
    /// Sends verification codes and double opt-in links; nil when no SMTP server is configured.
    public var mailer: (any Mailer)?
    /// Sends the codes of people who have only a phone on file, by SMS; nil: such people get no code (the page
    /// looks the same, so nobody learns who is a customer).
    public var texter: (any TextMessenger)?
    /// The address people reach the server at (`https://privacy.example.com`), for links in e-mails and the
    /// embeddable form; never taken from a request's Host header.
    public var publicBaseURL: String
    /// The jurisdiction whose deadlines apply to requests filed here (`RU` or `EU`, jurisdictions.yaml).
    public var jurisdiction: String
    /// How long a code works, in seconds.
    public var codeLifetime: TimeInterval
    /// Wrong codes allowed before the code is void.
    public var codeAttempts: Int
    /// Codes one e-mail or phone may ask for within ``limitWindow``.
    public var codesPerAddress: Int
    /// Codes and sign-ups one client address may ask for within ``limitWindow``.
    public var requestsPerClient: Int
    /// Wrong codes one client address may enter within ``limitWindow`` (across codes).
    public var wrongCodesPerClient: Int
    /// The window of the limits above, in seconds.
    public var limitWindow: TimeInterval
    /// How long a verified person stays signed in, in seconds.
    public var sessionLifetime: TimeInterval
    /// How long a download link works (once), in seconds.
    public var linkLifetime: TimeInterval
    /// How long a double opt-in confirmation link works, in seconds.
    public var signupLifetime: TimeInterval

    /// A configuration with the defaults `pdgate serve` uses.
    public init(
        mailer: (any Mailer)? = nil, publicBaseURL: String = "http://127.0.0.1:8080", jurisdiction: String = "RU",
        codeLifetime: TimeInterval = 600, codeAttempts: Int = 5, codesPerAddress: Int = 3, requestsPerClient: Int = 20,
        wrongCodesPerClient: Int = 20, limitWindow: TimeInterval = 900, sessionLifetime: TimeInterval = 1800,
        linkLifetime: TimeInterval = 900, signupLifetime: TimeInterval = 7 * 86_400,
        texter: (any TextMessenger)? = nil
    ) {
        self.mailer = mailer
        self.texter = texter
        self.publicBaseURL = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
        self.jurisdiction = jurisdiction
        self.codeLifetime = codeLifetime
        self.codeAttempts = codeAttempts
        self.codesPerAddress = codesPerAddress
        self.requestsPerClient = requestsPerClient
        self.wrongCodesPerClient = wrongCodesPerClient
        self.limitWindow = limitWindow
        self.sessionLifetime = sessionLifetime
        self.linkLifetime = linkLifetime
        self.signupLifetime = signupLifetime
    }
}
