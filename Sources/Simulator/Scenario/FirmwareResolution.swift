import Model

/// Which firmware release a scenario runs: the one named, or the newest that supports the chip and
/// IDF release; and whether it runs on the device at all.
public enum FirmwareResolution {
    /// The ESP8266 runs the ESP8266 port only, and that port runs on nothing else.
    public static func check(_ firmware: Firmware, device: BootedDevice) throws(Diagnostic) {
        let esp8266 = firmware.port == .micropythonESP8266
        if device.nonOS != nil, !esp8266 {
            throw Diagnostic("\(firmware) does not run on \(device.board.name) (\(device.chip.name), NONOS SDK)",
                             expected: "an ESP8266 port release, e.g. micropython-esp8266-1.24",
                             fix: "Pass --firmware micropython-esp8266-1.24, or omit --firmware")
        }
        if device.nonOS == nil, esp8266 {
            throw Diagnostic("\(firmware) is the ESP8266 port; \(device.board.name) is an \(device.chip.name)",
                             expected: "an ESP32-family release, e.g. micropython-1.24 or circuitpython-9.2",
                             fix: "Pick an ESP8266 board (ESP8266_GENERIC) or another --firmware")
        }
    }

    /// `--firmware` as given, or the newest release of the board's port that supports the IDF on its chip
    /// (boards.yaml `firmwareSupport:`). With `checkSupport` (the user named the release) the release must be
    /// in the table and list `idf` exactly; outside it is refused with the releases it supports. (Workloads name
    /// no firmware: they are applications; a field report pins the release its reporter ran, docs/reports.md.)
    /// `releases`: the IDF releases to name when no firmware supports `idf` (the catalogue's, for the board).
    public static func resolve(_ name: String?, board: Board, idf: IDFVersion, table: FirmwareSupportTable,
                               checkSupport: Bool = false, releases: [IDFVersion]? = nil) throws(Diagnostic) -> Firmware {
        if let name {
            guard let f = Firmware(parsing: name) else {
                throw Diagnostic("'\(name)' is not a firmware release heapfit knows." + firmwareHint(name),
                                 expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24, micropython-1.19, circuitpython-9.2, "
                                     + "micropython-esp8266-1.24 or pycom-1.20",
                                 fix: "Correct --firmware, or omit it for the newest release that supports this IDF")
            }
            if checkSupport, board.chip.uppercased() != "ESP8266" {
                try f.checkSupported(idf: idf, chip: board.chip, board: board, table: table)
            }
            return f
        }
        guard let f = Firmware.newest(for: board, idf: idf, table: table) else {
            let port = board.firmware.rawValue
            let listed = (releases ?? table.idfReleases(port: port, on: board.chip, within: board.firmwareReleases)).map(\.description)
            throw Diagnostic("No \(port) release that ships \(board.name) supports ESP-IDF \(idf) on \(board.chip)",
                             expected: "an IDF release one of them lists: " + listed.joined(separator: ", "),
                             fix: "Pick one of those with --idf, or name the firmware with --firmware")
        }
        return f
    }

    /// " Did you mean micropython-1.24?" for a misspelt port or a missing dash (the version as given, every port's
    /// spelling); "" when nothing is close or no version is given.
    public static func firmwareHint(_ text: String) -> String {
        let version = text.drop(while: { !$0.isNumber })
        guard !version.isEmpty else { return "" }
        return NameSuggestion.hint(for: text, in: Firmware.Port.allCases.map { "\($0.rawValue)-\(version)" })
    }

    /// The IDF release a scenario runs when `--idf` is omitted: the one `firmware` recommends, or the one the
    /// newest release of the board's port recommends (the release its official builds use).
    public static func defaultIDF(board: Board, catalogue: Catalogue, firmware: String? = nil) throws(Diagnostic) -> IDFVersion {
        let table = catalogue.firmwareSupport
        let port = board.firmware.rawValue
        var row = table.releases(port: port, within: board.firmwareReleases).first
        if let firmware {
            guard let f = Firmware(parsing: firmware) else {
                throw Diagnostic("'\(firmware)' is not a firmware release heapfit knows." + firmwareHint(firmware), expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24",
                                 fix: "Correct --firmware")
            }
            row = table.release(port: f.port.rawValue, major: f.major, minor: f.minor)
            if row == nil, table.covers(port: f.port.rawValue) {
                throw Diagnostic("heapfit does not know \(f)",
                                 expected: "a release in the firmware support table: " + table.releases(port: f.port.rawValue).map(\.name).joined(separator: ", "),
                                 fix: "Name a known release with --firmware")
            }
        }
        if let row, catalogue.chip(named: board.chip)?.supported.contains(row.recommended) ?? false,
           row.supports(row.recommended, on: board.chip) {
            return row.recommended
        }
        // No table row (or its recommendation does not run the chip): the newest supported release with static sizes.
        for release in (catalogue.supportedReleases(of: board) + board.knownReleases).sorted().reversed() {
            guard (try? catalogue.statics(of: board, idf: release))?.dram.confidence != .unknown else { continue }
            return release
        }
        throw Diagnostic("Board \(board.name) has no IDF release with known static sizes",
                         fix: "Pass --idf and --static-dram with your build's figure")
    }

    /// The IDF release of a scenario on board `name`: `text` (parsed by `parse`) or, omitted, the board's
    /// default; on a chip without ESP-IDF (ESP8266) none exists, so giving one is an error whatever it says.
    public static func idf(_ text: String?, board name: String, catalogue: Catalogue, firmware: String? = nil,
                           parse: (String) throws(Diagnostic) -> IDFVersion) throws(Diagnostic) -> IDFVersion {
        let board = try catalogue.board(named: name)
        if catalogue.chip(named: board.chip)?.nonOS != nil {
            guard text == nil else {
                throw Diagnostic("\(board.name) is an \(board.chip): it runs the NONOS SDK, not ESP-IDF",
                                 expected: "no --idf for this board", fix: "Drop --idf")
            }
            return DeviceBoot.nonOSRelease
        }
        guard let text else { return try defaultIDF(board: board, catalogue: catalogue, firmware: firmware) }
        return try parse(text)
    }
}
