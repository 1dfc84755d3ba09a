/// A Kconfig option a knob's value needs before it applies: Kconfig's `depends on` (e.g.
/// MBEDTLS_SSL_OUT_CONTENT_LEN needs MBEDTLS_ASYMMETRIC_CONTENT_LEN=y), from `depends:` in knobs.yaml.
public struct KconfigDependency: Hashable, Sendable {
    /// The option's name in the newest release (without `CONFIG_`).
    public var option: String
    /// Older spellings per release, newest first (same rule as `KnobDefault.kconfigNames`).
    public var spellings: [KconfigSpelling]
    /// The value the option must have: true for `y`, false for `n`.
    public var enabled: Bool
    /// The releases whose Kconfig files state the dependency.
    public var releases: IDFRange
    public var source: String

    public init(option: String, spellings: [KconfigSpelling] = [], enabled: Bool, releases: IDFRange = .all, source: String) {
        self.option = option
        self.spellings = spellings.sorted { $0.from > $1.from }
        self.enabled = enabled
        self.releases = releases
        self.source = source
    }

    /// The option's name on `idf`, or nil where it is not a Kconfig option there.
    public func kconfigName(on idf: IDFVersion) -> String? {
        let spelled = spellings.first { idf >= $0.from }?.name ?? option
        return spelled == "none" ? nil : spelled
    }
}

/// A Kconfig spelling that holds from a release on (`">=5.1": ESP_WIFI_STATIC_RX_BUFFER_NUM`).
public struct KconfigSpelling: Hashable, Sendable {
    public var from: IDFVersion
    /// The option name without `CONFIG_`, or `none`.
    public var name: String

    public init(from: IDFVersion, name: String) {
        self.from = from
        self.name = name
    }
}

/// A check the IDF build enforces between knobs with `#error` (`knob ≤ atMost`), from
/// `constraints:` in knobs.yaml: e.g. ESP_WIFI_RX_BA_WIN ≤ 2 × ESP_WIFI_STATIC_RX_BUFFER_NUM.
public struct KnobConstraint: Hashable, Sendable, CustomStringConvertible {
    public var knob: String
    public var atMost: SizeExpression
    public var source: String

    public init(knob: String, atMost: SizeExpression, source: String) {
        self.knob = knob
        self.atMost = atMost
        self.source = source
    }

    /// Whether `knobs` satisfy it; a knob the values do not name cannot break it.
    public func holds(_ knobs: [String: Int]) -> Bool {
        guard let value = knobs[knob], case .success(let limit) = atMost.evaluate(knobs) else { return true }
        return value <= limit
    }

    public var description: String { "\(knob) ≤ \(atMost)" }
}
