import Model

/// The IDF's and the firmware's own start-up allocations (system tasks, the MicroPython task's stack),
/// replayed before the Python heap is created.
public enum StartupComponents {
    /// The start-up of the IDF and of the firmware, from `components/idf-startup.yaml` and
    /// `components/<port>-startup.yaml` when the library has them — or the release variants
    /// `idf-<X.Y>-startup.yaml` / `<port>-<X.Y>-startup.yaml` that describe older releases
    /// (`WorkloadLoader.startupComponent`). Their instances are named `idf-startup` and
    /// `<port>-startup` whichever file describes them.
    /// `idf` nil: a chip without ESP-IDF (ESP8266), where only the firmware starts.
    public static func timeline(firmware: Firmware, idf: IDFVersion?, loader: WorkloadLoader,
                                knobs: [String: Int]) throws(Diagnostic) -> Timeline? {
        guard let workload = try workload(firmware: firmware, idf: idf, loader: loader) else { return nil }
        return try Timeline(workload, knobs: knobs)
    }

    /// The start-up as a workload, read from the component files once: `timeline` without the
    /// knobs, so a scenario replayed many times does not parse its YAML at every replay.
    public static func workload(firmware: Firmware, idf: IDFVersion?, loader: WorkloadLoader) throws(Diagnostic) -> Workload? {
        var components: [String: ComponentDefinition] = [:]
        var steps: [WorkloadStep] = []
        var parts: [(String, (Int, Int))] = [(firmware.port.rawValue, (firmware.major, firmware.minor))]
        if let idf { parts.insert(("idf", (idf.major, idf.minor)), at: 0) }
        for (base, release) in parts {
            guard let definition = try loader.startupComponent(base, release: release) else { continue }
            components[definition.name] = definition
            steps.append(WorkloadStep(.open(component: definition.name, instance: "\(base)-startup", parameters: [:]),
                                      line: 0, label: "start-up: \(definition.name)"))
        }
        guard !steps.isEmpty else { return nil }
        return Workload(name: "start-up", description: "", source: "", calibration: nil, knobs: [:],
                        steps: steps, components: components, file: loader.library)
    }
}
