import Model

/// What an `idf.py size` summary says about a board: its chip (from the segment totals) and the static
/// sizes boards.yaml stores. ESP32 keeps data and code apart ("Used static DRAM" / "Used static IRAM");
/// on unified-SRAM chips (S2, S3, C2, C3, C6) boards.yaml's static DRAM is the whole used span, which
/// `idf.py size` prints as D/IRAM ("Used stat D/IRAM", the DIRAM row), and S3's IRAM-only block is its IRAM.
enum IDFSizeInterpretation {
    struct Reading {
        var chip: ChipDefinition?
        /// Bluetooth as the DRAM total shows it (ESP32's `dram0_0_seg` is shorter by `CONFIG_BTDM_RESERVE_DRAM`).
        var bluetooth: Bool?
        var dram: IDFSizeMemoryType?
        var iram: IDFSizeMemoryType?
        var notes: [String]
    }

    /// The figures of `r` that are static DRAM and IRAM for `chip`.
    static func figures(_ r: IDFSizeReport, for chip: ChipDefinition) -> (IDFSizeMemoryType?, IDFSizeMemoryType?) {
        switch chip.linkerKind {
        case .separate: (r.staticDRAM, r.staticIRAM)
        case .unified: (r.staticDIRAM ?? r.staticDRAM, chip.iramLength > 0 ? r.staticIRAM : nil)
        }
    }

    /// Whether the segment totals are this chip's, and what they say about Bluetooth.
    static func fits(_ r: IDFSizeReport, _ chip: ChipDefinition) -> (fits: Bool, bluetooth: Bool?) {
        let (dram, iram) = figures(r, for: chip)
        guard let dt = dram?.total else { return (false, nil) }
        if chip.iramLength > 0, iram?.total != chip.iramLength { return (false, nil) }
        if dt == chip.dram0Length { return (true, chip.btReserveDram > 0 ? false : nil) }
        if chip.btReserveDram > 0, dt == chip.dram0Length - chip.btReserveDram { return (true, true) }
        return (false, nil)
    }

    static func read(_ r: IDFSizeReport, catalogue: Catalogue, board: Board?) -> Reading {
        let chips = catalogue.chips.filter { $0.kind == .espIDF }
        if let board, let chip = catalogue.chip(named: board.chip) {
            let (dram, iram) = figures(r, for: chip)
            let fit = fits(r, chip)
            var notes: [String] = []
            if !fit.fits {
                notes.append("The segment totals of this summary are not \(chip.name)'s as boards.yaml has them; "
                             + "its figures are read as \(board.name)'s anyway.")
            }
            if dram == nil { notes.append("The summary has no figure for \(chip.name)'s static DRAM, so no entry is made.") }
            return Reading(chip: dram == nil ? nil : chip, bluetooth: fit.bluetooth, dram: dram, iram: iram, notes: notes)
        }
        let fitting = chips.compactMap { c -> (ChipDefinition, Bool?)? in
            let f = fits(r, c)
            return f.fits ? (c, f.bluetooth) : nil
        }
        guard fitting.count == 1, let (chip, bt) = fitting.first else {
            let note = fitting.isEmpty
                ? "No chip in boards.yaml has segments of these totals; pass --board to say which board this build is for."
                : "Several chips (\(fitting.map(\.0.name).joined(separator: ", "))) have segments of these totals; "
                    + "pass --board to say which board this build is for."
            return Reading(chip: nil, bluetooth: nil, dram: nil, iram: nil, notes: [note])
        }
        let (dram, iram) = figures(r, for: chip)
        return Reading(chip: chip, bluetooth: bt, dram: dram, iram: iram, notes: [])
    }
}
