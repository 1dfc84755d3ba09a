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

    public init(name: String, value: Int, source: String, byIDF: [(from: IDFVersion, value: Int)] = [],
                kconfigNames: [(from: IDFVersion, name: String)] = []) {
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
