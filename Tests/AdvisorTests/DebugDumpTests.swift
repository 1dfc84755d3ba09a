import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

// TEMPORARY: prints every live IDF block after a workload (HEAPFIT_DUMP="board idf firmware workload").
@Test func debugDump() throws {
    guard let spec = ProcessInfo.processInfo.environment["HEAPFIT_DUMP"] else { return }
    let p = spec.split(separator: " ").map(String.init)
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let library = URL(fileURLWithPath: repositoryCatalogue).deletingLastPathComponent().appendingPathComponent("workloads").path
    let idf = IDFVersion(parsing: p[1])!
    let device = try DeviceBoot.boot(catalogue: catalogue, boardName: p[0], idf: idf)
    let loader = WorkloadLoader(library: library)
    let workload = try loader.workload(p[3])
    let firmware = Firmware(parsing: p[2])!
    let knobs = try loader.knobTable().defaults(on: idf).merging(workload.knobs) { _, w in w }
    let startup = try SimulateCommand.startupTimeline(firmware: firmware, idf: idf, loader: loader, knobs: knobs)
    var r = try Replayer(system: IDFSystem(caps: device.caps, hooks: .micropython), firmware: firmware, chip: device.chip.name,
                         spiram: false, startup: startup, initialHeap: p.count > 4 ? Int(p[4]) : nil)
    let result = r.replay(try Timeline(workload, knobs: knobs))
    for (i, h) in r.system.caps.heaps.enumerated() {
        print("HEAP \(i) \(String(h.start, radix: 16)) \(h.typeName) free \(h.heap?.freeBytes ?? 0)")
        for (a, o) in r.system.owners.sorted(by: { $0.key < $1.key }) where a >= h.start && a < h.end {
            print("   \(String(a, radix: 16)) \(o.bytes) \(o.owner)")
        }
    }
    print(result.firstFailure as Any)
}
