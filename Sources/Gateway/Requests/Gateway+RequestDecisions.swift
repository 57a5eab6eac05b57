public import Core
import Foundation
import Audit
public import Requests
import Policy

/// The officer's decisions on a request: identity verified, refused with a reason, or extended once in time.
extension Gateway {
    /// Records that the person's identity was checked, and how.
    public func verifyRequest(_ reference: String, method: String, principal: Principal) async throws -> SubjectRequest {
        try await transition(reference, principal: principal, action: .requestVerify) { request, now in
            try Self.move(&request, to: .verified)
            request.verifiedAt = now
            request.verification = method
        }
    }

    /// Refuses a request with a reason the person can read, and writes the reasoned refusal letter
    /// (``letterFile(for:kind:)``) with their rights and the authority to complain to.
    public func refuseRequest(_ reference: String, reason: String, principal: Principal) async throws -> SubjectRequest {
        let refused = try await transition(reference, principal: principal, action: .requestRefuse) { request, now in
            try Self.move(&request, to: .refused)
            request.refusalReason = reason
            request.completedAt = now
        }
        try writeLetter(.refusal, for: refused)
        await notifyRequester(.refusal, about: refused, values: ["reason": reason], principal: principal)
        return refused
    }

    /// Extends the deadline once, by the extension the jurisdiction allows, recording the reason given.
    ///
    /// The law allows it only by a reasoned notice sent before the deadline ends (152-FZ art. 14 p. 3, art. 20;
    /// GDPR art. 12(3)): once the deadline has passed the request is overdue and can no longer be extended. The
    /// extension letter (``letterFile(for:kind:)``) gives the reason, the new deadline and the person's rights.
    public func extendRequest(_ reference: String, reason: String, principal: Principal) async throws -> SubjectRequest {
        let policies = self.policies
        let extended = try await transition(reference, principal: principal, action: .requestExtend) { request, now in
            guard request.state.isOpen else {
                throw GatewayError(.invalidArgument, "\(reference) is \(request.state.rawValue); only open requests extend")
            }
            guard request.extendedDeadline == nil else {
                throw GatewayError(.invalidArgument, "\(reference) was already extended; the law allows it once")
            }
            guard now <= request.deadline else {
                throw GatewayError(.invalidArgument,
                    "\(reference)'s deadline passed on \(Self.day(request.deadline)); an extension must be notified "
                        + "before the deadline ends, so answer the request now")
            }
            guard let regime = policies.jurisdiction(code: request.jurisdiction),
                regime.rule(for: request.kind)?.extensionPeriod != nil
            else {
                throw GatewayError(.invalidArgument,
                    "\(request.kind.rawValue) requests in \(request.jurisdiction) cannot be extended")
            }
            do throws(PolicyError) {
                let extended = try regime.countedDeadline(for: request.kind, receivedAt: request.receivedAt,
                                                          extended: true)
                request.extendedDeadline = extended.date
                Self.record(extended, in: &request)
            } catch {
                throw GatewayError(.policy, "cannot compute the extended deadline: \(error.message)")
            }
            request.extensionReason = reason
        }
        try writeLetter(.extensionNotice, for: extended)
        await notifyRequester(.extensionNotice, about: extended, values: ["reason": reason], principal: principal)
        return extended
    }
}
