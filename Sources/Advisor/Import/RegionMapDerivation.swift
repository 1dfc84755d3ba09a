import Model
import Simulator

/// A board read back from its `heap_init` lines: the chip, the features and the static sizes whose
/// simulated boot (`Boot.pieces`, the same code `heapfit heaps` runs) prints those lines.
public struct DerivedRegionMap: Hashable, Sendable, Codable {
    public var chip: String
    public var features: Features
    /// `_heap_start − dram0_0_seg origin`: "Used static DRAM" up to the linker's alignment padding.
    public var staticDRAM: Int
    /// `_iram_end − _iram_start`: "Used static IRAM" up to alignment.
    public var staticIRAM: Int
    /// The log line of the heap that starts at `_heap_start` (the main DRAM heap).
    public var dramLine: Int?
    /// The log line of the heap that starts at `_iram_end`; nil when no IRAM heap follows the code,
    /// and the code is then taken to fill IRAM.
    public var iramLine: Int?
    public var match: PieceMatch

    /// The log reproduces exactly, or is a cut-off run of the simulated lines that still holds both
    /// lines the static sizes come from.
    public var isUsable: Bool { match.isConsistent && dramLine != nil }
}

/// Finds the chip, features and static sizes that reproduce a boot log, by search: for each catalogue
/// chip and each combination of the features its layout depends on, the static sizes that put
/// `_heap_start` / `_iram_end` at the start of a logged heap are found by bisection (the placement is
/// monotonic in the size), and the boot is simulated and compared line by line.
public enum RegionMapDerivation {
    /// The best candidate for each chip tried, best first; empty when no chip can be tried.
    public static func candidates(log: BootLog, chips: [ChipLayout]) -> [DerivedRegionMap] {
        chips.compactMap { best(log: log, chip: $0) }.sorted { rank($0, log) < rank($1, log) }
    }

    static func rank(_ d: DerivedRegionMap, _ log: BootLog) -> (Int, Int, Int) {
        let usable = d.isUsable ? 0 : 1
        // Prefer what the log's hints say, then the plainer build.
        var surprise = 0
        if let sc = log.singleCore?.value, sc != d.features.singleCore { surprise += 4 }
        if d.features.bluetooth { surprise += 1 }
        surprise += d.features.scoConnections
        if d.features.singleCore, log.singleCore == nil { surprise += 1 }
        return (usable, d.match.cost, surprise)
    }

    static func best(log: BootLog, chip: ChipLayout) -> DerivedRegionMap? {
        var found: [DerivedRegionMap] = []
        for f in featureCombinations(chip: chip, log: log) {
            found += tryFeatures(f, chip: chip, log: log)
        }
        return found.min { rank($0, log) < rank($1, log) }
    }

    /// Every combination of the features that change this chip's region map.
    static func featureCombinations(chip: ChipLayout, log: BootLog) -> [Features] {
        let conditions = Set(chip.regions.compactMap(\.when) + chip.reserved.compactMap(\.when))
        let hasBT = conditions.contains(.bluetooth) || conditions.contains(.noBluetooth) || chip.linker.btReserveDram > 0
        let maxSCO = chip.reserved.contains { $0.endPerSCO > 0 } ? 3 : 0  // BTDM_CONTROLLER_BR_EDR_MAX_SYNC_CONN_LIMIT
        let hasCores = conditions.contains(.singleCore) || conditions.contains(.dualCore)
        let spiram = log.psramPoolKiB != nil && (conditions.contains(.spiram) || conditions.contains(.noSpiram))
        var out: [Features] = []
        for bt in hasBT ? [false, true] : [false] {
            for sco in bt ? Array(0...maxSCO) : [0] {
                for single in log.singleCore != nil ? [true] : (hasCores ? [false, true] : [false]) {
                    out.append(Features(bluetooth: bt, scoConnections: sco, singleCore: single, spiram: spiram))
                }
            }
        }
        return out
    }

    static func tryFeatures(_ f: Features, chip: ChipLayout, log: BootLog) -> [DerivedRegionMap] {
        let starts = Set(log.heaps.map(\.start))
        func placement(_ s: Int, _ i: Int) -> StaticPlacement? {
            try? StaticPlacement(chip: chip, features: f, staticDRAM: s, staticIRAM: i)
        }
        // IRAM candidates: _iram_end at a logged heap's start, or IRAM full (no heap after the code).
        var irams: [(Int, Int?)] = []
        for q in starts.sorted() {
            if let i = largest(reaching: q, { placement(0, $0)?.iramCode.end }) { irams.append((i, q)) }
        }
        if let full = largestValid({ placement(0, $0) != nil }) { irams.append((full, nil)) }
        var out: [DerivedRegionMap] = []
        for (i, iramStart) in irams {
            for p in starts.sorted() {
                guard let s = largest(reaching: p, { placement($0, i)?.dramData.end }), let pl = placement(s, i),
                      let pieces = try? Boot.pieces(chip: chip, features: f, placement: pl) else { continue }
                let match = PieceMatch(log: log.heaps, simulated: pieces)
                let dramLine = log.heaps.first { $0.start == p && pieces.contains { $0.start == p } }?.line
                let iramLine = iramStart.flatMap { q in log.heaps.first { $0.start == q && pieces.contains { $0.start == q } }?.line }
                // An IRAM figure from a heap start must come from a logged IRAM heap that the simulation has too.
                if iramStart != nil, iramLine == nil { continue }
                out.append(DerivedRegionMap(chip: chip.name, features: f, staticDRAM: s, staticIRAM: i,
                                            dramLine: dramLine, iramLine: iramLine, match: match))
            }
        }
        return out
    }

    /// The largest `x` in 0…2^24 with `f(x) == target`, where `f` is non-decreasing and nil past the end of
    /// its domain. For a placement that is `start − origin`: the static size that ends exactly at the heap
    /// (smaller sizes rounded up by the alignment reach it too).
    static func largest(reaching target: Int, _ f: (Int) -> Int?) -> Int? {
        // The first x whose value passes the target (or has none), then one back.
        var lo = 0, hi = 1 << 24
        while lo < hi {
            let mid = (lo + hi) / 2
            if let v = f(mid), v <= target { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, f(lo - 1) == target else { return nil }
        return lo - 1
    }

    /// The largest `x` in 0…2^24 for which `valid(x)`, when `valid` holds up to some bound and not after.
    static func largestValid(_ valid: (Int) -> Bool) -> Int? {
        guard valid(0) else { return nil }
        var lo = 0, hi = 1 << 24
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if valid(mid) { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
