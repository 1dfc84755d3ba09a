import Model

/// One event of a compiled workload timeline.
public struct TimelineEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A component instance allocates (`instance/name`, one block of `size`).
        case alloc(instance: String, name: String, size: Int, target: AllocationTarget, line: Int, file: String)
        /// A component instance frees everything it holds under `name`, newest first.
        case free(instance: String, name: String)
        /// Close: free everything the instance still holds, newest first.
        case freeInstance(String)
        /// Python allocates one object; `keep` names it (else it is garbage when its step ends).
        case python(bytes: Int, keep: String?)
        case release(String)
        case collect
        /// C code in another task allocates from the GC heap while a collection holds the lock.
        case gcAllocDuringCollection(bytes: Int)
        /// The end of step `index`: its transient objects become garbage; stats are sampled.
        case stepEnd(Int)
    }

    public var kind: Kind
    /// The step (index into `Timeline.steps`) this event belongs to.
    public var step: Int
}

/// A step as reports name it.
public struct StepInfo: Hashable, Sendable, Codable {
    public var label: String
    public var line: Int
    /// Index (into `Timeline.steps`) of the top-level step it belongs to; its own index for a top-level step.
    public var topLevel: Int
}

/// A workload turned into a flat, deterministic list of events, with every size evaluated.
public struct Timeline: Sendable {
    public var events: [TimelineEvent] = []
    public var steps: [StepInfo] = []
    /// Knob values used (defaults of the IDF release, then the workload's, then the user's).
    public var knobs: [String: Int]
    /// Component instance → the component it is (`tls1` → `tls-session`), for every instance opened.
    public var instanceComponents: [String: String] = [:]

    /// The largest number of events heapfit will replay (bad input must not run unbounded).
    public static let maximumEvents = 20_000_000

    /// Compiles `workload` with `knobs`; an unknown knob, a negative size or too many events is a diagnostic.
    public init(_ workload: Workload, knobs: [String: Int]) throws(Diagnostic) {
        self.knobs = knobs
        var compiler = TimelineCompiler(workload: workload, knobs: knobs)
        for step in workload.steps {
            compiler.topLevel = steps.count
            try compiler.compile(step, into: &events, steps: &steps)
        }
        instanceComponents = compiler.opened
    }
}

struct TimelineCompiler {
    let workload: Workload
    let knobs: [String: Int]
    var topLevel = 0
    /// Instance → component, for instances opened so far.
    var instances: [String: (ComponentDefinition, [String: Int])] = [:]
    /// Every instance ever opened → its component's name.
    var opened: [String: String] = [:]

    init(workload: Workload, knobs: [String: Int]) {
        self.workload = workload
        self.knobs = knobs
    }

    func fail(_ what: String, line: Int, file: String? = nil, fix: String? = nil) -> Diagnostic {
        Diagnostic(what, file: file ?? workload.file, line: line, fix: fix)
    }

    func evaluate(_ e: SizeExpression, _ bindings: [String: Int], line: Int, file: String) throws(Diagnostic) -> Int {
        switch e.evaluate(bindings) {
        case .success(let v):
            guard v >= 0 else { throw fail("Size \(e) evaluates to \(v), a negative size", line: line, file: file,
                                            fix: "Check the knob values it uses") }
            return v
        case .failure(let error):
            throw fail("Cannot evaluate \(e): \(error.message)", line: line, file: file,
                       fix: "Set the knob with --set NAME=VALUE or correct its name (known knobs: heapfit knobs)")
        }
    }

