import Foundation
import Yams

/// Reads the `steps:` of a workload file (one step per list entry; see `WorkloadStep`).
struct StepContext {
    let reader: Reader
    let file: String
    let loader: WorkloadLoader
    /// Instances opened so far in this file, so `close` of an unknown name is caught at load time.
    var opened: Set<String> = []

    static let limits = (repeatTimes: 100_000, pythonCount: 1_000_000, branches: 16)

    mutating func steps(_ node: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                        stack: inout [String]) throws(Diagnostic) -> [WorkloadStep] {
        let r = reader
        var out: [WorkloadStep] = []
        for item in try r.sequence(node, "steps") {
            let line = item.mark?.line ?? 0
            if let word = item.scalar?.string {
                guard word == "collect" else {
                    throw r.fail(item, "Unknown step '\(word)'", expected: Self.stepKinds, fix: "Use one of those")
                }
                out.append(WorkloadStep(.collect, line: line))
                continue
            }
            let m = try r.mapping(item, "a step")
            let label = m["label"]?.scalar?.string
            let keys = m.keys.compactMap(\.scalar?.string).filter { $0 != "label" }
            guard keys.count == 1, let kind = keys.first, let value = m[kind] else {
                throw r.fail(item, "A step must have exactly one kind (found \(keys.joined(separator: ", ")))",
                             expected: Self.stepKinds, fix: "Split it into one step per kind")
            }
            switch kind {
            case "open":
                out.append(WorkloadStep(try open(value, components: &components), line: line, label: label))
            case "close":
                out.append(WorkloadStep(try close(value), line: line, label: label))
            case "python":
                out.append(WorkloadStep(try python(value), line: line, label: label))
            case "release":
                out.append(WorkloadStep(.release(name: try scalar(value, "release")), line: line, label: label))
            case "collect":
                out.append(WorkloadStep(.collect, line: line, label: label))
            case "repeat":
                out.append(WorkloadStep(try repeated(value, components: &components, knobs: &knobs, stack: &stack), line: line, label: label))
            case "parallel":
                out.append(WorkloadStep(try parallel(value, components: &components, knobs: &knobs, stack: &stack), line: line, label: label))
            case "include":
                out.append(contentsOf: try include(value, components: &components, knobs: &knobs, stack: &stack))
            case "gc-alloc-during-collection":
                out.append(WorkloadStep(.gcAllocDuringCollection(bytes: try expression(value)), line: line, label: label))
            default:
                throw r.fail(value, "Unknown step kind `\(kind)`", expected: Self.stepKinds, fix: "Use one of those")
            }
        }
        return out
    }

    /// `open: component` (or `{component, as, parameters}`): loads the component on first use and
    /// checks the parameters against its definition.
    mutating func open(_ value: Node, components: inout [String: ComponentDefinition]) throws(Diagnostic) -> WorkloadStep.Action {
        let r = reader
        let (component, instance, parameters) = try open(value)
        if components[component] == nil {
            components[component] = try loader.component(component, near: file, at: value, reader: r)
        }
        if let definition = components[component] {
            for p in parameters.keys where definition.parameters[p] == nil {
                throw r.fail(value, "Component \(component) has no parameter `\(p)`",
                             expected: definition.parameters.keys.sorted().joined(separator: ", "),
                             fix: "Remove it or correct its name")
            }
        }
        opened.insert(instance)
        return .open(component: component, instance: instance, parameters: parameters)
    }

    /// `close: instance`, of something opened before it in this file.
    func close(_ value: Node) throws(Diagnostic) -> WorkloadStep.Action {
        let instance = try scalar(value, "close")
        guard opened.contains(instance) else {
            throw reader.fail(value, "`close: \(instance)` names nothing opened before it",
                              expected: "the name of an open component (or its `as:`)", fix: "Open it first or fix the name")
        }
        return .close(instance: instance)
    }

    /// `repeat: {times, steps}`.
    mutating func repeated(_ value: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                           stack: inout [String]) throws(Diagnostic) -> WorkloadStep.Action {
        let r = reader
        let rm = try r.mapping(value, "repeat")
        let times = try r.integer(rm, "times", in: value)
        guard (1...Self.limits.repeatTimes).contains(times) else {
            throw r.fail(value, "repeat times \(times) is out of range", expected: "1 to \(Self.limits.repeatTimes)")
        }
        let body = try steps(try r.required(rm, "steps", in: value), components: &components, knobs: &knobs, stack: &stack)
        return .repeat(times: times, steps: body)
    }

