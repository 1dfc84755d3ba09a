/// `MALLOC_CAP_*` bits (`components/heap/include/esp_heap_caps.h`, IDF v5.4;
/// docs/domain/esp-idf-heap.md §3.2).
public struct MemoryCaps: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let exec = MemoryCaps(rawValue: 1 << 0)
    public static let bits32 = MemoryCaps(rawValue: 1 << 1)
    public static let bits8 = MemoryCaps(rawValue: 1 << 2)
    public static let dma = MemoryCaps(rawValue: 1 << 3)
    public static let pid2 = MemoryCaps(rawValue: 1 << 4)
    public static let pid3 = MemoryCaps(rawValue: 1 << 5)
    public static let pid4 = MemoryCaps(rawValue: 1 << 6)
    public static let pid5 = MemoryCaps(rawValue: 1 << 7)
    public static let pid6 = MemoryCaps(rawValue: 1 << 8)
    public static let pid7 = MemoryCaps(rawValue: 1 << 9)
    public static let spiram = MemoryCaps(rawValue: 1 << 10)
    public static let `internal` = MemoryCaps(rawValue: 1 << 11)
    public static let `default` = MemoryCaps(rawValue: 1 << 12)
    public static let iram8bit = MemoryCaps(rawValue: 1 << 13)
    public static let retention = MemoryCaps(rawValue: 1 << 14)
    public static let rtcram = MemoryCaps(rawValue: 1 << 15)
    public static let tcm = MemoryCaps(rawValue: 1 << 16)
    public static let dmaDescAHB = MemoryCaps(rawValue: 1 << 17)
    public static let dmaDescAXI = MemoryCaps(rawValue: 1 << 18)
    public static let cacheAligned = MemoryCaps(rawValue: 1 << 19)
    /// v5.4.1+ (esp-idf v5.4.2 esp_heap_caps.h): memory usable by the S3/P4 SIMD instructions.
    public static let simd = MemoryCaps(rawValue: 1 << 20)

    /// The names used in boards.yaml and in IDF without the `MALLOC_CAP_` prefix, in bit order.
    public static let names: [(String, MemoryCaps)] = [
        ("EXEC", .exec), ("32BIT", .bits32), ("8BIT", .bits8), ("DMA", .dma),
        ("PID2", .pid2), ("PID3", .pid3), ("PID4", .pid4), ("PID5", .pid5), ("PID6", .pid6), ("PID7", .pid7),
        ("SPIRAM", .spiram), ("INTERNAL", .internal), ("DEFAULT", .default), ("IRAM_8BIT", .iram8bit),
        ("RETENTION", .retention), ("RTCRAM", .rtcram), ("TCM", .tcm),
        ("DMA_DESC_AHB", .dmaDescAHB), ("DMA_DESC_AXI", .dmaDescAXI), ("CACHE_ALIGNED", .cacheAligned),
        ("SIMD", .simd),
    ]

    /// Parses `8BIT|DEFAULT`, `MALLOC_CAP_DMA | MALLOC_CAP_INTERNAL` or `0`; nil on an unknown name.
    public init?(parsing text: String) {
        var caps = MemoryCaps()
        for part in text.split(separator: "|") {
            var name = part.trimmingCharacters(in: .whitespaces).uppercased()
            if name.hasPrefix("MALLOC_CAP_") { name.removeFirst("MALLOC_CAP_".count) }
            if name == "0" || name.isEmpty { continue }
            guard let bit = Self.names.first(where: { $0.0 == name })?.1 else { return nil }
            caps.insert(bit)
        }
        self = caps
    }

    /// `8BIT|DEFAULT`, or `0` for no caps.
    public var description: String {
        let parts = Self.names.filter { contains($0.1) }.map(\.0)
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }
}

import Foundation
