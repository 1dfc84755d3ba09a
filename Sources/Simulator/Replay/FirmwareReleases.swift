import Model

extension Firmware {
    /// ESP-IDF releases each MicroPython release supports (ports/esp32/README.md per tag;
    /// docs/domain/micropython-heap.md §3), newest MicroPython first. A release matches an IDF
    /// version when the version starts with one of its entries (`5.4` matches 5.4.1 and 5.4.2).
    static let micropythonIDFSupport: [(Firmware, [String])] = [
        (Firmware(port: .micropython, major: 1, minor: 28), ["5.5.1", "5.3", "5.4"]),
        (Firmware(port: .micropython, major: 1, minor: 27), ["5.5.1", "5.2", "5.3", "5.4"]),
        (Firmware(port: .micropython, major: 1, minor: 26), ["5.2", "5.3", "5.4"]),
        (Firmware(port: .micropython, major: 1, minor: 25), ["5.2", "5.2.2", "5.3", "5.4"]),
        (Firmware(port: .micropython, major: 1, minor: 24), ["5.0.4", "5.0.5", "5.1.2", "5.2", "5.2.2"]),
        (Firmware(port: .micropython, major: 1, minor: 23), ["5.0.4", "5.0.5", "5.1.2", "5.2"]),
        (Firmware(port: .micropython, major: 1, minor: 22), ["5.0.4", "5.1.2"]),
        (Firmware(port: .micropython, major: 1, minor: 21), ["5.0.2"]),
        (Firmware(port: .micropython, major: 1, minor: 20), ["4.0.2", "4.1.1", "4.2.2", "4.3.2", "4.4"]),
        (Firmware(port: .micropython, major: 1, minor: 19), ["4.0.2", "4.1.1", "4.2.2", "4.3.2", "4.4"]),
        (Firmware(port: .micropython, major: 1, minor: 18), ["4.0.2", "4.1.1", "4.2"]),
    ]

    /// The newest MicroPython release that supports `idf` on an ESP32-family chip (or the ESP8266
    /// port on ESP8266); nil when none does.
    public static func newest(for chip: String, idf: IDFVersion) -> Firmware? {
        if chip.uppercased() == "ESP8266" { return newest(.micropythonESP8266) }
        let text = "\(idf.major).\(idf.minor).\(idf.patch)"
        for (firmware, releases) in micropythonIDFSupport where releases.contains(where: { Self.matches(text, $0) }) {
            return firmware
        }
        return nil
    }

    /// Whether `version` (x.y.z) falls under `entry` (x.y or x.y.z).
    static func matches(_ version: String, _ entry: String) -> Bool {
        let v = version.split(separator: "."), e = entry.split(separator: ".")
        return zip(v, e).allSatisfy { $0 == $1 } && e.count <= v.count
    }

    /// IDF releases this firmware supports, for messages.
    public var supportedIDF: [String] {
        Self.micropythonIDFSupport.first { $0.0 == self }?.1 ?? []
    }

    /// A MicroPython release newer than the support table's newest, or one whose README lists no ESP-IDF
    /// release of `idf`'s major version, is a diagnostic.
    public func checkSupported(idf: IDFVersion) throws(Diagnostic) {
        let f = self
        guard let newest = Self.micropythonIDFSupport.first?.0 else { return }
        if (f.major, f.minor) > (newest.major, newest.minor) {
            throw Diagnostic("heapfit knows MicroPython releases up to \(newest), not \(f)",
                             expected: "a MicroPython release listed in ports/esp32/README.md up to \(newest)",
                             fix: "Name a known release with --firmware, or omit it for the newest one that supports ESP-IDF \(idf)")
        }
        // Only the major release is held against the README's list: the port moved from IDF 4 to IDF 5 at once in
        // v1.21 (the table: 1.20 lists only 4.x, 1.21 only 5.0.2), while minor releases past the list often build.
        let majors = Set(f.supportedIDF.compactMap { IDFVersion(parsing: $0)?.major })
        guard !majors.isEmpty, !majors.contains(idf.major) else { return }
        let alternative = Self.newest(for: "ESP32", idf: idf).map { "--firmware \($0)" } ?? "another --idf"
        throw Diagnostic("\(f) does not build with ESP-IDF \(idf): its ports/esp32/README.md lists ESP-IDF "
                         + f.supportedIDF.joined(separator: ", "),
                         expected: "an ESP-IDF " + majors.sorted().map { "\($0).x" }.joined(separator: " or ") + " release for \(f)",
                         fix: "Pick a matching --idf, or \(alternative)")
    }
}
