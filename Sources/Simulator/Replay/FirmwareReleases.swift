import Model

extension Firmware {
    /// The catalogue's key for this release (static sizes may hold for some releases only).
    public var key: FirmwareKey { FirmwareKey(port: port.rawValue, major: major, minor: minor) }

    init(_ support: FirmwareSupport) {
        self.init(port: Port(rawValue: support.port) ?? .micropython, major: support.major, minor: support.minor)
    }

    /// The newest release of `board`'s port (among those that ship it) that supports `idf` on its chip
    /// (`firmwareSupport:` in boards.yaml); the ESP8266 port on an ESP8266; nil when none does.
    public static func newest(for board: Board, idf: IDFVersion, table: FirmwareSupportTable) -> Firmware? {
        if board.chip.uppercased() == "ESP8266" { return newest(.micropythonESP8266) }
        if !table.covers(port: board.firmware.rawValue) { return newest(Port(rawValue: board.firmware.rawValue) ?? .micropython) }
        return table.newest(port: board.firmware.rawValue, supporting: idf, on: board.chip, within: board.firmwareReleases).map(Firmware.init)
    }

    /// A release of a port the table covers must be listed and must list `idf` (exactly: MicroPython's
    /// README names patch releases, `v5.4` is the tag 5.4.0) for `chip`; refused with the releases it supports.
    public func checkSupported(idf: IDFVersion, chip: String, board: Board, table: FirmwareSupportTable) throws(Diagnostic) {
        guard table.covers(port: port.rawValue) else { return }
        let known = table.releases(port: port.rawValue)
        guard let row = table.release(port: port.rawValue, major: major, minor: minor) else {
            throw Diagnostic("heapfit does not know \(self)",
                             expected: "a release in the firmware support table: " + known.map(\.name).joined(separator: ", "),
                             fix: "Name a known release with --firmware, or omit it for the newest one that supports ESP-IDF \(idf)")
        }
        guard !row.supports(idf, on: chip) else { return }
        let list = row.supported(on: chip).map(\.description).joined(separator: ", ")
        var fix = "Pass --idf \(row.recommended) (the release \(self) recommends)"
        if let other = Self.newest(for: board, idf: idf, table: table) { fix += ", or --firmware \(other) (the newest that supports ESP-IDF \(idf))" }
        throw Diagnostic("\(self) does not support ESP-IDF \(idf) on \(chip): it supports \(list.isEmpty ? "no release of this chip" : list) (\(row.source))",
                         expected: "an ESP-IDF release \(self) lists", fix: fix)
    }
}
