import Foundation
import Testing
import Model
@testable import Simulator
@testable import Solver

/// The margin objective (`RecommendationObjective.leastKnobCostThenIDFFree`) against its exhaustive oracle.
@Suite("margin objective")
struct MarginObjectiveTests {
    /// With a tunable IN buffer whose smaller levels cost, the default level serves, so the answer keeps it although a
    /// smaller buffer would leave the IDF more; its heap is the oracle's.
    @Test func theCheapestKnobsThenTheOracleHeap() throws {
        let scenario = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 2), "https-get-x2")
        var problem = RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice], heapRange: 8...48,
                                            idfHeadroom: 12 * 1024)
        problem.objective = .leastKnobCostThenIDFFree
        let answer = try Recommender(problem: problem).recommend().get()
        let oracle = try Oracle.solveForMargin(problem)
        #expect(answer.best.knobs["MBEDTLS_SSL_IN_CONTENT_LEN"] == 16384)
        #expect(oracle.best == answer.best)
        #expect(oracle.value == Double(try #require(answer.margin).worstNearby))
        #expect(answer.outcomes.allSatisfy { problem.acceptable($0.result) })
        #expect(answer.replays < oracle.replays)
        // The smaller buffer does leave more: the knob cost, not the margin, keeps the default.
        let smaller = try #require(try scenario.replay(heapKiB: answer.best.heapKiB, knobs: ["MBEDTLS_SSL_IN_CONTENT_LEN": 4096]))
        #expect(smaller.minimumInternalFree > (answer.outcomes.first?.result?.minimumInternalFree ?? .max))
    }

    /// The objective follows the heap policy.
    @Test func growingHeapsAreRankedByMargin() {
        #expect(RecommendationObjective.used(heapGrows: true) == .leastKnobCostThenIDFFree)
        #expect(RecommendationObjective.used(heapGrows: false) == .largestHeapLessKnobCost)
    }

    /// One step of cost outweighs the whole heap range: 100 KiB of range, the smallest step 0.5 (a level's cost and
    /// the difference of two levels' costs both count).
    @Test func costsBecomeLexicographic() {
        let knob = KnobChoice(name: "K", levels: [3, 2, 1], costs: [0, 1.5, 2], defaultValue: 3)
        let problem = RecommendationProblem(scenarios: [], knobs: [knob], heapRange: 8...107, idfHeadroom: 0)
        #expect(problem.lexicographicCostWeight == 101 / 0.5)
        #expect(RecommendationProblem(scenarios: [], knobs: [], heapRange: 8...107, idfHeadroom: 0).lexicographicCostWeight == 1)
    }
}