    mutating func compile(_ step: WorkloadStep, into events: inout [TimelineEvent], steps: inout [StepInfo]) throws(Diagnostic) {
        let index = steps.count
        steps.append(StepInfo(label: step.label ?? Self.describe(step.action), line: step.line, topLevel: topLevel))
        func emit(_ kind: TimelineEvent.Kind) throws(Diagnostic) {
            guard events.count < Timeline.maximumEvents else {
                throw fail("The workload expands to more than \(Timeline.maximumEvents) events", line: step.line,
                           fix: "Lower repeat counts or python counts")
            }
            events.append(TimelineEvent(kind: kind, step: index))
        }
        switch step.action {
        case .open(let name, let instance, let parameters):
            guard let component = workload.components[name] else {
                throw fail("Unknown component \(name)", line: step.line)
            }
            let bindings = knobs.merging(component.parameters.merging(parameters) { _, new in new }) { _, local in local }
            instances[instance] = (component, bindings)
            opened[instance] = name
            for op in component.open { try emitOperation(op, of: instance, component, bindings, emit: emit) }
        case .close(let instance):
            guard let (component, bindings) = instances[instance] else {
                throw fail("close: \(instance) is not open at this point", line: step.line)
            }
            for op in component.close { try emitOperation(op, of: instance, component, bindings, emit: emit) }
            try emit(.freeInstance(instance))
            instances[instance] = nil
        case .python(let bytes, let count, let keep):
            let size = try evaluate(bytes, knobs, line: step.line, file: workload.file)
            for _ in 0..<count { try emit(.python(bytes: size, keep: keep)) }
        case .release(let name):
            try emit(.release(name))
        case .collect:
            try emit(.collect)
        case .gcAllocDuringCollection(let bytes):
            try emit(.gcAllocDuringCollection(bytes: try evaluate(bytes, knobs, line: step.line, file: workload.file)))
        case .repeat(let times, let body):
            for _ in 0..<times {
                for s in body { try compile(s, into: &events, steps: &steps) }
            }
        case .parallel(let branches):
            // Each branch compiles on its own; their events then interleave one by one, in branch order.
            var lists: [[TimelineEvent]] = []
            for branch in branches {
                var list: [TimelineEvent] = []
                for s in branch { try compile(s, into: &list, steps: &steps) }
                lists.append(list)
            }
            var cursors = [Int](repeating: 0, count: lists.count)
            var remaining = lists.reduce(0) { $0 + $1.count }
            while remaining > 0 {
                for b in lists.indices where cursors[b] < lists[b].count {
                    guard events.count < Timeline.maximumEvents else {
                        throw fail("The workload expands to more than \(Timeline.maximumEvents) events", line: step.line)
                    }
                    events.append(lists[b][cursors[b]])
                    cursors[b] += 1
                    remaining -= 1
                }
            }
        }
        try emit(.stepEnd(index))
    }

    func emitOperation(_ op: ComponentOperation, of instance: String, _ component: ComponentDefinition, _ bindings: [String: Int],
              emit: (TimelineEvent.Kind) throws(Diagnostic) -> Void) throws(Diagnostic) {
        switch op.kind {
        case .alloc(let name, let size, let target, let count):
            let bytes = try evaluate(size, bindings, line: op.line, file: component.file)
            // A size of 0 means the allocation is not made (a knob switched it off, e.g.
            // `MBEDTLS_SSL_IN_CONTENT_LEN * (1 - MBEDTLS_DYNAMIC_BUFFER)`): malloc(0) is never called.
            guard bytes > 0 else { return }
            let times = try evaluate(count, bindings, line: op.line, file: component.file)
            guard times <= 10_000 else {
                throw fail("count \(count) evaluates to \(times), more than 10000", line: op.line, file: component.file,
                           fix: "Check the knob values it uses")
            }
            for _ in 0..<times {
                try emit(.alloc(instance: instance, name: name, size: bytes, target: target, line: op.line, file: component.file))
            }
        case .free(let name):
            if let slash = name.firstIndex(of: "/") {
                // `free: INSTANCE/NAME`: what another instance holds (it must be open).
                let owner = String(name[..<slash])
                guard instances[owner] != nil else {
                    throw fail("free: \(name) names instance \(owner), which is not open here", line: op.line, file: component.file,
                               fix: "Open \(owner) before \(component.name)")
                }
                try emit(.free(instance: owner, name: String(name[name.index(after: slash)...])))
            } else {
                try emit(.free(instance: instance, name: name))
            }
        }
    }

    static func describe(_ action: WorkloadStep.Action) -> String {
        switch action {
        case .open(let c, let i, _): return c == i ? "open \(c)" : "open \(c) as \(i)"
        case .close(let i): return "close \(i)"
        case .python(_, let n, let keep): return "python: \(n) object\(n == 1 ? "" : "s")" + (keep.map { " kept as \($0)" } ?? "")
        case .release(let n): return "release \(n)"
        case .collect: return "gc.collect()"
        case .repeat(let t, _): return "repeat \(t)×"
        case .parallel(let b): return "\(b.count) branches in parallel"
        case .gcAllocDuringCollection: return "GC allocation from another task during a collection"
        }
    }
}
