/// A knob a size expression may name: a Kconfig option or a firmware define, with its
/// default and where that default comes from. Issue 5 adds levels and costs.
public struct KnobDefault: Hashable, Sendable {
    public var name: String
    public var value: Int
    public var source: String
    /// Per-release defaults where they differ (`IDF ≥ 5.0 → …`), newest first.
    public var byIDF: [(from: IDFVersion, value: Int)]

    public init(name: String, value: Int, source: String, byIDF: [(from: IDFVersion, value: Int)] = []) {
        self.name = name
        self.value = value
        self.source = source
        self.byIDF = byIDF.sorted { $0.from > $1.from }
    }

    /// The default on `idf`.
    public func value(on idf: IDFVersion) -> Int { byIDF.first { idf >= $0.from }?.value ?? value }

    public static func == (a: KnobDefault, b: KnobDefault) -> Bool {
        a.name == b.name && a.value == b.value && a.source == b.source
            && a.byIDF.map(\.from) == b.byIDF.map(\.from) && a.byIDF.map(\.value) == b.byIDF.map(\.value)
    }

    public func hash(into h: inout Hasher) {
        h.combine(name)
        h.combine(value)
    }
}

/// Every knob heapfit knows, from `workloads/knobs.yaml`.
public struct KnobTable: Hashable, Sendable {
    public var knobs: [String: KnobDefault]
    public var file: String

    public init(knobs: [String: KnobDefault], file: String) {
        self.knobs = knobs
        self.file = file
    }

    /// Every knob's default on `idf`.
    public func defaults(on idf: IDFVersion) -> [String: Int] { knobs.mapValues { $0.value(on: idf) } }
}
