import Testing
@testable import pdgate

/// The statistic behind `pdgate bench privacy-codes`: it must call two shifted distributions apart and two draws of
/// the same distribution a coin toss.
@Suite("Timing comparison: Mann-Whitney and the one-shot threshold")
struct TimingComparisonTests {
    @Test("Separated samples are told apart every time; interleaved ones are a coin toss")
    func separationAndOverlap() {
        let fast = (0..<500).map { 1.0 + Double($0) / 1000 }
        let slow = (0..<500).map { 2.0 + Double($0) / 1000 }
        let apart = TimingComparison(slow, fast)
        #expect(apart.oneShotAccuracy == 1)
        #expect(apart.p < 1e-6 && apart.z > 10)
        let even = (0..<500).map { Double($0 * 2) }
        let odd = (0..<500).map { Double($0 * 2 + 1) }
        let mixed = TimingComparison(even, odd)
        #expect(mixed.oneShotAccuracy < 0.52)
        #expect(mixed.p > 0.5)
        #expect(apart.medianA > apart.medianB)
    }

    @Test("Ties share their rank: equal samples give z = 0 and p = 1")
    func ties() {
        let same = TimingComparison(Array(repeating: 3.0, count: 100), Array(repeating: 3.0, count: 80))
        #expect(same.z == 0 && same.p == 1 && same.oneShotAccuracy == 0.5)
    }
}
