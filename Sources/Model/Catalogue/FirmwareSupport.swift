/// One firmware release and the ESP-IDF releases it builds with (boards.yaml `firmwareSupport:`):
/// MicroPython's ports/esp32/README.md at the release's tag, CircuitPython's esp-idf submodule.
public struct FirmwareSupport: Hashable, Sendable {
    /// `micropython` or `circuitpython` (the firmware port's name as `--firmware` spells it).
    public var port: String
    public var major: Int
    public var minor: Int
    /// Every IDF release the release lists, oldest first.
    public var supported: [IDFVersion]
    /// The release the firmware recommends (the one its official builds use).
    public var recommended: IDFVersion
    /// Chips that need a newer IDF than the list's oldest (MicroPython 1.20: S3 from 4.4).
    public var chipMinimum: [String: IDFVersion]
    public var source: String
    public var line: Int?

    public init(port: String, major: Int, minor: Int, supported: [IDFVersion], recommended: IDFVersion,
                chipMinimum: [String: IDFVersion] = [:], source: String, line: Int? = nil) {
        self.port = port
        self.major = major
        self.minor = minor
        self.supported = supported
        self.recommended = recommended
        self.chipMinimum = chipMinimum
        self.source = source
        self.line = line
    }

    /// `micropython-1.28`.
    public var name: String { "\(port)-\(major).\(minor)" }

    /// The releases it supports on `chip`.
    public func supported(on chip: String) -> [IDFVersion] {
        guard let minimum = chipMinimum.first(where: { $0.key.caseInsensitiveCompare(chip) == .orderedSame })?.value else {
            return supported
        }
        return supported.filter { !($0 < minimum) }
    }

    public func supports(_ idf: IDFVersion, on chip: String) -> Bool { supported(on: chip).contains(idf) }
}

/// Every firmware release the catalogue knows, with the IDF releases it supports.
public struct FirmwareSupportTable: Hashable, Sendable {
    /// Newest first within a port.
    public var releases: [FirmwareSupport]
    public var source: String

    public init(releases: [FirmwareSupport] = [], source: String = "") {
        self.releases = releases.sorted { ($0.port, $1.major, $1.minor) < ($1.port, $0.major, $0.minor) }
        self.source = source
    }

    /// Whether the table lists releases of `port` (ports without a table, such as the ESP8266 port, are not checked).
    public func covers(port: String) -> Bool { releases.contains { $0.port == port } }

    public func release(port: String, major: Int, minor: Int) -> FirmwareSupport? {
        releases.first { $0.port == port && $0.major == major && $0.minor == minor }
    }

    /// The releases of `port`, newest first, limited to `within` (a board's `firmwareReleases`).
    public func releases(port: String, within range: IDFRange? = nil) -> [FirmwareSupport] {
        releases.filter { $0.port == port && (range?.contains(IDFVersion($0.major, $0.minor)) ?? true) }
    }

    /// The newest release of `port` (within `range`) that supports `idf` on `chip`.
    public func newest(port: String, supporting idf: IDFVersion, on chip: String, within range: IDFRange? = nil) -> FirmwareSupport? {
        releases(port: port, within: range).first { $0.supports(idf, on: chip) }
    }

    /// Every IDF release some release of `port` (within `range`) supports on `chip`, oldest first.
    public func idfReleases(port: String, on chip: String, within range: IDFRange? = nil) -> [IDFVersion] {
        Array(Set(releases(port: port, within: range).flatMap { $0.supported(on: chip) })).sorted()
    }
}
