import Foundation
import Testing
import Model
@testable import Simulator
@testable import Solver

/// The optimiser against the exhaustive oracle, on scenarios the simulator prepares from the
/// repository's catalogue and workloads (moved from AdvisorTests: the scenario core is Simulator's).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let repositoryCatalogue = repositoryRoot.appendingPathComponent("boards.yaml").path
let repositoryWorkloads = repositoryRoot.appendingPathComponent("workloads").path

func prepared(_ board: String, _ idf: IDFVersion, _ workload: String, firmware: String? = nil) throws -> PreparedScenario {
    try PreparedScenario(board: board, idf: idf, firmware: firmware, workload: workload, staticDRAM: nil,
                         catalogue: try CatalogueLoader.load(path: repositoryCatalogue), library: repositoryWorkloads)
}

/// mbedTLS IN buffer levels with costs (a test's own choice; the shipped levels live in knobs.yaml).
let inBufferChoice = KnobChoice(name: "MBEDTLS_SSL_IN_CONTENT_LEN", levels: [16384, 8192, 4096], costs: [0, 2, 6],
                                defaultValue: 16384)

@Test("The optimiser equals the exhaustive oracle", arguments: [
    ("ESP32_GENERIC", "https-get-x2"), ("ESP32_GENERIC", "tls-x2-concurrent"), ("ESP32_GENERIC", "mqtt-tls"),
])
func recommenderMatchesTheOracle(board: String, workload: String) throws {
    let scenario = try prepared(board, IDFVersion(5, 4, 2), workload)
    let largest = scenario.device.caps.largestFreeBlock(caps: .default) / 1024
    let problem = RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice], heapRange: 8...largest,
                                        idfHeadroom: 12 * 1024)
    let oracle = try Oracle.solve(problem)
    switch Recommender(problem: problem).recommend() {
    case .success(let answer):
        let best = try #require(oracle.best, "the oracle found nothing but the optimiser did: \(answer.best)")
        // Within one 1 KiB step of the oracle's best, and the answer's replay passes.
        #expect(abs(answer.value - oracle.value) <= 1, "optimiser \(answer.best) vs oracle \(best)")
        #expect(answer.outcomes.allSatisfy { problem.acceptable($0.result) })
        #expect(answer.replays < oracle.replays, "optimiser \(answer.replays) replays, oracle \(oracle.replays)")
    case .failure(.infeasible):
        #expect(oracle.best == nil, "the oracle found \(String(describing: oracle.best)) but the optimiser found nothing")
    case .failure(let f):
        Issue.record("solver failure \(f)")
    }
}

@Test func twoScenariosAtOnceGetOneSettingThatServesBoth() throws {
    let a = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 2), "https-get-x2")
    let b = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 1), "https-get-x2")
    let problem = RecommendationProblem(scenarios: [a, b], knobs: [], heapRange: 8...108, idfHeadroom: 12 * 1024)
    let answer = try Recommender(problem: problem).recommend().get()
    let alone = try Recommender(problem: RecommendationProblem(scenarios: [a], knobs: [], heapRange: 8...108,
                                                               idfHeadroom: 12 * 1024)).recommend().get()
    // IDF 5.4.1 has 2188 B more static DRAM: the joint answer can only be smaller or equal.
    #expect(answer.best.heapKiB <= alone.best.heapKiB)
    #expect(answer.outcomes.allSatisfy { problem.acceptable($0.result) })
    // And one KiB more breaks at least one of them.
    #expect(!answer.atOneMore.allSatisfy { problem.acceptable($0.result) })
}

@Test func anImpossibleHeadroomIsExplained() throws {
    let scenario = try prepared("ESP32_GENERIC", IDFVersion(5, 4, 2), "https-get-x2")
    let problem = RecommendationProblem(scenarios: [scenario], knobs: [], heapRange: 8...108, idfHeadroom: 400 * 1024)
    switch Recommender(problem: problem).recommend() {
    case .failure(.infeasible(let name, let result, let candidate)):
        #expect(name == scenario.name)
        #expect(candidate.heapKiB == 8)
        #expect((result?.minimumInternalFree ?? .max) < 400 * 1024)
    default:
        Issue.record("400 KiB of headroom cannot exist on an ESP32")
    }
}

/// A fixed, seeded sample of catalogue boards × shipped workloads (the full catalogue is in
/// `make bench`): on each, the optimiser's answer equals the exhaustive oracle's within one KiB,
/// or both find nothing.
@Test func optimiserMatchesTheOracleOnASeededSampleOfTheCatalogue() throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    var pairs: [(Board, IDFVersion)] = []
    for board in catalogue.boards.sorted(by: { $0.name < $1.name }) {
        if let idf = try? FirmwareResolution.defaultIDF(board: board, catalogue: catalogue) { pairs.append((board, idf)) }
    }
    let workloads = WorkloadLoader(library: repositoryWorkloads).shippedWorkloads()
        .filter { !["pycom-ftp-gc", "https-server"].contains($0) }  // need their own firmware
    var state: UInt64 = 20261122  // a fixed seed: the same sample every run (Knuth's MMIX LCG)
    func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
    var checked = 0
    for _ in 0..<4 {
        let (board, idf) = pairs[next(pairs.count)]
        let workload = workloads[next(workloads.count)]
        guard let scenario = try? prepared(board.name, idf, workload) else { continue }
        let largest = scenario.device.caps.largestFreeBlock(caps: Model.MemoryCaps.default) / 1024
        let problem = RecommendationProblem(scenarios: [scenario], knobs: [inBufferChoice], heapRange: 8...max(8, min(largest, 160)),
                                            idfHeadroom: 12 * 1024)
        let oracle = try Oracle.solve(problem)
        switch Recommender(problem: problem).recommend() {
        case .success(let answer):
            #expect(abs(answer.value - oracle.value) <= 1, "\(board.name) \(idf) \(workload): \(answer.best) vs \(String(describing: oracle.best))")
        case .failure(.infeasible):
            #expect(oracle.best == nil, "\(board.name) \(idf) \(workload): oracle found \(String(describing: oracle.best))")
        case .failure(let f):
            Issue.record("\(board.name) \(idf) \(workload): \(f)")
        }
        checked += 1
    }
    #expect(checked >= 3)
}
