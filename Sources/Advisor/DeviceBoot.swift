import Model
import Simulator

/// A board booted on an IDF release: its heaps registered as `heap_caps_init` leaves them.
public struct BootedDevice: Sendable {
    public var board: Board
    public var chip: ChipLayout
    public var idf: IDFVersion
    public var variant: AllocatorVariant
    public var staticDRAM: Sourced
    public var staticIRAM: Sourced
    public var pieces: [BootPiece]
    public var caps: HeapCaps
}

public enum DeviceBoot {
    /// Boots `boardName` on `idf`: static placement, boot pieces, heap registration (with the
    /// start-up-stack heaps registered, as by the time `app_main` runs).
    public static func boot(catalogue: Catalogue, boardName: String, idf: IDFVersion,
                            staticDRAM override: Int? = nil) throws(Diagnostic) -> BootedDevice {
        let board = try catalogue.board(named: boardName)
        guard let chip = catalogue.chip(named: board.chip) else {
            throw Diagnostic("Board \(board.name) names chip \(board.chip), which \(catalogue.file) does not define",
                             fix: "Add the chip to \(catalogue.file)")
        }
        let statics = try catalogue.statics(of: board, idf: idf)
        let dram = override.map { Sourced($0, source: "--static-dram (given by the user)") } ?? statics.dram
        let placement = try StaticPlacement(chip: chip, features: board.features,
                                            staticDRAM: dram.value, staticIRAM: statics.iram.value)
        let pieces = try Boot.pieces(chip: chip, features: board.features, placement: placement)
        let variant = AllocatorVariant.forIDF(idf, staticFLIndexMax: chip.tlsfStaticFLIndexMax)
        var caps = try HeapCaps(chip: chip, pieces: pieces) { start, size in
            HeapFactory.make(variant, poisoning: .disabled, start: start, size: size)
        }
        caps.enableNonOSStackHeaps()
        guard caps.heaps.contains(where: { $0.heap != nil }) else {
            throw Diagnostic("No heap could be registered for \(board.name) on IDF \(idf)",
                             fix: "This allocator variant is not modelled for this chip; pick another --idf release")
        }
        return BootedDevice(board: board, chip: chip, idf: idf, variant: variant, staticDRAM: dram,
                            staticIRAM: statics.iram, pieces: pieces, caps: caps)
    }
}
