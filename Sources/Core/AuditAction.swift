/// What an audit entry records being done: a dotted verb such as `subject.read`, `import.run`, `consent.give`.
///
/// Every action the gateway audits is one of the constants below, so an action is never a free string at a call
/// site; entries read back from the log (and written by earlier versions) keep whatever text they were stored with.
public struct AuditAction: Sendable, Hashable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String

    /// An action by its stored text (entries read back, tests).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// An action by its stored text.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

extension AuditAction {
    // MARK: access
    public static let accessReview = AuditAction("access.review")

    // MARK: act
    public static let actExpire = AuditAction("act.expire")
    public static let actRecipients = AuditAction("act.recipients")
    public static let actVerify = AuditAction("act.verify")
    public static let actWrite = AuditAction("act.write")

    // MARK: address
    public static let addressInvalid = AuditAction("address.invalid")

    // MARK: audit
    public static let auditExtract = AuditAction("audit.extract")
    public static let auditVerify = AuditAction("audit.verify")

    // MARK: backup
    public static let backupRun = AuditAction("backup.run")

    // MARK: connector
    public static let connectorTransferRefuse = AuditAction("connector.transfer.refuse")

    // MARK: connectors
    public static let connectorsPreview = AuditAction("connectors.preview")
    public static let connectorsRequeue = AuditAction("connectors.requeue")
    public static let connectorsStatus = AuditAction("connectors.status")
    public static let connectorsTest = AuditAction("connectors.test")

    // MARK: consent
    public static let consentConfirm = AuditAction("consent.confirm")
    public static let consentGive = AuditAction("consent.give")
    public static let consentHistory = AuditAction("consent.history")
    public static let consentReconfirm = AuditAction("consent.reconfirm")
    public static let consentWithdraw = AuditAction("consent.withdraw")

    // MARK: consistency
    public static let consistencyCheck = AuditAction("consistency.check")

    // MARK: export
    public static let exportApprove = AuditAction("export.approve")
    public static let exportDelete = AuditAction("export.delete")
    public static let exportRun = AuditAction("export.run")
    public static let exportSubject = AuditAction("export.subject")

    // MARK: gateway
    public static let gatewayInit = AuditAction("gateway.init")
    public static let gatewayMigrate = AuditAction("gateway.migrate")

    // MARK: import
    public static let importConsent = AuditAction("import.consent")
    public static let importMerge = AuditAction("import.merge")
    public static let importRun = AuditAction("import.run")

    // MARK: inbound
    public static let inboundApply = AuditAction("inbound.apply")
    public static let inboundPull = AuditAction("inbound.pull")

    // MARK: incident
    public static let incidentClose = AuditAction("incident.close")
    public static let incidentList = AuditAction("incident.list")
    public static let incidentOpen = AuditAction("incident.open")
    public static let incidentShow = AuditAction("incident.show")
    public static let incidentUpdate = AuditAction("incident.update")

    // MARK: key
    public static let keyDestroy = AuditAction("key.destroy")

    // MARK: keys
    public static let keysRotate = AuditAction("keys.rotate")
    public static let keysRotateBegin = AuditAction("keys.rotate.begin")

    // MARK: purge
    public static let purgePreview = AuditAction("purge.preview")
    public static let purgeRun = AuditAction("purge.run")

    // MARK: quality
    public static let qualityReport = AuditAction("quality.report")

    // MARK: request
    public static let requestAct = AuditAction("request.act")
    public static let requestAnswer = AuditAction("request.answer")
    public static let requestAnswerLink = AuditAction("request.answer_link")
    public static let requestAwaitingRecipients = AuditAction("request.awaiting_recipients")
    public static let requestBundle = AuditAction("request.bundle")
    public static let requestComplete = AuditAction("request.complete")
    public static let requestCreate = AuditAction("request.create")
    public static let requestDeadline = AuditAction("request.deadline")
    public static let requestErasedLocally = AuditAction("request.erased_locally")
    public static let requestExtend = AuditAction("request.extend")
    public static let requestList = AuditAction("request.list")
    public static let requestMessage = AuditAction("request.message")
    public static let requestNote = AuditAction("request.note")
    public static let requestRead = AuditAction("request.read")
    public static let requestRefuse = AuditAction("request.refuse")
    public static let requestReview = AuditAction("request.review")
    public static let requestRun = AuditAction("request.run")
    public static let requestStart = AuditAction("request.start")
    public static let requestVerify = AuditAction("request.verify")

    // MARK: restore
    public static let restoreRun = AuditAction("restore.run")

    // MARK: signup
    public static let signupConfirm = AuditAction("signup.confirm")
    public static let signupHold = AuditAction("signup.hold")

    // MARK: stats
    public static let statsRead = AuditAction("stats.read")

    // MARK: subject
    public static let subjectContact = AuditAction("subject.contact")
    public static let subjectCreate = AuditAction("subject.create")
    public static let subjectErase = AuditAction("subject.erase")
    public static let subjectErasePartial = AuditAction("subject.erase.partial")
    public static let subjectErasePurposeData = AuditAction("subject.erase.purpose_data")
    public static let subjectErasePreview = AuditAction("subject.erase_preview")
    public static let subjectExport = AuditAction("subject.export")
    public static let subjectFind = AuditAction("subject.find")
    public static let subjectFindMatch = AuditAction("subject.find.match")
    public static let subjectMerge = AuditAction("subject.merge")
    public static let subjectObject = AuditAction("subject.object")
    public static let subjectRead = AuditAction("subject.read")
    public static let subjectRectify = AuditAction("subject.rectify")
    public static let subjectRestrict = AuditAction("subject.restrict")
    public static let subjectUpdate = AuditAction("subject.update")

    // MARK: suppression
    public static let suppressionAdd = AuditAction("suppression.add")
    public static let suppressionLift = AuditAction("suppression.lift")

    // MARK: token
    public static let tokenCreate = AuditAction("token.create")
    public static let tokenList = AuditAction("token.list")
    public static let tokenRevoke = AuditAction("token.revoke")
}
