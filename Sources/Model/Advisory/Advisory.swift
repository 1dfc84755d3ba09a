/// A known defect or pitfall (of a firmware release, an IDF release, a chip, a way of using them)
/// and the conditions under which it matters, with its source: an entry of
/// `workloads/advisories/advisories.yaml`.
public struct Advisory: Hashable, Sendable {
    /// How much it matters when it applies: `high` breaks the program (crash, failed connection),
    /// `medium` costs memory or margins the simulation may not show, `low` is worth knowing.
    public enum Severity: String, Hashable, Sendable, CaseIterable, Comparable, Codable {
        case high, medium, low

        /// high < medium < low: reports list the most severe first.
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    }

    /// Stable identifier (`idf54-tls-default-heap`), kebab-case.
    public var id: String
    public var title: String
    /// One paragraph: what to do.
    public var advice: String
    public var severity: Severity
    public var conditions: AdvisoryConditions
    public var source: AdvisorySource
    /// Line of the entry in its file.
    public var line: Int

    /// An advisory from its parts (the loader builds them from the file).
    public init(id: String, title: String, advice: String, severity: Severity, conditions: AdvisoryConditions,
                source: AdvisorySource, line: Int) {
        self.id = id
        self.title = title
        self.advice = advice
        self.severity = severity
        self.conditions = conditions
        self.source = source
        self.line = line
    }
}

/// Where an advisory comes from: where its facts are written down and the upstream issue, PR or commit.
public struct AdvisorySource: Hashable, Sendable, CustomStringConvertible {
    /// Where the facts are written down: a file of this repository with its sections
    /// (`docs/domain/micropython-heap.md §3`) or, for a field report, its upstream thread (a URL).
    public var domain: String
    /// The upstream reference (`adafruit/circuitpython#10328 (3da2914), first in 10.0.0-alpha.5`).
    public var upstream: String

    /// A source: where the facts are written down and the upstream reference.
    public init(domain: String, upstream: String) {
        self.domain = domain
        self.upstream = upstream
    }

    public var description: String { "\(domain); \(upstream)" }
}

/// Everything that must hold for an advisory to apply. A condition left out holds always.
public struct AdvisoryConditions: Hashable, Sendable {
    /// Firmware ports and releases (`micropython >=1.22 | circuitpython <10.0`).
    public var firmware: FirmwareRange?
    public var idf: IDFRange?
    /// Chip names as boards.yaml spells them.
    public var chips: [String]?
    /// Workload features that must all be present (`tls`), or absent when written `!ble`.
    public var features: [WorkloadFeature]
    public var absentFeatures: [WorkloadFeature]
    /// Whether the board has PSRAM.
    public var psram: Bool?
    /// The initial Python heap in bytes (`>=56K`).
    public var initialHeap: SizeComparison?
    /// Knob values (`MBEDTLS_SSL_IN_CONTENT_LEN: "<16384"`).
    public var knobs: [String: SizeComparison]
    /// What the simulation showed: the Python heap grew during the workload / the workload fits.
    public var grew: Bool?
    public var fits: Bool?

    /// Conditions; every one left out always holds.
    public init(firmware: FirmwareRange? = nil, idf: IDFRange? = nil, chips: [String]? = nil, features: [WorkloadFeature] = [],
                absentFeatures: [WorkloadFeature] = [], psram: Bool? = nil, initialHeap: SizeComparison? = nil,
                knobs: [String: SizeComparison] = [:], grew: Bool? = nil, fits: Bool? = nil) {
        self.firmware = firmware
        self.idf = idf
        self.chips = chips
        self.features = features
        self.absentFeatures = absentFeatures
        self.psram = psram
        self.initialHeap = initialHeap
        self.knobs = knobs
        self.grew = grew
        self.fits = fits
    }
}

/// What a workload does that advisories care about, derived from the components it opens and its
/// steps (Advisor's `WorkloadFeatures`).
public enum WorkloadFeature: String, Hashable, Sendable, CaseIterable, Comparable {
    case wifi, softap, ble, socket, tls, axtls, server, mqtt, webrepl, espnow
    /// TLS next to a listening server (an HTTPS server).
    case tlsServer = "tls-server"
    /// Two or more TLS sessions open at the same moment.
    case tlsConcurrent = "tls-concurrent"
    /// C code in another task allocates from the GC heap (the `gc-alloc-during-collection` step).
    case gcAllocOtherTask = "gc-alloc-other-task"

    public static func < (a: WorkloadFeature, b: WorkloadFeature) -> Bool { a.rawValue < b.rawValue }
}

/// A comparison with a byte count or a knob value: `>=56K`, `<16384`, `==1`, or a bare number (equal).
public struct SizeComparison: Hashable, Sendable, CustomStringConvertible {
    public var comparison: FeatureCondition.Comparison
    public var value: Int
    public var text: String

    /// Parses `>=56K`, `<16384`, `==1`, `!=0`, `4096`; nil otherwise.
    public init?(parsing source: String) {
        let token = source.trimmingCharacters(in: .whitespaces)
        // Two-character operators first, so `<=` is not read as `<`.
        let ordered = FeatureCondition.Comparison.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        let op = ordered.first { token.hasPrefix($0.rawValue) }
        let number = op.map { String(token.dropFirst($0.rawValue.count)) } ?? token
        guard let value = SizeParser.parse(number.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.comparison = op ?? .eq
        self.value = value
        self.text = token
    }

    /// Whether `x` satisfies the comparison.
    public func holds(_ x: Int) -> Bool { comparison.holds(x, value) }

    public var description: String { text }
}

/// Firmware ports and release ranges: alternatives joined by `|`, each a port name
/// (`micropython`, `circuitpython`, `micropython-esp8266`, `pycom`) and optional bounds on its
/// MAJOR.MINOR release written as IDFRange writes them (`circuitpython <10.0`, `micropython >=1.19 <1.21`).
public struct FirmwareRange: Hashable, Sendable, CustomStringConvertible {
    public struct Alternative: Hashable, Sendable {
        public var port: String
        /// nil: every release of the port.
        public var releases: IDFRange?
    }

    /// The ports heapfit models (Simulator's `Firmware.Port` raw values; AdvisoryTests checks they agree).
    public static let ports = ["micropython", "circuitpython", "micropython-esp8266", "pycom"]

    public var alternatives: [Alternative]
    public var text: String

    /// Parses the text; nil when a port is unknown or a bound does not parse.
    public init?(parsing source: String) {
        var alternatives: [Alternative] = []
        for part in source.split(separator: "|", omittingEmptySubsequences: false) {
            let words = part.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let port = words.first, Self.ports.contains(port) else { return nil }
            var releases: IDFRange?
            if words.count > 1 {
                guard let range = IDFRange(parsing: words.dropFirst().joined(separator: " ")) else { return nil }
                releases = range
            }
            alternatives.append(Alternative(port: port, releases: releases))
        }
        guard !alternatives.isEmpty else { return nil }
        self.alternatives = alternatives
        self.text = source.trimmingCharacters(in: .whitespaces)
    }

    /// Whether `port` at release `major.minor` is in the range.
    public func contains(port: String, major: Int, minor: Int) -> Bool {
        alternatives.contains { $0.port == port && ($0.releases?.contains(IDFVersion(major, minor)) ?? true) }
    }

    public var description: String { text }
}
