import Model

/// What an `idf.py size` summary says about a board: its chip (from the segment totals) and the
/// static DRAM/IRAM the catalogue stores ("Used static DRAM" / "Used static IRAM").
enum IDFSizeInterpretation {
    struct Reading {
        var chip: ChipLayout?
        /// Bluetooth as the DRAM total shows it (`dram0_0_seg` is shorter by `CONFIG_BTDM_RESERVE_DRAM`).
        var bluetooth: Bool?
        var notes: [String]
    }

    static func read(_ r: IDFSizeReport, catalogue: Catalogue, board: Board?) -> Reading {
        var notes: [String] = []
        guard let dram = r.staticDRAM, let iram = r.staticIRAM else {
            if r.staticDIRAM != nil {
                notes.append("The summary has one D/IRAM figure (code and data share the SRAM of this chip); boards.yaml "
                             + "keeps static DRAM and IRAM apart, so no entry is made from it.")
            } else {
                notes.append("The summary has no DRAM or IRAM figure, so no static sizes can be taken from it.")
            }
            return Reading(chip: nil, bluetooth: nil, notes: notes)
        }
        // Chips whose segments have these totals.
        var fits: [(ChipLayout, Bool?)] = []
        if let dt = dram.total, let it = iram.total {
            for c in catalogue.chips where c.linker.iramLength == it {
                let l = c.linker
                if dt == l.dram0Length { fits.append((c, l.btReserveDram > 0 ? false : nil)) }
                else if l.btReserveDram > 0, dt == l.dram0Length - l.btReserveDram { fits.append((c, true)) }
            }
        }
        if let board, let chip = catalogue.chip(named: board.chip) {
            if let fit = fits.first(where: { $0.0.name == chip.name }) {
                return Reading(chip: chip, bluetooth: fit.1, notes: notes)
            }
            if !fits.isEmpty || dram.total != nil {
                notes.append("The DRAM/IRAM totals (\(dram.total.map(String.init) ?? "?") / \(iram.total.map(String.init) ?? "?") B) "
                             + "do not match \(chip.name)'s segments in boards.yaml; the figures are read as \(board.name)'s anyway.")
            }
            return Reading(chip: chip, bluetooth: nil, notes: notes)
        }
        guard fits.count == 1, let (chip, bt) = fits.first else {
            notes.append(fits.isEmpty
                ? "No chip in boards.yaml has a \(dram.total.map(String.init) ?? "?") B dram0_0_seg and a "
                    + "\(iram.total.map(String.init) ?? "?") B iram0_0_seg; pass --board to say which board this build is for."
                : "Several chips fit these segment totals; pass --board to say which board this build is for.")
            return Reading(chip: nil, bluetooth: nil, notes: notes)
        }
        return Reading(chip: chip, bluetooth: bt, notes: notes)
    }
}
