import Testing
import Model
@testable import Simulator
@testable import Solver

/// Target 4 of issue 16: after the loop, every costly knob the answer can do without is dropped.
@Suite struct CheapestAnswerTests {
    /// A costly level the answer does not need is dropped: on https-get-x2 (ESP32_GENERIC) the loop without
    /// the knob finds a heap the default 16 KiB IN buffer replays at; the same heap with the 8 KiB buffer
    /// (cost 2) must come back with the default buffer and a heap at least as large, worth 2 more.
    /// (The case, ESP32_GENERIC-UNICORE · https-server keeping STATIC_RX_BUFFER_NUM=6, is not
    /// fixed by dropping one knob: with the TCP buffers at 5760 neither 8 nor 10 buffers replay at a heap
    /// worth more; see the branch's report.)
    @Test func aCostlyLevelTheAnswerDoesNotNeedIsDropped() throws {
        let scenario = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 2), "https-get-x2")
        let largest = scenario.device.caps.largestFreeBlock(caps: .default) / 1024
        let plain = try Recommender(problem: RecommendationProblem(scenarios: [scenario], knobs: [], heapRange: 8...largest,
                                                                   idfHeadroom: 12 * 1024)).recommend().get()
        let problem = RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice], heapRange: 8...largest,
                                            idfHeadroom: 12 * 1024)
        let costly = Candidate(heapKiB: plain.best.heapKiB, knobs: ["MBEDTLS_SSL_IN_CONTENT_LEN": 8192])
        let cheaper = try Recommender(problem: problem).cheapest(costly, ledger: Recommender.Ledger())
        #expect(cheaper.knobs["MBEDTLS_SSL_IN_CONTENT_LEN"] == 16384)
        #expect(cheaper.heapKiB >= plain.best.heapKiB)
        #expect(problem.value(cheaper) >= problem.value(costly) + 2)
        #expect(problem.acceptable(try scenario.replay(heapKiB: cheaper.heapKiB, knobs: cheaper.knobs)))
    }

    /// A knob the answer does need stays: at the loop's answer for tls-x2-concurrent on ESP32_GENERIC, the
    /// default IN buffer (16 KiB) no longer replays, so the cheaper level is refused and the answer kept.
    @Test func aKnobTheAnswerNeedsIsKept() throws {
        let scenario = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 2), "tls-x2-concurrent")
        let largest = scenario.device.caps.largestFreeBlock(caps: .default) / 1024
        let problem = RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice], heapRange: 8...largest,
                                            idfHeadroom: 12 * 1024)
        let recommender = Recommender(problem: problem)
        let answer = try recommender.recommend().get()
        let kept = try recommender.cheapest(answer.best, ledger: Recommender.Ledger())
        #expect(kept == answer.best)
        if let level = answer.best.knobs["MBEDTLS_SSL_IN_CONTENT_LEN"], level != 16384 {
            var dropped = answer.best.knobs
            dropped["MBEDTLS_SSL_IN_CONTENT_LEN"] = 16384
            #expect(!problem.acceptable(try scenario.replay(heapKiB: answer.best.heapKiB, knobs: dropped)))
        }
    }
}
