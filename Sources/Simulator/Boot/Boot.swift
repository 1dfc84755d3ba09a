import Model

/// One heap as `heap_caps_init` prints and registers it.
public struct BootPiece: Hashable, Sendable {
    public var start: Int
    public var size: Int
    /// Index into the chip's `types`.
    public var type: Int
    public var typeName: String
    public var startupStack: Bool

    public var end: Int { start + size }

    public init(start: Int, size: Int, type: Int, typeName: String, startupStack: Bool) {
        self.start = start
        self.size = size
        self.type = type
        self.typeName = typeName
        self.startupStack = startupStack
    }

    /// `At %08X len %08X (%d KiB): %s`, as `ESP_EARLY_LOGI("heap_init", …)` prints it (without the
    /// `I (<ms>) heap_init: ` prefix).
    public var logLine: String {
        "At \(Hex.padded(start)) len \(Hex.padded(size)) (\(size / 1024) KiB): \(typeName)"
    }
}

/// From a chip layout, the static placement and the features to the heap pieces, exactly as
/// `soc_get_available_memory_regions` + `heap_caps_init` compute them (esp-idf v5.4.2
/// `components/heap/port/memory_layout_utils.c`, `components/heap/heap_caps_init.c`; domain §3.1).
public enum Boot {
    /// Every reserved range of this build: sorted by start, widened to 4 B.
    public static func reservedRanges(chip: ChipLayout, placement: StaticPlacement) throws(Diagnostic) -> [AddressRange] {
        var ranges = chip.reserved + placement.ranges
        // s_prepare_reserved_regions: qsort by start, then start &= ~3, end = (end + 3) & ~3.
        ranges.sort { $0.start < $1.start }
        ranges = ranges.map { AddressRange(name: $0.name, start: $0.start & ~3, end: ($0.end + 3) & ~3) }
        for (a, b) in zip(ranges, ranges.dropFirst()) where a.end > b.start {
            // IDF logs "SOC_RESERVE_MEMORY_REGION region range … overlaps with …" and aborts.
            throw Diagnostic("Reserved ranges overlap on \(chip.name): \(a) and \(b)",
                             expected: "disjoint reserved ranges (IDF aborts at boot otherwise)",
                             fix: "Check the static DRAM/IRAM sizes and the reserved ranges in boards.yaml")
        }
        return ranges
    }

    /// The available regions after cutting out the reserved ranges, in array order, pieces ≤ 16 B dropped
    /// (`soc_get_available_memory_regions`).
    public static func availableRegions(chip: ChipLayout, reserved: [AddressRange]) -> [BootPiece] {
        var out: [BootPiece] = []
        for region in chip.regions {
            var start = region.start
            let end = region.end
            // Reserved ranges are sorted and disjoint: walk them left to right, emitting the gaps.
            for r in reserved where r.end > start && r.start < end {
                if r.start > start { out.append(piece(region, chip, start, r.start)) }
                start = max(start, r.end)
                if start >= end { break }
            }
            if start < end { out.append(piece(region, chip, start, end)) }
        }
        // "ignore regions smaller than 16B": pieces of size ≤ 16 are dropped (since v4.2, 7491ea677a7).
        return out.filter { $0.size > 16 }
    }

    /// Merges neighbours when `b.start == a.end`, the type matches and `startup_stack` matches
    /// (heap_caps_init v5.2+; ≤ v5.1 compares the type only, but there `startup_stack` was a property
    /// of the type, so boards.yaml gives stack regions their own type key and the rule is the same).
    public static func merge(_ pieces: [BootPiece]) -> [BootPiece] {
        var out: [BootPiece] = []
        for p in pieces {
            if let last = out.last, p.start == last.end, p.type == last.type, p.startupStack == last.startupStack {
                out[out.count - 1].size += p.size
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// The heaps `heap_caps_init` prints and registers, in registration (array) order.
    public static func pieces(chip: ChipLayout, placement: StaticPlacement) throws(Diagnostic) -> [BootPiece] {
        let reserved = try reservedRanges(chip: chip, placement: placement)
        return merge(availableRegions(chip: chip, reserved: reserved))
    }

    private static func piece(_ r: MemoryRegion, _ chip: ChipLayout, _ start: Int, _ end: Int) -> BootPiece {
        BootPiece(start: start, size: end - start, type: r.type, typeName: chip.types[r.type].name,
                  startupStack: r.startupStack)
    }
}
