import Model

/// What a board's heaps look like when `app_main` starts.
public struct BootedHeaps: Sendable {
    /// The pieces `heap_caps_init` printed, in registration order.
    public var pieces: [BootPiece]
    /// The heap_caps layer with every heap registered (PSRAM and the internal reserve pool included).
    public var caps: HeapCaps
    public var variant: AllocatorVariant
    /// The PSRAM heap `esp_psram` added, if any.
    public var psramHeap: AddressRange?
    /// Bytes taken for the `SPIRAM_MALLOC_RESERVE_INTERNAL` pool (0 without one).
    public var reservePool: Int
}

/// The start-up order of esp-idf (v5.4.2 `components/esp_system/startup.c`, `esp_psram.c`,
/// `components/freertos/app_startup.c`; v4.4 `startup.c`, `port_common.c` do the same):
/// 1. `heap_caps_init` registers every piece except the start-up stack ones;
/// 2. with `CONFIG_SPIRAM` (not MEMMAP), `esp_psram` adds the PSRAM heap at the list head with caps
///    {SPIRAM|DEFAULT, 0, 8BIT|32BIT} and, with `SPIRAM_USE_MALLOC`, enables malloc() from it above
///    `SPIRAM_MALLOC_ALWAYSINTERNAL`;
/// 3. the main task registers the start-up stack heaps (`heap_caps_enable_nonos_stack_heaps`);
/// 4. with `SPIRAM_USE_MALLOC`, `SPIRAM_MALLOC_RESERVE_INTERNAL` bytes become the DMA/internal pool.
public enum BootSequence {
    /// `esp_psram_extram_add_to_heap_allocator`'s caps (v5.0+; v4.x used the SPIRAM type's, the same words).
    public static let psramCaps: [MemoryCaps] = [[.spiram, .default], [], [.bits8, .bits32]]

    public static func run(chip: ChipLayout, placement: StaticPlacement,
                           poisoning: PoisoningLevel = .disabled) throws(Diagnostic) -> BootedHeaps {
        let pieces = try Boot.pieces(chip: chip, placement: placement)
        let variant = AllocatorVariant.forLayout(chip)
        var caps = try HeapCaps(chip: chip, pieces: pieces) { start, size in
            HeapFactory.make(variant, poisoning: poisoning, start: start, size: size)
        }
        let f = chip.features
        var psram: AddressRange?
        if f.spiram, f.spiramUse != .memmap, let window = chip.psram, let size = f.spiramSize {
            let bytes = min(size, window.maxSize)
            do {
                try caps.addRegion(caps: psramCaps, start: window.start, end: window.start + bytes)
            } catch {
                throw Diagnostic("ESP-IDF would fail to add the \(bytes) B PSRAM heap at \(Hex.address(window.start)) on \(chip.name) (\(error))",
                                 fix: "Check the board's spiramSize and the chip's psram window in boards.yaml")
            }
            psram = AddressRange(name: "psram", start: window.start, end: window.start + bytes)
            if f.spiramUse == .malloc { caps.enableExtmem(limit: f.spiramAlwaysInternal) }
        }
        caps.enableNonOSStackHeaps()
        var pool = 0
        if psram != nil, f.spiramUse == .malloc, f.spiramReserveInternal > 0 {
            guard caps.reserveInternalPool(f.spiramReserveInternal) else {
                // esp_psram_extram_reserve_dma_pool fails → app_startup aborts ("Could not reserve internal/DMA pool").
                throw Diagnostic("The \(f.spiramReserveInternal) B internal DMA pool cannot be reserved on \(chip.name)",
                                 expected: "enough DMA-capable internal RAM at boot", fix: "Lower SPIRAM_MALLOC_RESERVE_INTERNAL")
            }
            pool = f.spiramReserveInternal
        }
        return BootedHeaps(pieces: pieces, caps: caps, variant: variant, psramHeap: psram, reservePool: pool)
    }
}
