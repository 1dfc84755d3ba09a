import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// The start-up components (idf-startup, micropython-startup) against the one published boot
/// list that names its IDF release and firmware: micropython#12952 (dpgeorge, 2023-11-23),
/// ESP32_GENERIC, IDF 5.0.2, v1.22.0-preview with the 64 KiB initial heap of v1.21:
///
///     esp32.idf_heap_info(esp32.HEAP_DATA)
///     [(240, 4, 0, 4), (7288, 244, 224, 52), (16648, 3344, 2688, 3184), (87144, 4344, 4096, 4344),
///      (15072, 14656, 14336, 14656), (113840, 112968, 110592, 112968)]
///     GC: total: 64000, … max new split: 110592
///
/// Tuples are (total, free, largest free block, minimum free). Tolerances: the 240 B heap, the
/// 87144 B heap (GC area + mp_task stack), the two D/IRAM heaps and `max new split` are exact;
/// the 7288 B and 16648 B heaps, which hold the small start-up objects whose sizes no source
/// gives (NVS objects, newlib FILE glue, VFS entries — estimated in the component files), are
/// within 320 B of free, 640 B of largest block and 512 B of minimum free. The model's own
/// figures are pinned exactly, so any change to the start-up data shows up here.
struct MP12952 {
    static let source: [(total: Int, free: Int, largest: Int, minimum: Int)] = [
        (240, 4, 0, 4), (7288, 244, 224, 52), (16648, 3344, 2688, 3184), (87144, 4344, 4096, 4344),
        (15072, 14656, 14336, 14656), (113840, 112968, 110592, 112968),
    ]
    /// What the model gives today for the same tuples (free, largest, minimum).
    static let model: [(free: Int, largest: Int, minimum: Int)] = [
        (4, 0, 4), (208, 192, 4), (3084, 2048, 2756), (4344, 4096, 4344), (14656, 14336, 14656), (112968, 110592, 112968),
    ]
}

@Test func bootOnIDF502ReproducesTheListOfMP12952() throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let report = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 0, 2),
                                                           firmware: "micropython-1.22", workload: "boot-repl",
                                                           initialHeap: 64 * 1024, firmwareMustBeListed: false),  // mp#12952: a v1.22-preview on 5.0.2
                                         catalogue: catalogue, library: shippedLibrary)
    #expect(report.result.gcAtStart.total == 64000)
    let step = try #require(report.result.steps.first)
    // esp32.HEAP_DATA lists the 8BIT heaps: every heap but IRAM.
    let heaps = step.heaps.filter { $0.type != "IRAM" }
    try #require(heaps.count == MP12952.source.count)
    for (i, (h, s)) in zip(heaps, MP12952.source).enumerated() {
        let m = MP12952.model[i]
        #expect(h.free == m.free && h.largestFreeBlock == m.largest && h.minimumFree == m.minimum,
                "heap \(s.total): model drifted to (\(h.free), \(h.largestFreeBlock), \(h.minimumFree))")
        let exact = [0, 3, 4, 5].contains(i)
        if exact {
            #expect((h.free, h.largestFreeBlock, h.minimumFree) == (s.free, s.largest, s.minimum), "heap \(s.total) must be exact")
        } else {
            #expect(abs(h.free - s.free) <= 320, "heap \(s.total): free \(h.free) vs \(s.free)")
            #expect(abs(h.largestFreeBlock - s.largest) <= 640, "heap \(s.total): largest \(h.largestFreeBlock) vs \(s.largest)")
            #expect(abs(h.minimumFree - s.minimum) <= 512, "heap \(s.total): minimum \(h.minimumFree) vs \(s.minimum)")
        }
    }
    // `max new split` = heap_caps_get_largest_free_block(MALLOC_CAP_DEFAULT).
    #expect(step.idfInternalLargest == 110592)
    // Total free: 135560 B in the report, the model within 0.25 %.
    let total = heaps.reduce(0) { $0 + $1.free }
    #expect(total == 135264)
    #expect(abs(total - 135560) * 400 <= 135560)
}
