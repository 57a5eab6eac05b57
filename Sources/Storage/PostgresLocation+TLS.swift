import Foundation
import NIOSSL
import PostgresNIO

extension PostgresLocation {
    /// postgres-nio's TLS setting for one connection, for ``tls`` and ``rootCertificate``.
    ///
    /// - Throws: ``StorageError`` `invalidLocation` when `sslrootcert` cannot be read as PEM certificates.
    func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        guard let configuration = try tlsConfiguration() else { return .disable }
        do {
            return .require(try NIOSSLContext(configuration: configuration))
        } catch {
            throw StorageError(.invalidLocation, "cannot set up TLS to PostgreSQL (sslmode=\(tls.rawValue))")
        }
    }

    /// postgres-nio's TLS setting for a `PostgresClient`'s connections: the same as ``connectionTLS()``.
    func clientTLS() throws -> PostgresClient.Configuration.TLS {
        guard let configuration = try tlsConfiguration() else { return .disable }
        return .require(configuration)
    }

    /// The TLS configuration ``tls`` and ``rootCertificate`` ask for, or nil for `sslmode=disable`.
    private func tlsConfiguration() throws -> TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable: return nil
        case .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificate, tls != .require {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(rootCertificate))
            } catch {
                throw StorageError(.invalidLocation, "sslrootcert \(rootCertificate) cannot be read as PEM "
                    + "certificates; give the CA certificate file of the database service")
            }
        }
        return configuration
    }

    /// A person-readable reason for a TLS failure of a connection, or nil when the failure is not about TLS.
    static func tlsProblem(_ error: any Error, location: PostgresLocation) -> String? {
        let underlying = (error as? PSQLError)?.underlying ?? error
        if let psql = error as? PSQLError, psql.code == .sslUnsupported {
            return "the server does not offer TLS (sslmode=\(location.tls.rawValue)); enable ssl on the server "
                + "or use sslmode=disable on a trusted network"
        }
        if let extra = underlying as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate does not name \(location.host) (sslmode=verify-full); connect by the "
                + "name on the certificate"
        }
        if let ssl = underlying as? NIOSSLError {
            switch ssl {
            case .handshakeFailed, .unableToValidateCertificate:
                return "the server's certificate is not trusted (sslmode=\(location.tls.rawValue)); give the service's "
                    + "CA certificate as sslrootcert"
            default:
                return "TLS to the server failed (\(ssl))"
            }
        }
        return nil
    }
}
