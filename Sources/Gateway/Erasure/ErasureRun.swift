import Core
import Keyring

/// What one run of the erasure path did: the subjects it erased (not those another call erased first) and its act.
struct ErasureRun: Sendable {
    var erased: [SubjectID] = []
    var act: (number: String, file: String)?
}
