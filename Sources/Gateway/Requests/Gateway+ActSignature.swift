public import Core
public import Foundation
import Keyring
import Audit

/// The detached signature of a destruction act: each file of the act signed with Ed25519 by the gateway's audit
/// key (the key that signs the audit log's checkpoints), so the act's integrity is provable for its three years.
extension Gateway {
    /// The first line of a signature file.
    static let actSignatureHeader = "pdgate destruction act signature v1"

    /// The text of an act's `.sig` file: the algorithm, the public key, and one line per file with its detached
    /// signature over the file's bytes (base64).
    ///
    /// ```
    /// pdgate destruction act signature v1
    /// algorithm: Ed25519, detached, over each file's bytes
    /// public_key: <base64>
    /// ACT-2026-000007.json: <base64 signature>
    /// ```
    func actSignature(of files: [(name: String, data: Data)]) -> String {
        let signer = keyring.signer
        var lines = [
            Self.actSignatureHeader, "algorithm: Ed25519, detached, over each file's bytes",
            "public_key: \(Data(signer.publicKey).base64EncodedString())",
        ]
        for file in files {
            lines.append("\(file.name): \(Data(signer.sign(Array(file.data))).base64EncodedString())")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Checks the act with this number (`ACT-2026-000007`) against its signature: the files that fail
    /// (``verifyActSignature(at:)``); empty when the act is intact.
    ///
    /// - Throws: ``GatewayError`` `refused` unless the role may `erase` or `audit`, `invalidArgument` for a number
    ///   of another form, `notFound` for an act that is not (or no longer) kept or has no signature file.
    public func verifyAct(_ number: String, principal: Principal) async throws -> [String] {
        if !authorizer.allows(.erase, principal) && !authorizer.allows(.audit, principal) {
            try await refuse(principal, auditAction: .actVerify, reason:
                "role \(principal.role) may not read destruction acts")
        }
        guard number.range(of: #"^ACT-[0-9]{4}-[0-9]{6}$"#, options: .regularExpression) != nil else {
            throw GatewayError(.invalidArgument, "an act number reads ACT-YYYY-NNNNNN")
        }
        let base = actsDirectory.appendingPathComponent(number)
        guard FileManager.default.fileExists(atPath: base.appendingPathExtension("json").path) else {
            throw GatewayError(.notFound, "no act \(number) is kept")
        }
        let failed = try verifyActSignature(at: base)
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: .actVerify, detail: "\(number) failed=\(failed.count)"))
        return failed
    }

    /// One file of a kept act (`html`, `md`, `json`), for a caller that has verified it with ``verifyAct(_:principal:)``.
    ///
    /// - Throws: ``GatewayError`` `invalidArgument` for a malformed number or an unknown form.
    public func actFile(_ number: String, extension form: String) throws -> URL {
        guard number.range(of: #"^ACT-[0-9]{4}-[0-9]{6}$"#, options: .regularExpression) != nil,
              ["html", "md", "json"].contains(form) else {
            throw GatewayError(.invalidArgument, "an act number reads ACT-YYYY-NNNNNN; its forms are html, md and json")
        }
        return actsDirectory.appendingPathComponent(number).appendingPathExtension(form)
    }

    /// Checks an act's files against its `.sig` file and the gateway's audit key: the names of the files whose
    /// signature does not verify (a changed file), or that the signature file lists but are missing.
    ///
    /// - Parameter base: The act's path without extension (`acts/ACT-2026-000007`).
    /// - Throws: ``GatewayError`` `notFound` without a signature file, `invalidArgument` for one of another form or
    ///   signed by another key.
    public func verifyActSignature(at base: URL) throws -> [String] {
        let sig = base.appendingPathExtension("sig")
        guard let text = try? String(contentsOf: sig, encoding: .utf8) else {
            throw GatewayError(.notFound, "no signature file \(sig.lastPathComponent)")
        }
        var lines = text.split(separator: "\n").map(String.init)
        guard lines.first == Self.actSignatureHeader, lines.count >= 3 else {
            throw GatewayError(.invalidArgument, "\(sig.lastPathComponent) is not a pdgate act signature")
        }
        let publicKey = keyring.signer.publicKey
        guard lines[2] == "public_key: \(Data(publicKey).base64EncodedString())" else {
            throw GatewayError(.invalidArgument, "\(sig.lastPathComponent) is signed by another key")
        }
        lines.removeFirst(3)
        var bad: [String] = []
        for line in lines {
            guard let colon = line.range(of: ": ") else { continue }
            let name = String(line[..<colon.lowerBound])
            let file = base.deletingLastPathComponent().appendingPathComponent(name)
            guard let signature = Data(base64Encoded: String(line[colon.upperBound...])),
                let data = try? Data(contentsOf: file),
                Signer.verify(signature: Array(signature), message: Array(data), publicKey: publicKey)
            else {
                bad.append(name)
                continue
            }
        }
        return bad
    }
}