    /// `parallel: [branch, …]`, each branch a step list (or `{steps: […]}`).
    mutating func parallel(_ value: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                           stack: inout [String]) throws(Diagnostic) -> WorkloadStep.Action {
        let branches = try reader.sequence(value, "parallel")
        guard (2...Self.limits.branches).contains(branches.count) else {
            throw reader.fail(value, "parallel needs 2 to \(Self.limits.branches) branches (got \(branches.count))",
                              expected: "a list of step lists", fix: "Give each concurrent activity its own branch")
        }
        var bodies: [[WorkloadStep]] = []
        for b in branches {
            let list = b.mapping?["steps"] ?? b
            bodies.append(try steps(list, components: &components, knobs: &knobs, stack: &stack))
        }
        return .parallel(bodies)
    }

    /// `include: path`: the steps of another workload file (relative to this one), its knobs merged
    /// under this file's; refuses what is not a readable regular file, cycles and deep nesting.
    func include(_ value: Node, components: inout [String: ComponentDefinition], knobs: inout [String: Int],
                 stack: inout [String]) throws(Diagnostic) -> [WorkloadStep] {
        let r = reader
        let path = try scalar(value, "include")
        let resolved = path.hasPrefix("/") ? path
            : ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) else {
            throw r.fail(value, "Included workload \(path) does not exist", expected: "a path relative to \(file)",
                         fix: "Correct the path")
        }
        let key = (resolved as NSString).standardizingPath
        let type = (try? FileManager.default.attributesOfItem(atPath: resolved))?[.type] as? FileAttributeType
        if isFolder.boolValue || type != .typeRegular || !FileManager.default.isReadableFile(atPath: resolved) {
            throw r.fail(value, "Included workload \(path) is not a readable regular file", expected: "a workload YAML file",
                         fix: "Include a workload file, not a folder or a device")
        }
        if stack.contains(key) {
            throw r.fail(value, "`include: \(path)` forms a cycle: " + (stack + [key]).map { ($0 as NSString).lastPathComponent }
                            .joined(separator: " → "), expected: "includes that end", fix: "Remove one of the includes")
        }
        guard stack.count < WorkloadLoader.maximumIncludeDepth else {
            throw r.fail(value, "`include: \(path)` nests includes more than \(WorkloadLoader.maximumIncludeDepth) deep",
                         expected: "at most \(WorkloadLoader.maximumIncludeDepth) workloads including one another",
                         fix: "Flatten the includes (include the innermost files directly)")
        }
        let (header, included) = try loader.readWorkload(resolved, components: &components, including: &stack)
        knobs.merge(header.knobs) { mine, _ in mine }
        return included
    }

    static let stepKinds = "open, close, python, release, collect, repeat, parallel, include, gc-alloc-during-collection"

    func scalar(_ node: Node, _ what: String) throws(Diagnostic) -> String {
        guard let s = node.scalar?.string, !s.isEmpty else {
            throw reader.fail(node, "`\(what)` needs a name", expected: "a text value")
        }
        return s
    }

    func expression(_ node: Node) throws(Diagnostic) -> SizeExpression {
        guard let text = node.scalar?.string else {
            throw reader.fail(node, "A size is not a scalar", expected: "a number or an expression such as 4K or N * 2")
        }
        switch SizeExpression.parse(text) {
        case .success(let e): return e
        case .failure(let e): throw reader.fail(node, "Bad size expression: \(e.message)", expected: "a number or an expression of knobs")
        }
    }

    func open(_ node: Node) throws(Diagnostic) -> (String, String, [String: Int]) {
        if let name = node.scalar?.string { return (name, name, [:]) }
        let m = try reader.mapping(node, "open")
        let component = try reader.string(m, "component", in: node)
        var parameters: [String: Int] = [:]
        if let with = m["with"] {
            for (k, v) in try reader.mapping(with, "with") {
                guard let name = k.scalar?.string else { throw reader.fail(k, "A parameter name is not text") }
                parameters[name] = try reader.integer(v, name)
            }
        }
        return (component, m["as"]?.scalar?.string ?? component, parameters)
    }

    func python(_ node: Node) throws(Diagnostic) -> WorkloadStep.Action {
        if node.scalar != nil { return .python(bytes: try expression(node), count: 1, keep: nil) }
        let m = try reader.mapping(node, "python")
        let count = m["count"] == nil ? 1 : try reader.integer(m, "count", in: node)
        guard (1...Self.limits.pythonCount).contains(count) else {
            throw reader.fail(node, "python count \(count) is out of range", expected: "1 to \(Self.limits.pythonCount)")
        }
        return .python(bytes: try expression(try reader.required(m, "bytes", in: node)), count: count,
                       keep: m["keep"]?.scalar?.string)
    }
}

