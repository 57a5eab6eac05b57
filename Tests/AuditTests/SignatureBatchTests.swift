import Foundation
import Testing
@testable import Audit
@testable import Keyring

@Suite("Checkpoint signatures checked in batches")
struct SignatureBatchTests {
    @Test("Across batches and cores, the earliest bad signature is the one reported")
    func earliestFailure() throws {
        let signer = Signer(seed: SymmetricKey.random(count: 1)[0])
        var batch = SignatureBatch(publicKey: signer.publicKey)
        let count = SignatureBatch.size + 1_500
        for seq in 1...Int64(count) {
            let message = Array("checkpoint \(seq)".utf8)
            var signature = signer.sign(message)
            if seq == 9_000 || seq == 2_000 { signature[0] ^= 1 }
            batch.add(seq: seq, message: message, signature: signature)
        }
        #expect(batch.firstInvalid == 2_000, "the first batch's failure, found before the batch was full")
        batch.check()
        #expect(batch.firstInvalid == 2_000)

        var clean = SignatureBatch(publicKey: signer.publicKey)
        for seq in 1...Int64(100) {
            let message = Array("checkpoint \(seq)".utf8)
            clean.add(seq: seq, message: message, signature: signer.sign(message))
        }
        clean.check()
        #expect(clean.firstInvalid == nil)
    }
}
