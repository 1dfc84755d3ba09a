/// How sure a figure is (boards.yaml `confidence`).
public enum Confidence: String, Hashable, Sendable, Codable, CaseIterable {
    /// Read from a published build report or log of exactly this board and release.
    case measured
    /// Computed from published figures by a stated rule (e.g. the main heap start of a real boot log).
    case derived
    /// Carried over from a similar board or release, by a stated argument; likely close, not checked.
    case estimated
    /// No source gives it: a documented placeholder the user should replace.
    case unknown
    /// Read by `heapfit import` from a log or build report the user supplied (its `source` names the file).
    case imported
}

/// A number with where it comes from.
public struct Sourced: Hashable, Sendable, Codable {
    public var value: Int
    public var source: String
    public var confidence: Confidence
    /// The line in boards.yaml, for diagnostics.
    public var line: Int?
    /// Set when only bounds are known (boards.yaml `range: [lo, hi]`): `value` is then the upper bound,
    /// the worst end for memory, so a reader that ignores the interval errs on the safe side.
    public var interval: ClosedRange<Int>?

    public init(_ value: Int, source: String, confidence: Confidence = .measured, line: Int? = nil) {
        self.value = value
        self.source = source
        self.confidence = confidence
        self.line = line
    }

    /// A figure known only within `interval`.
    public init(interval: ClosedRange<Int>, source: String, confidence: Confidence, line: Int? = nil) {
        self.init(interval.upperBound, source: source, confidence: confidence, line: line)
        self.interval = interval
    }

    /// `54512 B`, or `54000–55600 B` for an interval.
    public var text: String {
        guard let interval else { return "\(value) B" }
        return "\(interval.lowerBound)–\(interval.upperBound) B"
    }
}

/// The firmware a board entry describes (its port; the release is chosen per simulation).
public enum BoardFirmware: String, Hashable, Sendable, Codable, CaseIterable {
    case micropython
    case circuitpython
}

/// Static memory of one board on one IDF release (`idf.py size` "Used static DRAM/IRAM").
public struct StaticSizes: Hashable, Sendable {
    public var idf: IDFVersion
    /// Static DRAM; on unified-SRAM chips the whole used span from `dram0_0_seg`'s origin (code + data).
    public var dram: Sourced
    /// Static IRAM: `iram0_0_seg` on ESP32, the IRAM-only block on S3; nil when no source gives it.
    public var iram: Sourced?
    /// RTC fast memory used by `.rtc.force_fast`/`.rtc_noinit` data; nil when no source gives it.
    public var rtc: Sourced?
    /// The firmware releases the figures hold for (`micropython <1.27`: built with -O2); nil for every release.
    public var firmware: FirmwareRange?

    public init(idf: IDFVersion, dram: Sourced, iram: Sourced? = nil, rtc: Sourced? = nil, firmware: FirmwareRange? = nil) {
        self.idf = idf
        self.dram = dram
        self.iram = iram
        self.rtc = rtc
        self.firmware = firmware
    }

    /// Whether the entry holds for release `major.minor` of `port`.
    public func holds(port: String, major: Int, minor: Int) -> Bool {
        firmware?.contains(port: port, major: major, minor: minor) ?? true
    }
}

/// A board as a firmware ships it: its chip, the features its sdkconfig enables, its static sizes.
/// A variant (MicroPython `BOARD_VARIANT`) is a board of its own, named `BOARD-VARIANT`.
public struct Board: Hashable, Sendable {
    /// `ESP32_GENERIC` or `ESP32_GENERIC-SPIRAM`: what `--board` takes.
    public var name: String
    public var baseName: String
    public var variant: String?
    public var chip: String
    public var firmware: BoardFirmware
    public var features: Features
    public var statics: [StaticSizes]
    /// The firmware releases (MAJOR.MINOR of its port) that ship this board and that the catalogue covers
    /// (`firmwareReleases: ">=1.24"`); nil: every release of the port.
    public var firmwareReleases: IDFRange?
    public var source: String
    /// boards.yaml line of the entry.
    public var line: Int?

    public init(name: String, baseName: String? = nil, variant: String? = nil, chip: String, firmware: BoardFirmware = .micropython,
                features: Features, statics: [StaticSizes], firmwareReleases: IDFRange? = nil, source: String, line: Int? = nil) {
        self.name = name
        self.baseName = baseName ?? name
        self.variant = variant
        self.chip = chip
        self.firmware = firmware
        self.features = features
        self.statics = statics
        self.firmwareReleases = firmwareReleases
        self.source = source
        self.line = line
    }

    /// The IDF releases this board has static sizes for, oldest first.
    public var knownReleases: [IDFVersion] { Array(Set(statics.map(\.idf))).sorted() }
}