/// Reads one component file.
enum ComponentReader {
    static func read(_ file: String) throws(Diagnostic) -> ComponentDefinition {
        let (root, r) = try WorkloadLoader.compose(file)
        let top = try r.mapping(root, "the component")
        var parameters: [String: Int] = [:]
        if let p = top["parameters"] {
            for (k, v) in try r.mapping(p, "parameters") {
                guard let name = k.scalar?.string else { throw r.fail(k, "A parameter name is not text") }
                let value = v.mapping.flatMap { $0["default"] } ?? v
                parameters[name] = try r.integer(value, name)
            }
        }
        var names = Set<String>()
        func operations(_ key: String) throws(Diagnostic) -> [ComponentOperation] {
            guard let list = top[key] else { return [] }
            var ops: [ComponentOperation] = []
            for item in try r.sequence(list, key) {
                let m = try r.mapping(item, "an operation")
                let line = item.mark?.line ?? 0
                let source = m["source"]?.scalar?.string
                if let name = m["alloc"]?.scalar?.string {
                    let alloc = try Self.alloc(name, item: item, m, reader: r)
                    names.insert(name)
                    ops.append(ComponentOperation(alloc, source: source, line: line))
                } else if let name = m["free"]?.scalar?.string {
                    // `free: INSTANCE/NAME` frees what another open instance holds (the port's
                    // app_main returning, after which the idle task frees IDF's main task).
                    guard names.contains(name) || Self.crossInstance(name) != nil else {
                        throw r.fail(item, "free \(name) names no allocation before it",
                                     expected: "the name of an earlier alloc, or INSTANCE/NAME of another open instance")
                    }
                    ops.append(ComponentOperation(.free(name: name), source: source, line: line))
                } else {
                    throw r.fail(item, "Unknown operation", expected: "`alloc: NAME` with size (and caps, count) or `free: NAME`")
                }
            }
            return ops
        }
        return ComponentDefinition(name: try r.string(top, "component", in: root),
                                   description: top["description"]?.scalar?.string ?? "",
                                   source: try r.string(top, "source", in: root),
                                   calibration: top["calibration"]?.scalar?.string, parameters: parameters,
                                   open: try operations("open"), close: try operations("close"), file: file)
    }

    /// `alloc: NAME` with its `size`, `caps` and `count` (a number or an expression of knobs).
    static func alloc(_ name: String, item: Node, _ m: Node.Mapping, reader r: Reader) throws(Diagnostic) -> ComponentOperation.Kind {
        guard let sizeNode = m["size"], let text = sizeNode.scalar?.string else {
            throw r.fail(item, "alloc \(name) has no size", expected: "`size:` with a number or expression")
        }
        let size: SizeExpression
        switch SizeExpression.parse(text) {
        case .success(let e): size = e
        case .failure(let e): throw r.fail(sizeNode, "Bad size expression: \(e.message)")
        }
        let target = try Self.target(m["caps"], reader: r)
        // A count is a number or an expression of knobs (`ESP_WIFI_STATIC_RX_BUFFER_NUM`).
        var count = SizeExpression.number(1)
        if let countNode = m["count"] {
            guard let text = countNode.scalar?.string else { throw r.fail(countNode, "count is not a number or an expression") }
            switch SizeExpression.parse(text) {
            case .success(let e): count = e
            case .failure(let e): throw r.fail(countNode, "Bad count expression: \(e.message)")
            }
            if case .number(let n) = count, !(1...10_000).contains(n) {
                throw r.fail(item, "count \(n) is out of range", expected: "1 to 10000")
            }
        }
        return .alloc(name: name, size: size, target: target, count: count)
    }

    /// `INSTANCE/NAME` split in two, or nil for a plain name.
    static func crossInstance(_ name: String) -> (instance: String, name: String)? {
        guard let slash = name.firstIndex(of: "/") else { return nil }
        let instance = String(name[..<slash]), local = String(name[name.index(after: slash)...])
        return instance.isEmpty || local.isEmpty ? nil : (instance, local)
    }

    static func target(_ node: Node?, reader r: Reader) throws(Diagnostic) -> AllocationTarget {
        guard let node else { return .malloc }
        guard let text = node.scalar?.string else { throw r.fail(node, "caps is not text") }
        switch text.lowercased() {
        case "malloc", "calloc", "default": return .malloc
        case "gc": return .gc
        default:
            guard let caps = MemoryCaps(parsing: text) else {
                throw r.fail(node, "Unknown caps '\(text)'", expected: "malloc, gc, or MALLOC_CAP names joined by | (e.g. INTERNAL|8BIT)")
            }
            return .caps(caps)
        }
    }
}
