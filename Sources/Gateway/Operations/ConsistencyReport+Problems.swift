import Audit

extension ConsistencyReport {
    /// What is wrong, one sentence each with up to ten pseudonyms: empty when the data directory is consistent.
    var describedProblems: [String] {
        var problems: [String] = []
        if !unreadableSubjects.isEmpty {
            problems.append("\(unreadableSubjects.count) subjects cannot be read whole: "
                + unreadableSubjects.prefix(10).joined(separator: ", "))
        }
        if !erasedButPresent.isEmpty {
            problems.append("\(erasedButPresent.count) erased subjects still have a row or a key: "
                + erasedButPresent.prefix(10).joined(separator: ", "))
        }
        if !undonePartialErasures.isEmpty {
            problems.append("\(undonePartialErasures.count) partial erasures were undone (a restore?): "
                + undonePartialErasures.prefix(10).joined(separator: ", "))
        }
        if pendingErasures > 0 { problems.append("\(pendingErasures) erasures are still pending") }
        if orphanIndexRows > 0 { problems.append("\(orphanIndexRows) index rows have no subject") }
        if unfinishedImports > 0 { problems.append("\(unfinishedImports) import runs are half recorded") }
        if outboxDuplicates > 0 { problems.append("\(outboxDuplicates) outbox events are stored twice") }
        if !audit.isValid {
            problems.append("audit log broken at entry \(audit.firstBadSeq ?? 0): \(audit.problem ?? "")")
        }
        return problems
    }
}
