import Model

/// A board booted on an IDF release: its heaps as `app_main` finds them (start-up-stack heaps
/// registered, and, on PSRAM boards, the PSRAM heap and the internal reserve pool added).
public struct BootedDevice: Sendable {
    public var board: Board
    public var chip: ChipLayout
    public var idf: IDFVersion
    public var variant: AllocatorVariant
    public var staticDRAM: Sourced
    /// Nil when no source gives it (the IRAM segment is then taken as full).
    public var staticIRAM: Sourced?
    public var pieces: [BootPiece]
    public var caps: HeapCaps
    /// Set on a chip without ESP-IDF (ESP8266): `idf` is then `DeviceBoot.nonOSRelease` and `variant`
    /// unused; the one heap is the SDK's.
    public var nonOS: NonOSFacts? = nil
}

public enum DeviceBoot {
    /// Boots `boardName` on `idf` with the catalogue's static sizes (or the user's static DRAM):
    /// the chip layout of that release and board, static placement, `BootSequence`.
    /// `firmware` picks the static sizes keyed to a firmware release; `withinInterval` makes `override` a point of
    /// the catalogue's interval (chosen by heapfit) rather than the user's figure. Where the catalogue gives only
    /// an interval and no point is asked, the device boots at its upper bound (the worst end).
    public static func boot(catalogue: Catalogue, boardName: String, idf: IDFVersion, firmware: FirmwareKey? = nil,
                            staticDRAM override: Int? = nil, withinInterval: Bool = false) throws(Diagnostic) -> BootedDevice {
        let board = try catalogue.board(named: boardName)
        if let definition = catalogue.chip(named: board.chip), let facts = definition.nonOS {
            return try bootNonOS(board: board, chip: definition, facts: facts, staticDRAM: override)
        }
        let chip = try catalogue.layout(of: board, idf: idf)
        let dram = try catalogue.staticDRAM(of: board, idf: idf, firmware: firmware, override: override, withinInterval: withinInterval)
        let statics = try? catalogue.statics(of: board, idf: idf, firmware: firmware)
        let iram = statics?.iram.flatMap { $0.confidence == .unknown ? nil : $0 }
        let rtc = statics?.rtc.flatMap { $0.confidence == .unknown ? nil : $0 }
        let placement = try placement(board: board, idf: idf, chip: chip, dram: dram, iram: iram, rtc: rtc,
                                      catalogue: catalogue, given: override != nil && !withinInterval)
        let booted = try BootSequence.run(chip: chip, placement: placement)
        guard booted.caps.heaps.contains(where: { $0.heap != nil }) else {
            throw Diagnostic("No heap could be registered for \(board.name) on IDF \(idf)",
                             fix: "This allocator variant is not modelled for this chip; pick another --idf release")
        }
        return BootedDevice(board: board, chip: chip, idf: idf, variant: booted.variant, staticDRAM: dram,
                            staticIRAM: iram, pieces: booted.pieces, caps: booted.caps)
    }

    /// The static placement of `board`'s sizes; when a catalogue figure does not fit the chip (a board
    /// left with no usable RAM), the diagnostic names the board, the release and the catalogue line.
    public static func placement(board: Board, idf: IDFVersion, chip: ChipLayout, dram: Sourced, iram: Sourced?, rtc: Sourced?,
                          catalogue: Catalogue, given: Bool) throws(Diagnostic) -> StaticPlacement {
        do {
            return try StaticPlacement(chip: chip, staticDRAM: dram.value, staticIRAM: iram?.value, staticRTC: rtc?.value ?? 0)
        } catch {
            guard !given, error.file == nil else { throw error }
            var d = error
            d.what = "Board \(board.name) on ESP-IDF \(idf) leaves no usable RAM: " + d.what
            d.file = catalogue.file
            d.line = dram.line ?? board.line
            d.fix = "Correct the board's static sizes in the catalogue. " + (d.fix ?? "")
            throw d
        }
    }
}
