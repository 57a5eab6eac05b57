public import Foundation

/// One value bound to, or read from, a SQL statement: the few storage classes both backends share.
///
/// Booleans are stored as integers 0 and 1 on both backends, so the same statements run on either.
public enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that converts to and from a ``SQLValue``.
public protocol SQLValueConvertible {
    /// The value to bind.
    var sqlValue: SQLValue { get }
    /// The Swift value of a stored value, or nil when the stored value has another type.
    init?(sqlValue: SQLValue)
}

extension Int64: SQLValueConvertible {
    @inlinable public var sqlValue: SQLValue { .integer(self) }
    @inlinable public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .integer(let value): self = value
        case .real(let value): self.init(exactly: value)
        default: return nil
        }
    }
}

extension Int: SQLValueConvertible {
    @inlinable public var sqlValue: SQLValue { .integer(Int64(self)) }
    @inlinable public init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue) else { return nil }
        self.init(value)
    }
}

extension Bool: SQLValueConvertible {
    @inlinable public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    @inlinable public init?(sqlValue: SQLValue) {
        guard let value = Int64(sqlValue: sqlValue) else { return nil }
        self = value != 0
    }
}

extension Double: SQLValueConvertible {
    @inlinable public var sqlValue: SQLValue { .real(self) }
    @inlinable public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let value): self = value
        case .integer(let value): self = Double(value)
        default: return nil
        }
    }
}

extension String: SQLValueConvertible {
    @inlinable public var sqlValue: SQLValue { .text(self) }
    @inlinable public init?(sqlValue: SQLValue) {
        guard case .text(let value) = sqlValue else { return nil }
        self = value
    }
}

extension Data: SQLValueConvertible {
    @inlinable public var sqlValue: SQLValue { .blob(self) }
    @inlinable public init?(sqlValue: SQLValue) {
        guard case .blob(let value) = sqlValue else { return nil }
        self = value
    }
}

extension Array: SQLValueConvertible where Element == UInt8 {
    @inlinable public var sqlValue: SQLValue { .blob(Data(self)) }
    @inlinable public init?(sqlValue: SQLValue) {
        guard case .blob(let value) = sqlValue else { return nil }
        self = Array(value)
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    @inlinable public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    @inlinable public init?(sqlValue: SQLValue) {
        if case .null = sqlValue {
            self = .none
        } else if let value = Wrapped(sqlValue: sqlValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}
