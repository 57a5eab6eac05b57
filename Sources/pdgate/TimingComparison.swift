import Foundation

/// How well an observer could tell two kinds of answer apart by their timing alone.
///
/// Two figures: the Mann-Whitney U test (is one kind's timing distribution shifted against the other's, with its
/// two-sided p-value by the normal approximation, ties corrected), and the one-shot accuracy of the best single
/// threshold an attacker could pick with hindsight (50 % is a coin toss, 100 % tells every answer apart). The
/// threshold figure is the one that matters for enumeration: it is what one request tells.
struct TimingComparison: Codable, Sendable {
    var samplesA: Int
    var samplesB: Int
    var medianA: Double
    var medianB: Double
    /// Mann-Whitney U of sample A.
    var u: Double
    /// The U statistic's z-score.
    var z: Double
    /// Two-sided p-value of "the two distributions are the same".
    var p: Double
    /// The best one-shot accuracy of a threshold on the time, in 0.5...1.
    var oneShotAccuracy: Double

    init(_ a: [Double], _ b: [Double]) {
        precondition(!a.isEmpty && !b.isEmpty, "both samples need values")
        samplesA = a.count
        samplesB = b.count
        medianA = Self.median(a)
        medianB = Self.median(b)
        // Ranks over the pooled samples, ties sharing their average rank.
        let pooled = (a.map { ($0, true) } + b.map { ($0, false) }).sorted { $0.0 < $1.0 }
        var rankSumA = 0.0
        var tieCorrection = 0.0
        var index = 0
        while index < pooled.count {
            var end = index
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[index].0 { end += 1 }
            let rank = Double(index + end) / 2 + 1
            let tied = Double(end - index + 1)
            tieCorrection += tied * tied * tied - tied
            for k in index...end where pooled[k].1 { rankSumA += rank }
            index = end + 1
        }
        let n1 = Double(a.count), n2 = Double(b.count), n = n1 + n2
        u = rankSumA - n1 * (n1 + 1) / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieCorrection / (n * (n - 1)))
        z = variance > 0 ? (u - n1 * n2 / 2) / variance.squareRoot() : 0
        p = erfc(abs(z) / 2.0.squareRoot())
        // Best threshold: walk the pooled order, counting A below the cut and B above it (and the reverse rule).
        var aBelow = 0.0, bBelow = 0.0, best = 0.5
        for (position, item) in pooled.enumerated() {
            if item.1 { aBelow += 1 } else { bBelow += 1 }
            let nextDiffers = position + 1 == pooled.count || pooled[position + 1].0 != item.0
            guard nextDiffers else { continue }
            let aFast = (aBelow / n1 + (n2 - bBelow) / n2) / 2
            best = max(best, aFast, 1 - aFast)
        }
        oneShotAccuracy = best
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
