import Foundation
import Model
import Simulator
import Solver

/// What advisories are checked against: one scenario (board, IDF, firmware, workload, settings)
/// and, when it was replayed, what the replay showed.
public struct AdvisoryContext: Sendable {
    public var chip: String
    public var psram: Bool
    public var idf: IDFVersion
    public var firmware: Firmware
    public var features: Set<WorkloadFeature>
    /// The initial Python heap in bytes (the user's, the firmware's fixed size, or what it took at boot).
    public var initialHeap: Int?
    /// Every knob value in effect.
    public var knobs: [String: Int]
    /// Whether the Python heap grew during the workload, and whether it fit; nil when not replayed.
    public var grew: Bool?
    public var fits: Bool?

    /// A context from its parts (tests, and scenarios no replay stands behind).
    public init(chip: String, psram: Bool, idf: IDFVersion, firmware: Firmware, features: Set<WorkloadFeature>,
                initialHeap: Int?, knobs: [String: Int], grew: Bool?, fits: Bool?) {
        self.chip = chip
        self.psram = psram
        self.idf = idf
        self.firmware = firmware
        self.features = features
        self.initialHeap = initialHeap
        self.knobs = knobs
        self.grew = grew
        self.fits = fits
    }

    /// The context of a prepared scenario replayed with `knobs` (all in effect) and `initialHeap`
    /// (nil: the firmware's own policy).
    public init(scenario: PreparedScenario, knobs: [String: Int], initialHeap: Int?, result: ReplayResult?) {
        let device = scenario.device
        var heap = initialHeap
        if heap == nil {
            switch scenario.firmware.heapPolicy(chip: device.chip.name, spiram: device.board.features.spiram).initial {
            case .fixed(let n), .staticArray(let n): heap = n
            case .largestBlock, .halfOfTotal: heap = result?.gcAtStart.total
            }
        }
        self.init(chip: device.chip.name, psram: device.board.features.spiram, idf: device.idf, firmware: scenario.firmware,
                  features: WorkloadFeatures.of(scenario.workload), initialHeap: heap, knobs: knobs,
                  grew: result.map { $0.gcPeakTotal > $0.gcAtStart.total }, fits: result?.fits)
    }
}

/// An advisory that applies, as reports carry it (JSON: `advisories` [{id, title, severity, advice, source}]).
public struct AppliedAdvisory: Hashable, Sendable, Codable {
    public var id: String
    public var title: String
    public var severity: Advisory.Severity
    public var advice: String
    public var source: String

    /// The advisory as reports carry it (its source as one line: `document; upstream`).
    public init(_ a: Advisory) {
        id = a.id
        title = a.title
        severity = a.severity
        advice = a.advice
        source = a.source.description
    }

    /// Most severe first, then by id: the order every report prints.
    static func ordered(_ a: AppliedAdvisory, _ b: AppliedAdvisory) -> Bool {
        a.severity != b.severity ? a.severity < b.severity : a.id < b.id
    }
}

/// Which advisories apply to a scenario.
public enum AdvisoryEvaluator {
    /// Whether every condition of `advisory` holds in `context`. A condition on the outcome
    /// (`grew`, `fits`) does not hold where there was no replay.
    public static func applies(_ advisory: Advisory, to context: AdvisoryContext) -> Bool {
        let c = advisory.conditions
        let f = context.firmware
        if let firmware = c.firmware, !firmware.contains(port: f.port.rawValue, major: f.major, minor: f.minor) { return false }
        if let idf = c.idf, !idf.contains(context.idf) { return false }
        if let chips = c.chips, !chips.contains(where: { $0.caseInsensitiveCompare(context.chip) == .orderedSame }) { return false }
        if let psram = c.psram, psram != context.psram { return false }
        guard c.features.allSatisfy(context.features.contains),
              !c.absentFeatures.contains(where: context.features.contains) else { return false }
        if let heap = c.initialHeap {
            guard let value = context.initialHeap, heap.holds(value) else { return false }
        }
        for (name, comparison) in c.knobs {
            guard let value = context.knobs[name], comparison.holds(value) else { return false }
        }
        if let grew = c.grew, context.grew != grew { return false }
        if let fits = c.fits, context.fits != fits { return false }
        return true
    }

    /// The advisories that apply, most severe first, then by id.
    public static func applicable(_ advisories: [Advisory], to context: AdvisoryContext) -> [AppliedAdvisory] {
        advisories.filter { applies($0, to: context) }.map(AppliedAdvisory.init).sorted(by: AppliedAdvisory.ordered)
    }

    /// The advisories that apply to any of `scenarios` replayed with a recommendation's answer.
    public static func applicable(_ advisories: [Advisory], to scenarios: [PreparedScenario],
                                  answer: Recommender.Answer) -> [AppliedAdvisory] {
        union(scenarios.map { scenario in
            let result = answer.outcomes.first { $0.scenario == scenario.name }?.result
            let knobs = scenario.knobs.merging(answer.best.knobs) { _, chosen in chosen }
            let context = AdvisoryContext(scenario: scenario, knobs: knobs, initialHeap: answer.best.heapKiB * 1024, result: result)
            return applicable(advisories, to: context)
        })
    }

    /// Several scenarios' advisories as one list (each once), in report order.
    public static func union(_ lists: [[AppliedAdvisory]]) -> [AppliedAdvisory] {
        var seen = Set<String>()
        return lists.joined().filter { seen.insert($0.id).inserted }.sorted(by: AppliedAdvisory.ordered)
    }
}

/// The shipped advisories: `advisories/advisories.yaml` in the workloads folder (found by
/// `ResourceLocator.workloads()`).
public enum AdvisoryLibrary {
    /// The advisories file of a workloads folder.
    public static func file(library: String) -> String {
        (library as NSString).appendingPathComponent("advisories/advisories.yaml")
    }

    /// Loads the library's advisories, validated against the catalogue's chips and the knob table;
    /// a library without the file (a user's own workloads folder) has none.
    public static func load(library: String, catalogue: Catalogue) throws(Diagnostic) -> [Advisory] {
        let path = file(library: library)
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let knobs = try WorkloadLoader(library: library).knobTable().knobs.keys
        return try AdvisoryLoader.load(path: path, chips: Set(catalogue.chips.map(\.name)), knobs: Set(knobs))
    }
}
