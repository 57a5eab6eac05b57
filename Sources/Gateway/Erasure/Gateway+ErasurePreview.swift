public import Core
public import Foundation
import Audit
import Keyring
import Vault

extension Gateway {
    /// What erasing a person would do, shown before the officer confirms: the fields destroyed, the fields a legal
    /// hold keeps (blocked) and when the hold ends.
    public struct ErasurePreview: Sendable, Equatable {
        /// Fields destroyed with the person's key.
        public var destroyed: [String]
        /// Fields kept, re-sealed under a new key and blocked, until ``holdEnds``; empty for a full erasure.
        public var held: [String]
        /// When the held fields are destroyed by the purge.
        public var holdEnds: Date?
    }

    /// The plan ``erase(_:reason:principal:)`` would carry out now, from the same rule (`ErasurePlan`, the legal
    /// hold of `retention.yaml`); nothing is changed or destroyed.
    ///
    /// - Throws: ``GatewayError`` `refused` for a role without `erase`, `notFound` for a person not on file.
    public func erasurePreview(of subject: SubjectID, principal: Principal) async throws -> ErasurePreview {
        try await require(.erase, principal, auditAction: .subjectErasePreview, subject: subject.rawValue)
        guard let stored = try await vault.read({ tx in try tx.subject(subject) }) else {
            throw GatewayError(.notFound, "no subject \(subject) (never existed or already erased)")
        }
        let plan = ErasurePlan(stored, hold: try await legalHold(for: stored), now: now)
        return ErasurePreview(destroyed: plan.destroyed, held: plan.held, holdEnds: plan.holdEnds)
    }
}
