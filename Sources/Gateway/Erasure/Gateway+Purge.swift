public import Core
public import Foundation
import Keyring
import Vault
import Audit
import Policy

extension Gateway {
    /// Applies `retention.yaml`: finds everyone whose retention period has ended and erases them (or, in a dry
    /// run, lists them with the rule and date). Idempotent and safe to re-run after a crash: each person is
    /// erased on their own, and interrupted erasures are finished at start.
    ///
    /// - Parameters:
    ///   - dryRun: Only report.
    ///   - asOf: The date to judge by (default now). Only a dry run may look ahead: a run that erases with a date
    ///     later than now is refused (`invalidArgument`).
    ///   - pageSize: People read and judged at a time.
    ///   - batchSize: People erased together, with one destruction act per batch.
    ///
    /// A run (not a dry run) goes ahead only where no other gateway instance is purging the same vault right now;
    /// otherwise it returns at once with ``PurgeReport/runningElsewhere`` set.
    public func purge(dryRun: Bool, asOf: Date? = nil, principal: Principal, pageSize: Int = Gateway.purgeScanPage,
                      batchSize: Int = Gateway.purgeBatch) async throws -> PurgeReport {
        precondition(pageSize > 0 && batchSize > 0, "purge page and batch sizes are positive")
        if !dryRun, let asOf, asOf > now {
            // Destroying data on a date that has not come would erase people whose retention has not ended.
            throw GatewayError(.invalidArgument, "a purge that erases judges retention as of now; a later date "
                + "(asOf / --as-of) is only for a preview: add --dry-run (dryRun: true)")
        }
        if dryRun {
            return try await purgeNow(dryRun: true, asOf: asOf, principal: principal, pageSize: pageSize,
                                      batchSize: batchSize)
        }
        if let report = try await vault.runExclusively(job: "purge", {
            try await purgeNow(dryRun: false, asOf: asOf, principal: principal, pageSize: pageSize,
                               batchSize: batchSize)
        }) {
            return report
        }
        logger.notice("Purge skipped: another instance is running it")
        var report = PurgeReport(dryRun: false, asOf: asOf ?? now)
        report.runningElsewhere = true
        return report
    }

    private func purgeNow(dryRun: Bool, asOf: Date?, principal: Principal, pageSize: Int, batchSize: Int) async throws
        -> PurgeReport
    {
        try await require(.purge, principal, auditAction: dryRun ? .purgePreview : .purgeRun)
        let started = Date()
        let date = asOf ?? now
        var report = PurgeReport(dryRun: dryRun, asOf: date)
        var selection = PurgeSelection(judge: RetentionJudge(policies: policies), asOf: date, dryRun: dryRun)
        // Batches are erased while the scan judges the next pages, and one batch's act is written while the next
        // is shredded: the reader, the writer and the act renderer overlap. At most `purgeBatchesInFlight` batches
        // are in flight; the oldest is awaited before another starts, and all before the run ends.
        var erasing: [Task<[PurgeReport.Item], any Error>] = []
        var after: Int64 = 0
        do {
            while true {
                // One page of people, their consent histories and their keys in three reads, then judged in memory.
                let start = after
                let page = try await vault.read { tx in
                    let subjects = try tx.subjects(after: start, limit: pageSize)
                    return (subjects, try tx.consentEvents(of: subjects.map(\.id)))
                }
                guard let last = page.0.last else { break }
                after = last.rowID
                let keys = try await keyring.subjectKeys(for: page.0.map(\.id))
                for stored in page.0 {
                    report.examined += 1
                    guard let key = keys[stored.id] else { continue }
                    try selection.judge(stored, events: page.1[stored.id] ?? [], key: key, report: &report)
                }
                // Erasing between pages is safe: the scan goes by row id, and erased rows are behind it.
                if selection.isBatchFull(batchSize) {
                    if erasing.count >= Self.purgeBatchesInFlight { report.absorb(try await erasing.removeFirst().value) }
                    let (full, held) = selection.takeBatch()
                    erasing.append(Task { try await self.erase(full, partially: held, principal: principal) })
                }
            }
            while !erasing.isEmpty { report.absorb(try await erasing.removeFirst().value) }
            let (full, held) = selection.takeBatch()
            report.absorb(try await erase(full, partially: held, principal: principal))
            report.absorb(try await erasePurposeData(selection.purposeData, principal: principal))
        } catch {
            for task in erasing { _ = try? await task.value }
            throw error
        }
        try await finishPurge(&report, asOf: date, started: started, principal: principal)
        return report
    }

    /// The end of a purge run or preview: expired acts (and, for a run, expired exports and the web front ends'
    /// expired codes, sessions, links and failure counters) removed, the run audited with its counts, the audit
    /// trails indexed.
    private func finishPurge(_ report: inout PurgeReport, asOf date: Date, started: Date, principal: Principal)
        async throws
    {
        let dryRun = report.dryRun
        // Acts are legal evidence: a run never removes one early because of a date given for a preview.
        report.actsExpired = try await expireActs(asOf: dryRun ? date : min(date, now), dryRun: dryRun,
                                                  principal: principal)
        if !dryRun {
            report.exportsExpired = try await expireExports(principal: principal)
            let seconds = nowSeconds
            report.webStateExpired = try await vault.write { tx in try tx.deleteExpiredWebState(now: seconds) }
        }
        report.seconds = Date().timeIntervalSince(started)
        try await record(AuditEntry(at: nowSeconds, by: principal,
                                    action: dryRun ? .purgePreview : .purgeRun,
                                    detail: "examined=\(report.examined) due=\(report.items.count) "
                                        + "erased=\(report.erased) partial=\(report.partiallyErased) "
                                        + "failed=\(report.failed) acts_expired=\(report.actsExpired) "
                                        + "exports_expired=\(report.exportsExpired) "
                                        + "web_state_expired=\(report.webStateExpired)"))
        // The nightly job of a deployment without a server: index the trails its day (and its erasures) added.
        if !dryRun { _ = try? await vault.indexAuditTrails() }
    }

