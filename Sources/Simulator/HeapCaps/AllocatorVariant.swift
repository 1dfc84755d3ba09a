import Model

/// Which allocator a heap runs, with the release-specific details that change
/// what it returns or reports. `docs/domain/esp-idf-heap.md` §0 maps IDF tags to these.
public enum AllocatorVariant: Hashable, Sendable {
    /// IDF ≤ v4.2: multi_heap's own best-fit allocator (§2.4).
    case legacyBestFit
    /// IDF ≥ v4.3: TLSF, in one of its flavours.
    case tlsf(TLSFVariant)

    /// The allocator ESP-IDF `version` builds for a chip.
    /// - Parameters:
    ///   - staticFLIndexMax: `FL_INDEX_MAX` the static-control releases derive from
    ///     `TLSF_MAX_POOL_SIZE` on this chip (§1.3: ESP32 18, S2/S3/C3 19, more with PSRAM).
    ///   - romTLSF: the chip runs TLSF from mask ROM (`CONFIG_HEAP_TLSF_USE_ROM_IMPL`,
    ///     C2/C6/H2…); §0 infers a static 1736 B control block and no rounding fix.
    ///   - romFLIndexMax: the ROM build's `FL_INDEX_MAX` (19 on C6, inferred from a heap dump).
    public static func forIDF(_ version: IDFVersion, staticFLIndexMax: Int, romTLSF: Bool = false,
                              romFLIndexMax: Int = 19) -> AllocatorVariant {
        if romTLSF { return .tlsf(.staticControl(flIndexMax: romFLIndexMax, largestFreeBlock: .classMask)) }
        // Release boundaries: docs/domain/esp-idf-heap.md §0 and §2.1, corrected by the traces of the
        // real sources in Tests/Fixtures/allocator-traces (v4.4.2 began counting the 4 B block
        // header in free_bytes; poisoning's get_allocated_size subtracts 12 only from v4.4.5/v5.0.2).
        let rawPoisonedSize = version < IDFVersion(4, 4, 5) || (version >= IDFVersion(5, 0) && version < IDFVersion(5, 0, 2))
        var variant: TLSFVariant
        switch version {
        case ..<IDFVersion(4, 3):
            return .legacyBestFit
        case ..<IDFVersion(4, 3, 2):
            // espressif/esp-idf#7808: v4.3–v4.3.1 reported a power of two.
            variant = .staticControl(flIndexMax: staticFLIndexMax, largestFreeBlock: .powerOfTwo)
            variant.countsBlockHeader = false
        case ..<IDFVersion(4, 3, 5):
            variant = .staticControl(flIndexMax: staticFLIndexMax, largestFreeBlock: .classMask)
            variant.countsBlockHeader = false
        case ..<IDFVersion(4, 4):
            variant = .dynamicControl(fitSize: .original)
        case ..<IDFVersion(4, 4, 2):
            variant = .staticControl(flIndexMax: staticFLIndexMax, largestFreeBlock: .classMask)
            variant.countsBlockHeader = false
        case ..<IDFVersion(4, 4, 4):
            variant = .staticControl(flIndexMax: staticFLIndexMax, largestFreeBlock: .classMask)
        case ..<IDFVersion(5, 0):
            variant = .dynamicControl(fitSize: .original)
        case ..<IDFVersion(5, 0, 1):
            variant = .staticControl(flIndexMax: staticFLIndexMax, largestFreeBlock: .classMask)
        case ..<IDFVersion(5, 3):
            variant = .dynamicControl(fitSize: .original)
        case ..<IDFVersion(5, 4):
            // tlsf 8fc595f (v5.3): tlsf_fit_size handles sizes below small_block_size (32701a1).
            variant = .dynamicControl(fitSize: .smallSizeFix)
        default:
            // tlsf ba64d19 (v5.4, v5.4.1) and 2867f68 (v5.4.2+): 81d3779 "Fix block allocation size".
            variant = .sizeClassRounding
        }
        variant.poisonedSizeIncludesOverhead = rawPoisonedSize
        return .tlsf(variant)
    }
}

