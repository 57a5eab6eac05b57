public import Foundation

extension PolicySet {
    /// The time zone a jurisdiction counts its days in (`jurisdictions.yaml` `time_zone`), else the operator's.
    public func timeZone(ofJurisdiction code: String) -> TimeZone {
        jurisdiction(code: code)?.timeZone ?? operatorTimeZone
    }

    /// The operator's own time zone: that of the jurisdiction `operator.yaml` names (RU unless it says otherwise),
    /// or Moscow when the policies carry no such jurisdiction. Operator-facing dates (acts, purges, incidents,
    /// retention days) are counted in it; the one place that falls back to a fixed zone.
    public var operatorTimeZone: TimeZone {
        jurisdiction(code: operatorProfile?.jurisdiction ?? "RU")?.timeZone
            ?? TimeZone(identifier: "Europe/Moscow") ?? TimeZone(secondsFromGMT: 3 * 3600)!
    }
}
