public import Core
public import Foundation
import Keyring
import Vault
import Audit
import Policy

extension Gateway {
    /// Keeps a web-form sign-up until the person confirms it from the e-mail (double opt-in).
    ///
    /// The values are checked and normalised now (so a bad form fails at once, naming the field), then sealed with
    /// a fresh random key that only the returned token carries: the vault keeps the ciphertext and a digest of the
    /// key, so nobody (the operator included) can read a sign-up before its owner follows the link. Nothing about the
    /// person is created yet, and the suppression list is not consulted until confirmation, so the answer to the
    /// form never tells whether the address is known.
    /// - Parameters:
    ///   - form: The submitted fields, ticked consents with the document versions shown, and the source.
    ///   - lifetime: How long the link works, in seconds.
    /// - Returns: The confirmation token (base64url, for the link) and the normalised e-mail to send it to.
    /// - Throws: ``GatewayError`` `invalidArgument` (a field, purpose or value that is not acceptable, no e-mail, an
    ///   outdated consent document), `refused` when the role may not write the fields or record consent.
    public func holdSignup(_ form: SignupForm, lifetime: TimeInterval, principal: Principal) async throws
        -> (token: String, email: String)
    {
        let role = try await role(of: principal, auditAction: .signupHold)
        let definitions = try await writableFields(form.fields.keys, role: role, principal: principal,
                                                   auditAction: .signupHold)
        if !form.consents.isEmpty && !role.allows(.consent) {
            try await refuse(principal, auditAction: .signupHold, reason: "role \(principal.role) may not record consent")
        }
        try Self.checkCapture(ConsentCapture(channel: "web_form", source: form.source))
        let values = try normalisedValues(form.fields, definitions: definitions)
        guard let email = values.first(where: { $0.0.normalizer == .email })?.1 else {
            throw GatewayError(.invalidArgument, "a sign-up needs an e-mail address (the confirmation goes there)")
        }
        guard values.contains(where: { $0.0.normalizer == .name }) else {
            throw GatewayError(.invalidArgument, "a person needs a name (full_name)")
        }
        for (purpose, version) in form.consents.sorted(by: { $0.key < $1.key }) {
            let current = try consentDocument(for: purpose).notice.version
            guard current == version else {
                throw GatewayError(.invalidArgument, "the consent document of \(purpose) is now version \(current); "
                    + "reload the form")
            }
        }
        var normalised = form
        normalised.fields = Dictionary(uniqueKeysWithValues: values.map { ($0.0.name, $0.1) })
        let held = HeldSignup(form: normalised, submittedAt: nowSeconds)
        let key = SecretStream.makeKey()
        let sealed = try SecretStream.seal(Array(try JSONEncoder().encode(held)), key: key)
        let digest = Self.signupDigest(key)
        let now = nowSeconds
        let expires = now + Int64(lifetime)
        try await audited(by: principal, at: now) { tx, log in
            try tx.deleteExpiredSignups(now: now)
            try tx.holdSignup(digest: digest, sealed: sealed, at: now, expiresAt: expires)
            try log.record(.signupHold,
                fields: values.map(\.0.name),
                detail: "consents=\(form.consents.keys.sorted().joined(separator: ","))")
        }
        return (Self.base64URL(key), email)
    }

    /// Records the person of a held sign-up once they follow the confirmation link: their consent is now proven
    /// (double opt-in), with the link's confirmation as evidence and the form's source (UTM tags) as its source.
    ///
    /// The link works once. Someone erased at their request or who objected comes back only when the sign-up
    /// carries a new consent (which lifts the suppression, audited); otherwise nothing is recorded. A consent whose
    /// document changed since the form was shown is left out (the person did not see the current one).
    ///
    /// Following the link proves control of the e-mail it went to, and nothing more: the sign-up joins only the
    /// person with that e-mail on file, never someone found by phone and name, and changes none of their values
    /// (``MergeAuthority/publicCall(provenEmail:jurisdiction:)``); values that differ from the record are filed as
    /// rectification requests under `jurisdiction` for the officer to decide.
    public func confirmSignup(token: String, jurisdiction: String = "RU", principal: Principal) async throws
        -> SignupOutcome
    {
        guard let key = Self.bytes(base64URL: token), key.count == 32 else { return .expired }
        let now = nowSeconds
        let digest = Self.signupDigest(key)
        guard let sealed = try await vault.write({ tx in try tx.takeSignup(digest: digest, now: now) }),
            let plain = try? SecretStream.open(sealed, key: key),
            let held = try? JSONDecoder().decode(HeldSignup.self, from: Data(plain))
        else { return .expired }
        var confirmed: [String] = []
        var outdated: [String] = []
        for (purpose, version) in held.form.consents.sorted(by: { $0.key < $1.key }) {
            if (try? consentDocument(for: purpose).notice.version) == version {
                confirmed.append(purpose)
            } else {
                outdated.append(purpose)
            }
        }
        let emailFieldName = policies.fields.fieldName(for: .email) ?? "email"
        let evidence = "double opt-in: e-mail link followed \(Self.iso(now)), form sent \(Self.iso(held.submittedAt))"
        do {
            let created = try await createSubject(
                fields: held.form.fields, consents: confirmed,
                capture: ConsentCapture(channel: "web_form", source: held.form.source, evidence: evidence),
                principal: principal,
                authority: .publicCall(provenEmail: held.form.fields[emailFieldName] ?? "", jurisdiction: jurisdiction))
            return .recorded(created, outdatedConsents: outdated)
        } catch let error as GatewayError where error.code == .suppressed {
            try await record(AuditEntry(at: now, by: principal,
                                        action: .signupConfirm, outcome: .refused,
                                        detail: "suppressed address, no new consent"))
            return .suppressed
        }
    }

    /// Sign-ups waiting for their confirmation (a count, for operations).
    public func pendingSignups() async throws -> Int {
        try await vault.read { tx in try tx.pendingSignupCount() }
    }

    /// What the vault keeps, sealed, for a sign-up.
    private struct HeldSignup: Codable {
        var form: SignupForm
        var submittedAt: Int64
    }

    private static func signupDigest(_ key: [UInt8]) -> [UInt8] {
        Sodium.sha256(Array("pdgate sign-up".utf8) + key)
    }

    static func bytes(base64URL text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
