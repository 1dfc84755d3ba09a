import Foundation
import Model
import Simulator
import Advisor

/// Workload replay throughput (issue 4): a workload of about 1,000,000 events — a loop of
/// transient Python allocations and a TCP socket opened and closed — replayed on ESP32_GENERIC,
/// IDF 5.4.2, micropython-1.28 (boot and start-up excluded, timeline compilation timed apart).
/// Target: under one second for the replay in a release build.
func replayBenchmark() {
    do {
        let catalogue = try CatalogueLoader.load(path: try CatalogueLocator.locate())
        let library = try ResourceLocator.workloads()
        let folder = NSTemporaryDirectory() + "heapfit-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("million-events.yaml")
        try """
            workload: million-events
            source: "benchmark: transient Python objects and a TCP socket, in a loop"
            steps:
              - repeat:
                  times: 23800
                  steps:
                    - python: {bytes: 48, count: 20}
                    - open: {component: tcp-socket, as: sock, with: {rx_segments: 1}}
                    - close: sock
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let loader = WorkloadLoader(library: library)
        let workload = try loader.workload(path)
        let idf = IDFVersion(5, 4, 2)
        let knobs = try loader.knobTable().defaults(on: idf)
        let firmware = Firmware(parsing: "micropython-1.28")!

        let clock = ContinuousClock()
        let compileStart = clock.now
        let timeline = try Timeline(workload, knobs: knobs)
        let compileTime = clock.now - compileStart

        var samples: [Double] = []
        var events = 0
        var fits = false
        for _ in 0..<5 {
            let device = try DeviceBoot.boot(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: idf)
            let startup = try StartupComponents.timeline(firmware: firmware, idf: idf, loader: loader, knobs: knobs)
            var replayer = try Replayer(system: IDFSystem(caps: device.caps, hooks: .micropython), firmware: firmware,
                                        chip: device.chip.name, spiram: false, startup: startup)
            let start = clock.now
            let result = replayer.replay(timeline)
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            events = result.events
            fits = result.fits
        }
        samples.sort()
        let median = samples[samples.count / 2]
        let compileSeconds = Double(compileTime.components.seconds) + Double(compileTime.components.attoseconds) * 1e-18
        print("")
        print("workload replay: \(timeline.events.count) events (\(events) replayed, fits: \(fits)) on ESP32_GENERIC IDF \(idf) (median of 5)")
        print(String(format: "  replay   %.3f s  (%.0f ns/event; min %.3f s, max %.3f s)  %@", median, median * 1e9 / Double(max(events, 1)),
                     samples.first!, samples.last!, median < 1 ? "ok" : "over the 1 s target"))
        print(String(format: "  compile  %.3f s  (timeline of the workload, once)", compileSeconds))
        print(String(format: "  rate     %.2f million events/s", Double(events) / median / 1e6))
        peakMemoryOfReplayProcess(workload: path)
        try? FileManager.default.removeItem(atPath: folder)
    } catch {
        print("workload replay benchmark could not run: \(error)")
    }
}

/// Peak memory (maximum resident set) of `heapfit simulate` replaying the ~1,000,000-event workload
/// as a user runs it: boot, timeline compilation, replay and report, in a child process, read with
/// getrusage(RUSAGE_CHILDREN) — so it must run before any other child (the recommend benchmark).
/// Target (issue 7): at most 100 MB.
func peakMemoryOfReplayProcess(workload: String) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("heapfit")
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        print("  memory   \(binary.path) not built; run `swift build -c release --product heapfit` first")
        return
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", workload, "--json"]
    process.standardOutput = FileHandle.nullDevice
    do { try process.run() } catch { print("  memory   cannot run \(binary.path): \(error)"); return }
    process.waitUntilExit()
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    let megabytes = Double(usage.ru_maxrss) / 1024  // ru_maxrss is in KiB on Linux
    print(String(format: "  memory   %.1f MB peak resident, heapfit simulate as a process (exit %d)  %@", megabytes,
                 process.terminationStatus, megabytes <= 100 ? "ok" : "over the 100 MB target"))
}
