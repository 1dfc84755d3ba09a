import Advisor
import FuzzSupport
import Model
import Simulator

// A workload file: load it (includes and components resolve as if it sat in workloads/), compile its
// timeline with the knob defaults of IDF 5.4.2, and replay small ones on ESP32_GENERIC.
runFuzzer { data, size in
    let loader = WorkloadLoader(library: FuzzInput.library)
    guard let workload = try? loader.workload(text: FuzzInput.text(data, size), file: FuzzInput.library + "/fuzz-input.yaml"),
          let idf = IDFVersion(parsing: "5.4.2"),
          let device = try? DeviceBoot.boot(catalogue: FuzzInput.catalogue, boardName: "ESP32_GENERIC", idf: idf),
          let scenario = try? PreparedScenario(device: device, firmware: nil, workload: workload, loader: loader),
          let timeline = try? Timeline(workload, knobs: scenario.knobs) else { return 0 }
    // Large timelines are bounded by Timeline.maximumEvents (its own test); replaying them here would only slow the search.
    if timeline.events.count <= 20_000 {
        _ = try? scenario.run(initialHeap: nil, overrides: [:])
    }
    return 0
}
