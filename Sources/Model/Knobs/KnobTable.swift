/// A knob a size expression may name: a Kconfig option or a firmware define, with its
/// default and where that default comes from. Issue 5 adds levels and costs.
public struct KnobDefault: Hashable, Sendable {
    public var name: String
    public var value: Int
    public var source: String
    /// Per-release defaults where they differ (`IDF ≥ 5.0 → …`), newest first.
    public var byIDF: [(from: IDFVersion, value: Int)]
    /// The Kconfig spelling per release where it differs from `name` (`ESP32_WIFI_…` before
    /// IDF 5.1, `ESP_WIFI_…` after), newest first; `name` is the spelling of the newest release.
    /// `none` marks releases where the value is not a Kconfig option (fixed in the source), and
    /// a knob whose only entry is `none` from 0.0 is a firmware define (`MICROPY_TASK_STACK_SIZE`).
    public var kconfigNames: [(from: IDFVersion, name: String)]

    /// What the optimiser may set this knob to, and what each level costs the user; nil for a
    /// knob heapfit does not tune.
    public var tuning: KnobTuning?
    /// Kconfig options this knob's value needs (`depends:`), each for the releases that state it.
    public var depends: [KconfigDependency]

    public init(name: String, value: Int, source: String, byIDF: [(from: IDFVersion, value: Int)] = [],
                kconfigNames: [(from: IDFVersion, name: String)] = [], tuning: KnobTuning? = nil,
                depends: [KconfigDependency] = []) {
        self.tuning = tuning
        self.depends = depends
        self.name = name
        self.value = value
        self.source = source
        self.byIDF = byIDF.sorted { $0.from > $1.from }
        self.kconfigNames = kconfigNames.sorted { $0.from > $1.from }
    }

    /// The default on `idf`.
    public func value(on idf: IDFVersion) -> Int { byIDF.first { idf >= $0.from }?.value ?? value }

    /// The option's name (without `CONFIG_`) as `idf`'s Kconfig files spell it; nil where it is
    /// not a Kconfig option on that release.
    public func kconfigName(on idf: IDFVersion) -> String? {
        let spelled = kconfigNames.first { idf >= $0.from }?.name ?? name
        return spelled == "none" ? nil : spelled
    }

    public static func == (a: KnobDefault, b: KnobDefault) -> Bool {
        a.name == b.name && a.value == b.value && a.source == b.source
            && a.byIDF.map(\.from) == b.byIDF.map(\.from) && a.byIDF.map(\.value) == b.byIDF.map(\.value)
            && a.kconfigNames.map(\.from) == b.kconfigNames.map(\.from) && a.kconfigNames.map(\.name) == b.kconfigNames.map(\.name)
            && a.tuning == b.tuning && a.depends == b.depends
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(value)
    }
}

/// Every knob heapfit knows, from `workloads/knobs.yaml`.
public struct KnobTable: Hashable, Sendable {
    public var knobs: [String: KnobDefault]
    /// Checks the IDF build enforces between knobs (`constraints:`).
    public var constraints: [KnobConstraint]
    public var file: String

    public init(knobs: [String: KnobDefault], constraints: [KnobConstraint] = [], file: String) {
        self.knobs = knobs
        self.constraints = constraints
        self.file = file
    }

    /// The constraints `values` break (each names its source).
    public func broken(by values: [String: Int]) -> [KnobConstraint] { constraints.filter { !$0.holds(values) } }

    /// Every knob's default on `idf`.
    public func defaults(on idf: IDFVersion) -> [String: Int] { knobs.mapValues { $0.value(on: idf) } }
}

/// The levels a tunable knob may take, the cost of each to the user (throughput, compatibility),
/// and when the knob cannot be changed at all (a Kconfig dependency).
public struct KnobTuning: Hashable, Sendable {
    /// Allowed values, the default among them, in the order a person would try them.
    public var levels: [Int]
    /// Penalty per level, in the objective's units (1 = worth 1 KiB of Python heap); default 0.
    public var costs: [Int: Double]
    /// Why a level costs what it does (shown with a recommendation).
    public var costReason: String
    /// The knob is locked to its default while another knob has this value
    /// (e.g. MBEDTLS_DYNAMIC_BUFFER needs MBEDTLS_SSL_PROTO_DTLS = 0).
    public var lockedWhen: [String: Int]
    public var source: String

    public init(levels: [Int], costs: [Int: Double], costReason: String, lockedWhen: [String: Int], source: String) {
        self.levels = levels
        self.costs = costs
        self.costReason = costReason
        self.lockedWhen = lockedWhen
        self.source = source
    }

    public func cost(of level: Int) -> Double { costs[level] ?? 0 }
}

extension KnobTable {
    /// The knobs the optimiser may change, sorted by name.
    public var tunable: [KnobDefault] { knobs.values.filter { $0.tuning != nil }.sorted { $0.name < $1.name } }
}
