import Model
import Simulator

/// A knob the optimiser may set, with its levels and what each costs.
public struct KnobChoice: Hashable, Sendable {
    public var name: String
    public var levels: [Int]
    /// Penalty per level (same order as `levels`), in KiB-of-Python-heap units.
    public var costs: [Double]
    /// The value the firmware builds with when the knob is left alone.
    public var defaultValue: Int

    public init(name: String, levels: [Int], costs: [Double], defaultValue: Int) {
        self.name = name
        self.levels = levels
        self.costs = costs
        self.defaultValue = defaultValue
    }
}

/// One point of the search: an initial Python heap (KiB) and a value for every tunable knob.
public struct Candidate: Hashable, Sendable, CustomStringConvertible {
    public var heapKiB: Int
    public var knobs: [String: Int]

    public init(heapKiB: Int, knobs: [String: Int]) {
        self.heapKiB = heapKiB
        self.knobs = knobs
    }

    public var description: String {
        let k = knobs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return "\(heapKiB) KiB" + (k.isEmpty ? "" : " " + k)
    }
}

/// A scenario the recommendation must serve (a workload on a board, an IDF release and a
/// firmware); it replays candidates in the simulator, the arbiter of truth.
public protocol ScenarioEvaluator: Sendable {
    var name: String { get }
    /// Replays with `heapKiB` as the initial Python heap and `knobs` set; nil when the firmware
    /// cannot even start with them (the initial heap does not fit: `Diagnostic.Kind.doesNotStart`).
    /// Any other diagnostic is thrown: it is not an answer about the heap's size.
    func replay(heapKiB: Int, knobs: [String: Int]) throws(Diagnostic) -> ReplayResult?
}

/// What the optimiser is asked.
public struct RecommendationProblem: Sendable {
    public var scenarios: [any ScenarioEvaluator]
    public var knobs: [KnobChoice]
    /// Initial heap sizes to consider, in KiB (1 KiB steps).
    public var heapRange: ClosedRange<Int>
    /// Free internal IDF memory that must remain at the workload's peak, in bytes.
    public var idfHeadroom: Int
    /// How much a unit of knob cost weighs against a KiB of Python heap.
    public var costWeight: Double
    /// Time limit of each MIP solve, seconds.
    public var solverTimeLimit: Double
    /// The most solve → replay → cut rounds; past it the best replayed answer is returned, marked unproved.
    public var maximumSolves: Int
    /// KiB by which the program's estimate of a combination may fall short of its replayed value: where the
    /// knob space is listed (`ComboTable`), combinations estimated within this of the best replayed answer
    /// are replayed too (one replay each when they cannot beat it). 2 KiB: https-get-x2 on ESP32_GENERIC has
    /// a combination estimated 1 KiB below the answer it reaches.
    public var estimateSlack: Double = 2
    /// What acceptable candidates are ranked by; the caller chooses it per the firmware's heap policy
    /// (`RecommendationObjective.used(heapGrows:)`).
    public var objective: RecommendationObjective = .largestHeapLessKnobCost
    /// KiB either side of a heap whose replays the margin objective takes the worst of: 2 KiB, because the seed
    /// report's board (mp#16650, reports/mp-16650-esp32-idf54-two-tls-endpoints.yaml) worked at 52 KiB and failed at
    /// 54 and 56 KiB — a heap one step from a failing one has no margin, whatever its own replay says.
    public var marginRadius = 2

    /// 256 rounds: the README's sessions prove their answers in 2–15 integer programs.
    public init(scenarios: [any ScenarioEvaluator], knobs: [KnobChoice], heapRange: ClosedRange<Int>,
                idfHeadroom: Int, costWeight: Double = 1, solverTimeLimit: Double = 5, maximumSolves: Int = 256) {
        self.maximumSolves = maximumSolves
        self.scenarios = scenarios
        self.knobs = knobs
        self.heapRange = heapRange
        self.idfHeadroom = idfHeadroom
        self.costWeight = costWeight
        self.solverTimeLimit = solverTimeLimit
    }

    /// Every combination of knob levels, in a fixed order.
    public var combinations: [[String: Int]] {
        var all: [[String: Int]] = [[:]]
        for knob in knobs {
            all = all.flatMap { partial in knob.levels.map { partial.merging([knob.name: $0]) { _, new in new } } }
        }
        return all
    }

    /// The objective of a candidate: initial heap KiB less weighted knob costs.
    public func value(_ candidate: Candidate) -> Double {
        var v = Double(candidate.heapKiB)
        for knob in knobs {
            if let level = candidate.knobs[knob.name], let i = knob.levels.firstIndex(of: level) {
                v -= costWeight * knob.costs[i]
            }
        }
        return v
    }

    /// Whether a replay meets the bar: the workload fits and the headroom holds.
    public func acceptable(_ result: ReplayResult?) -> Bool {
        guard let result else { return false }
        return result.fits && result.minimumInternalFree >= idfHeadroom
    }
}

/// The verdict of one scenario for a candidate.
public struct ScenarioOutcome: Sendable {
    public var scenario: String
    public var result: ReplayResult?
}
