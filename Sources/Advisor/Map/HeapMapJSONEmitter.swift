import Model
import Simulator

/// Renders a `HeapMapReport` as JSON (`heapfit map --json`): the scenario, the moment, and every heap as the SVG
/// draws it — each IDF heap's blocks with their owners, each Python heap area's used and free runs.
public enum HeapMapJSONEmitter {
    struct Document: Encodable {
        var board, chip, idf, firmware, workload, allocator, system: String
        /// `peak`, `failure` or `step`; with the free bytes (peak), the failing allocation (failure) or the step number.
        var moment: String
        var momentFree: Int?
        var failure: FirstFailure?
        var stepNumber: Int?
        var stepLabel: String?
        var fits: Bool
        var heaps: [Heap]
        var gcAreas: [GCArea]
    }
    struct Heap: Encodable {
        var start, end: Int
        var type, caps: String
        var freeBytes, largestFreeBlock: Int
        var blocks: [Block]
    }
    struct Block: Encodable {
        var address, size: Int
        var used: Bool
        /// `instance/name` (`wifi-sta/static_rx_buf`), the component of that instance, or nil (free, untracked).
        var owner: String?
        var component: String?
    }
    struct GCArea: Encodable {
        var systemAllocation, systemSize, poolStart, poolEnd, largestFreeRun: Int
        var runs: [GCBlockRun]
    }

    public static func render(_ r: HeapMapReport) -> String {
        var moment = "peak", free: Int?, failure: FirstFailure?, step: Int?
        switch r.moment {
        case .peak(let f): free = f
        case .failure(let f): moment = "failure"; failure = f
        case .stepEnd(let n): moment = "step"; step = n
        }
        let heaps = r.snapshot.heaps.map { h in
            Heap(start: h.start, end: h.end, type: h.typeName, caps: h.caps.description, freeBytes: h.freeBytes,
                 largestFreeBlock: h.largestFreeBlock,
                 blocks: h.blocks.map { b in
                     let instance = b.owner.map { String($0.split(separator: "/").first ?? Substring($0)) }
                     return Block(address: b.block.address, size: b.block.size, used: b.block.used, owner: b.owner,
                                  component: instance.flatMap { r.instanceComponents[$0] })
                 })
        }
        let areas = r.snapshot.gcAreas.map {
            GCArea(systemAllocation: $0.systemAllocation, systemSize: $0.systemSize, poolStart: $0.poolStart, poolEnd: $0.poolEnd,
                   largestFreeRun: $0.largestFreeRun, runs: $0.runs)
        }
        return JSONText.encode(Document(board: r.board, chip: r.chip, idf: r.idf.description, firmware: r.firmware.description,
                                        workload: r.workload, allocator: r.allocator, system: r.system, moment: moment,
                                        momentFree: free, failure: failure, stepNumber: step ?? r.stepNumber,
                                        stepLabel: r.stepLabel, fits: r.result.fits, heaps: heaps, gcAreas: areas))
    }
}