/// A TLSF flavour: control-block geometry, how a request is rounded, and how
/// `largest_free_block` is reported.
public struct TLSFVariant: Hashable, Sendable, CustomStringConvertible {
    public enum Control: Hashable, Sendable {
        /// `FL_INDEX_MAX` fixed at build time, SL 32, one control size for every heap (§1.3).
        case fixed(flIndexMax: Int)
        /// Sized per pool by `control_construct()` (§1.2).
        case perPool
    }

    /// How `multi_heap_get_info` turns the largest free block into `largest_free_block` (§2.1).
    public enum LargestFreeBlock: Hashable, Sendable {
        /// v4.3–v4.3.1: `1 << floor_log2(max)`.
        case powerOfTwo
        /// v4.3.2–v4.3.4, v4.4–v4.4.3, v5.0: `max & ~((1 << floor_log2(max)) / 32 − 1)`.
        case classMask
        /// `tlsf_fit_size` before tlsf 32701a1: no special case below `small_block_size`.
        case fitSizeOriginal
        /// `tlsf_fit_size` from tlsf 32701a1 (v5.3+): small sizes go through `adjust_request_size`.
        case fitSizeSmallFix
    }

    public enum FitSize: Hashable, Sendable { case original, smallSizeFix }

    public var control: Control
    public var largestFreeBlock: LargestFreeBlock
    /// v5.4+: the block handed out is the request rounded up to its size class (tlsf 81d3779).
    public var roundsToSizeClass: Bool
    /// v4.4.2+ (and the dynamic releases): `free_bytes` and `total_allocated_bytes` count
    /// the 4 B header of each allocated block (`tlsf_alloc_overhead()`); v4.3.x and
    /// v4.4.0–v4.4.1 count the block alone.
    public var countsBlockHeader: Bool = true
    /// With poisoning, `multi_heap_get_allocated_size` returns the raw block size
    /// (12 B too many) up to v4.4.4 and in v5.0–v5.0.1.
    public var poisonedSizeIncludesOverhead: Bool = false

    public static func staticControl(flIndexMax: Int, largestFreeBlock: LargestFreeBlock) -> TLSFVariant {
        TLSFVariant(control: .fixed(flIndexMax: flIndexMax), largestFreeBlock: largestFreeBlock, roundsToSizeClass: false)
    }

    public static func dynamicControl(fitSize: FitSize) -> TLSFVariant {
        TLSFVariant(control: .perPool, largestFreeBlock: fitSize == .original ? .fitSizeOriginal : .fitSizeSmallFix,
                    roundsToSizeClass: false)
    }

    public static let sizeClassRounding = TLSFVariant(control: .perPool, largestFreeBlock: .fitSizeSmallFix,
                                                      roundsToSizeClass: true)

    public var description: String {
        switch control {
        case .fixed(let fl): return "TLSF, static control (FL_INDEX_MAX \(fl))"
        case .perPool: return roundsToSizeClass ? "TLSF, size-class rounding" : "TLSF, dynamic control"
        }
    }
}

extension AllocatorVariant {
    /// The allocator `chip`'s release runs (its own ROM TLSF where the build uses it).
    public static func forLayout(_ chip: ChipLayout) -> AllocatorVariant {
        if let rom = chip.romTLSFFLIndexMax { return forIDF(chip.idf, staticFLIndexMax: chip.tlsfStaticFLIndexMax, romTLSF: true, romFLIndexMax: rom) }
        return forIDF(chip.idf, staticFLIndexMax: chip.tlsfStaticFLIndexMax)
    }

    /// A short name for reports.
    public var name: String {
        switch self {
        case .legacyBestFit: "pre-TLSF best-fit (IDF ≤ 4.2)"
        case .tlsf(let v): "\(v)"
        }
    }
}

/// Heap poisoning (`CONFIG_HEAP_POISONING_*`, `multi_heap_poisoning.c`).
public enum PoisoningLevel: String, Hashable, Sendable, CaseIterable, Codable {
    case disabled, light, comprehensive
}
