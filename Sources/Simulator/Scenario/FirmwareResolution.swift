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

    /// `--firmware` as given, or the newest release for the chip and IDF. With `checkSupport` (the user named
    /// the release) a MicroPython release the support table knows must support `idf`, and one newer than the
    /// table's newest is refused: neither would build. (Workloads name no firmware: they are applications; a
    /// field report pins the release its reporter ran, reports/ and docs/reports.md.)
    public static func resolve(_ name: String?, chip: String, idf: IDFVersion,
                                checkSupport: Bool = false) throws(Diagnostic) -> Firmware {
        if let name {
            guard let f = Firmware(parsing: name) else {
                throw Diagnostic("'\(name)' is not a firmware release heapfit knows",
                                 expected: "PORT-MAJOR.MINOR, e.g. micropython-1.24, micropython-1.19, circuitpython-9.2, "
                                     + "micropython-esp8266-1.24 or pycom-1.20",
                                 fix: "Correct --firmware, or omit it for the newest release that supports this IDF")
            }
            if checkSupport, f.port == .micropython, chip.uppercased() != "ESP8266" { try f.checkSupported(idf: idf) }
            return f
        }
        guard let f = Firmware.newest(for: chip, idf: idf) else {
            throw Diagnostic("No MicroPython release supports ESP-IDF \(idf)",
                             expected: "an IDF release MicroPython lists in ports/esp32/README.md",
                             fix: "Name the firmware with --firmware, e.g. --firmware micropython-1.24")
        }
        return f
    }

    /// The newest IDF release with static data for the board that the newest MicroPython supporting it runs.
    public static func defaultIDF(board: Board, catalogue: Catalogue) throws(Diagnostic) -> IDFVersion {
        for release in board.knownReleases.reversed() {
            guard (try? catalogue.statics(of: board, idf: release))?.dram.confidence != .unknown,
                  Firmware.newest(for: board.chip, idf: release) != nil else { continue }
            return release
        }
        throw Diagnostic("Board \(board.name) has no IDF release with known static sizes",
                         fix: "Pass --idf and --static-dram with your build's figure")
    }

    /// The IDF release of a scenario on board `name`: `text` (parsed by `parse`) or, omitted, the board's
    /// default; on a chip without ESP-IDF (ESP8266) none exists, so giving one is an error whatever it says.
    public static func idf(_ text: String?, board name: String, catalogue: Catalogue,
                           parse: (String) throws(Diagnostic) -> IDFVersion) throws(Diagnostic) -> IDFVersion {
        let board = try catalogue.board(named: name)
        if catalogue.chip(named: board.chip)?.nonOS != nil {
            guard text == nil else {
                throw Diagnostic("\(board.name) is an \(board.chip): it runs the NONOS SDK, not ESP-IDF",
                                 expected: "no --idf for this board", fix: "Drop --idf")
            }
            return DeviceBoot.nonOSRelease
        }
        guard let text else { return try defaultIDF(board: board, catalogue: catalogue) }
        return try parse(text)
    }
}
