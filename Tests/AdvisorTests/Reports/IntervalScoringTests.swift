import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// A report replayed where the catalogue knows the board's static DRAM only as an interval is scored at both ends.
@Suite("field reports: scoring over an interval of static DRAM")
struct IntervalScoringTests {
    func row(_ verdict: Verdict, _ predicted: String) -> ObservationScore {
        ObservationScore(kind: "outcome", line: 9, settings: "", seen: "fails", predicted: predicted, errorBytes: nil,
                         verdict: verdict, why: nil)
    }

    @Test func verdictsThatDifferAtTheEndsAreNotExpressible() {
        let figure = Sourced(interval: 49224...51320, source: "x", confidence: .derived)
        let turned = ReportRunner.overInterval(row(.reproduced, "fails at \"a\""), atLower: row(.notReproduced, "fits"), figure)
        #expect(turned.verdict == .notExpressible)
        #expect(turned.predicted == "fails at \"a\"")
        #expect(turned.why?.hasPrefix("reproduced at 51320 B of static DRAM, not reproduced at 49224 B") == true)
        #expect(turned.why?.hasSuffix("At the lower end: fits") == true)
        let same = ReportRunner.overInterval(row(.reproduced, "u"), atLower: row(.reproduced, "l"), figure)
        #expect(same == row(.reproduced, "u"))
        let point = Sourced(51320, source: "x", confidence: .measured)
        #expect(ReportRunner.overInterval(row(.reproduced, "u"), atLower: row(.notReproduced, "l"), point).verdict == .reproduced)
    }

    /// mp#8940 boots ESP32_GENERIC on IDF 4.4, an interval in the catalogue: the lower end is booted lower, and a
    /// report that gives its own static DRAM (the seed) has no lower end.
    @Test func theLowerEndBootsAtTheIntervalsLowerBound() throws {
        let library = try shippedLibraryValue()
        let runner = ReportRunner(catalogue: library.catalogue, workloads: WorkloadLoader(library: library.path))
        let pico = try #require(library.reports.first { $0.id.hasPrefix("mp-8940") })
        guard case .success(let upper) = runner.prepare(pico) else { Issue.record("mp-8940 must boot"); return }
        let interval = try #require(upper.device.staticDRAM.interval)
        #expect(upper.device.staticDRAM.value == interval.upperBound)
        let lower = try #require(runner.lowerEnd(of: upper, pico))
        #expect(lower.device.staticDRAM.value == interval.lowerBound)
        let seed = try #require(library.reports.first { $0.id.hasPrefix("mp-16650-esp32-idf54") })
        guard case .success(let seedScenario) = runner.prepare(seed) else { Issue.record("the seed must boot"); return }
        #expect(runner.lowerEnd(of: seedScenario, seed) == nil)
    }
}
