/// A workload: what a firmware's program does over time, as a timeline of steps.
public struct Workload: Hashable, Sendable {
    public var name: String
    public var description: String
    public var source: String
    public var calibration: String?
    /// Firmware it is written for (`micropython-1.24`), when it cares.
    public var firmware: String?
    /// Knob values this workload sets (e.g. a smaller TLS record it needs).
    public var knobs: [String: Int]
    public var steps: [WorkloadStep]
    /// Components used by the steps, by name (resolved at load time).
    public var components: [String: ComponentDefinition]
    public var file: String

    public init(name: String, description: String, source: String, calibration: String?, firmware: String?,
                knobs: [String: Int], steps: [WorkloadStep], components: [String: ComponentDefinition], file: String) {
        self.name = name
        self.description = description
        self.source = source
        self.calibration = calibration
        self.firmware = firmware
        self.knobs = knobs
        self.steps = steps
        self.components = components
        self.file = file
    }
}

/// One step of a workload timeline. `line` points into the workload file.
public struct WorkloadStep: Hashable, Sendable {
    public indirect enum Action: Hashable, Sendable {
        /// Open a component instance (named `as`, default the component's name) with parameter overrides.
        case open(component: String, instance: String, parameters: [String: Int])
        /// Close an open instance: its close operations, then every allocation it still holds.
        case close(instance: String)
        /// Python objects: `count` objects of `bytes` each. `keep` names them (retained until
        /// `release`); without it they are garbage as soon as the step ends.
        case python(bytes: SizeExpression, count: Int, keep: String?)
        /// Drop the last reference to retained Python objects (garbage at the next collection).
        case release(name: String)
        /// `gc.collect()`.
        case collect
        /// The steps again, `times` times in a row.
        case `repeat`(times: Int, steps: [WorkloadStep])
        /// Branches that run at once: their events interleave one by one, in branch order.
        case parallel([[WorkloadStep]])
        /// C code in another task allocates `bytes` from the GC heap while a collection holds the
        /// heap lock (the Pycom servers task:
        /// https://community.hiveeyes.org/t/investigating-random-core-panics-on-pycom-esp32-devices/2480).
        case gcAllocDuringCollection(bytes: SizeExpression)
    }

    public var action: Action
    public var line: Int
    /// A label for reports (`https GET #2`); defaults to a description of the action.
    public var label: String?

    public init(_ action: Action, line: Int, label: String? = nil) {
        self.action = action
        self.line = line
        self.label = label
    }
}
