import Core
import Gateway
import Requests

/// Tells an action on a request in the wrong state (409) from a bad value (422).
///
/// The gateway reports both as `invalidArgument`; when an action fails that way, the request is read again and, if
/// its state does not allow the action, the failure becomes `invalid_transition`. The action runs first, so a
/// refusal by role is audited under the action's own name.
struct RequestTransitions {
    /// An action that moves a request.
    enum Action {
        case verify, run, refuse, extend

        /// Whether a request in this state allows the action.
        func isAllowed(for request: SubjectRequest) -> Bool {
            switch self {
            case .verify: request.state == .received
            case .run: request.state == .verified || request.state == .inProgress
            case .refuse: request.state.isOpen
            case .extend: request.state.isOpen && request.extendedDeadline == nil
            }
        }
    }

    let gateway: Gateway

    /// Runs `body`, turning a state conflict into a 409.
    func perform<T>(_ action: Action, _ reference: String, _ principal: Principal,
                    _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as GatewayError where error.code == .invalidArgument {
            if let current = try? await gateway.request(reference, principal: principal),
                !action.isAllowed(for: current) {
                throw APIError.invalidTransition(error.message)
            }
            throw error
        }
    }
}