    /// People erased together by default: a batch shares one key-store transaction, one vault transaction, one
    /// checkpoint and one destruction act.
    public static let purgeBatch = 5_000
    /// Batches being erased at once during a purge.
    static let purgeBatchesInFlight = 2
    /// People read and judged per page of the purge's scan by default.
    public static let purgeScanPage = 1_000

    /// Erases one batch of the purge: people whose retention ended entirely, and people reduced to their legally
    /// held fields. Returns their report items with what was done.
    private func erase(_ full: [(SubjectID, PurgeReport.Item, [String])], partially held: [(SubjectID, PurgeReport.Item)],
                       principal: Principal) async throws -> [PurgeReport.Item] {
        try await shredPurged(full, principal: principal) + reducePurged(held, principal: principal)
    }

    /// Shreds a batch of people whose retention ended through the one erasure path, with one act for the batch.
    private func shredPurged(_ batch: [(SubjectID, PurgeReport.Item, [String])], principal: Principal) async throws
        -> [PurgeReport.Item]
    {
        guard !batch.isEmpty else { return [] }
        let rules = Set(batch.map(\.1.rule)).sorted().joined(separator: ", ")
        let plans = batch.map { ErasurePlan(subject: $0.0, destroyed: $0.2, held: [], holdEnds: nil) }
        // As after an erasure at the person's request: an old spreadsheet must not bring them back.
        try await addToSuppressionList(plans.map(\.subject), reason: "retention", principal: principal)
        _ = try await erase(plans, reason: "retention rule(s) \(rules) expired", auditNote: "retention \(rules)",
                            principal: principal)
        return batch.map { _, item, _ in
            var done = item
            done.action = "erased"
            return done
        }
    }

    /// Destroys, through the one erasure path, the fields that only a withdrawn consent purpose held (re-keyed, an
    /// act written); the people stay active with everything else.
    private func erasePurposeData(_ batch: [(SubjectID, PurgeReport.Item, [String])], principal: Principal)
        async throws -> [PurgeReport.Item]
    {
        guard !batch.isEmpty else { return [] }
        let fieldsOf = Dictionary(batch.map { ($0.0, $0.2) }, uniquingKeysWith: { first, _ in first })
        var plans: [ErasurePlan] = []
        for stored in try await currentRecords(of: batch.map(\.0)) {
            let fields = fieldsOf[stored.id] ?? []
            let destroyed = Set(fields)
            var plan = ErasurePlan(subject: stored.id, destroyed: fields,
                                   held: stored.record.fields.map(\.name).filter { !destroyed.contains($0) },
                                   holdEnds: nil)
            plan.keepsActive = true
            plans.append(plan)
        }
        _ = try await erase(plans, reason: "consent withdrawn: the purpose's own data destroyed (152-FZ art. 21 p. 5)",
                            auditNote: "consent_withdrawn", principal: principal)
        return batch.map { _, item, _ in
            var done = item
            done.action = "erased_purpose_data"
            return done
        }
    }

    /// Reduces a batch of people to their legally held fields through the one erasure path (re-keyed, connectors
    /// told), with one act for the batch.
    private func reducePurged(_ batch: [(SubjectID, PurgeReport.Item)], principal: Principal) async throws
        -> [PurgeReport.Item]
    {
        guard !batch.isEmpty else { return [] }
        let judge = RetentionJudge(policies: policies)
        var plans: [ErasurePlan] = []
        for (stored, key) in try await currentRecordsWithKeys(of: batch.map(\.0)) {
            guard let hold = try judge.legalHold(for: stored, key: key) else { continue }
            plans.append(ErasurePlan(stored, keeping: hold))
        }
        try await addToSuppressionList(plans.map(\.subject), reason: "retention", principal: principal)
        _ = try await erase(plans, reason: "retention period ended; accounting hold remains", principal: principal)
        return batch.map { _, item in
            var done = item
            done.action = "erased_except_held"
            return done
        }
    }

    /// The retention rule that has expired for a person at `date`, if any.
    ///
    /// Leads (no purchase) expire a year after the last contact; customers when their last purchase is older than
    /// the longest customer rule; people whose only basis was consent, 30 days after withdrawing it; people kept
    /// only for an accounting hold, when the hold ends.
    func retentionExpiry(of id: SubjectID, asOf date: Date) async throws
        -> (rule: String, expired: Date, partial: Bool)?
    {
        guard let (stored, events) = try await vault.read({ tx -> (StoredSubject, [ConsentEvent])? in
            guard let stored = try tx.subject(id) else { return nil }
            return (stored, try tx.consentEvents(of: id))
        }) else { return nil }
        let key = try await keyring.subjectKey(for: id)
        guard let due = try RetentionJudge(policies: policies).due(stored, events: events, key: key, asOf: date) else {
            return nil
        }
        return (due.rule, due.expired, due.partial)
    }
}
