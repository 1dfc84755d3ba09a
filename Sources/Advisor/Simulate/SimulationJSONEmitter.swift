import Foundation
import Model
import Simulator

/// Renders a `SimulationReport` as JSON with stable field names: `fits` (false also when the replay fits but
/// `fieldFailure` {report, advisory} says a field report saw this setting fail), `firstFailure` (null or
/// {step, stepLabel, line, heap, allocation, size, caps, reason, largestAvailable, candidates, holders}),
/// `gc` {total, used, areas, atStart}, `idf` {minimumFree, minimumInternalFree, minimumInternalLargest, …},
/// `idfVersion`, `steps`, `advisories` [{id, title, severity, advice, source}].
public enum SimulationJSONEmitter {
    struct Document: Encodable {
        var board: String
        var chip: String
        var idfVersion: String?
        var system: String
        var nonOSNotes: [String]?
        var firmware: String
        var allocator: String
        var workload: String
        var fits: Bool
        /// Set when the replay fits but a field report saw this setting fail (`fits` is then false).
        var fieldFailure: FieldFailure?
        var firstFailure: FailureJSON?
        var gc: GC
        var idf: IDF
        var knobs: [String: Int]
        var steps: [StepRecord]
        var events: Int
        var advisories: [AppliedAdvisory]
        var staticDRAM: Sourced?
        var staticDRAMBounds: StaticDRAMBounds?

        enum CodingKeys: String, CodingKey {
            case board, chip, idfVersion, system, nonOSNotes, firmware, allocator, workload, fits, fieldFailure, firstFailure, gc, idf,
                 knobs, steps, events, advisories, staticDRAM, staticDRAMBounds
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(board, forKey: .board)
            try c.encode(chip, forKey: .chip)
            // idfVersion is null on a chip without ESP-IDF; `idf` then describes the SDK heap (nonOSNotes say how).
            if let idfVersion { try c.encode(idfVersion, forKey: .idfVersion) } else { try c.encodeNil(forKey: .idfVersion) }
            try c.encode(system, forKey: .system)
            if let nonOSNotes { try c.encode(nonOSNotes, forKey: .nonOSNotes) }
            try c.encode(firmware, forKey: .firmware)
            try c.encode(allocator, forKey: .allocator)
            try c.encode(workload, forKey: .workload)
            try c.encode(fits, forKey: .fits)
            if let fieldFailure { try c.encode(fieldFailure, forKey: .fieldFailure) }
            // firstFailure is always present: null when the workload fits.
            if let firstFailure { try c.encode(firstFailure, forKey: .firstFailure) } else { try c.encodeNil(forKey: .firstFailure) }
            try c.encode(gc, forKey: .gc)
            try c.encode(idf, forKey: .idf)
            try c.encode(knobs, forKey: .knobs)
            try c.encode(steps, forKey: .steps)
            try c.encode(events, forKey: .events)
            try c.encode(advisories, forKey: .advisories)
            // Only where the catalogue gives an interval: the figure used (its upper end) and the verdict over the interval.
            if let staticDRAMBounds {
                try c.encode(staticDRAM, forKey: .staticDRAM)
                try c.encode(staticDRAMBounds, forKey: .staticDRAMBounds)
            }
        }
    }

    /// The field report (and the advisory that restates it) that says a setting the model fits fails.
    struct FieldFailure: Encodable {
        var report: String
        var advisory: String
    }

    struct GC: Encodable {
        var total: Int
        var used: Int
        var areas: Int
        var atStart: GCSample
    }

    struct IDF: Encodable {
        var minimumFree: Int
        var minimumInternalFree: Int
        var minimumInternalFreeStep: String
        var minimumInternalLargest: Int
        var minimumInternalLargestStep: String
    }

    public static func render(_ r: SimulationReport) -> String {
        let result = r.result
        let failure = result.firstFailure.map(FailureJSON.init)
        let document = Document(board: r.board, chip: r.chip, idfVersion: r.nonOSNotes == nil ? "\(r.idf)" : nil,
                                system: r.system, nonOSNotes: r.nonOSNotes, firmware: "\(r.firmware)", allocator: r.allocator,
                                workload: r.workload, fits: r.fits,
                                fieldFailure: r.fieldFailure.map { FieldFailure(report: $0.standsInForModel ?? "", advisory: $0.id) },
                                firstFailure: failure,
                                gc: GC(total: result.gcAtEnd.total, used: result.gcAtEnd.used, areas: result.gcAtEnd.areas,
                                       atStart: result.gcAtStart),
                                idf: IDF(minimumFree: result.idfMinimumFree, minimumInternalFree: result.minimumInternalFree,
                                             minimumInternalFreeStep: result.minimumInternalFreeStep,
                                             minimumInternalLargest: result.minimumInternalLargest,
                                             minimumInternalLargestStep: result.minimumInternalLargestStep),
                                knobs: r.changedKnobs, steps: result.steps, events: result.events,
                                advisories: r.advisories, staticDRAM: r.staticDRAM, staticDRAMBounds: r.staticDRAMBounds)
        return JSONText.encode(document)
    }
}
