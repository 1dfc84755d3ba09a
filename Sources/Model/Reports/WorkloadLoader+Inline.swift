import Foundation
import Yams

extension WorkloadLoader {
    /// Inline `steps:` of another file (a field report's program) as a workload named `name`; the
    /// steps' components come from the library, and diagnostics point into that file.
    func workload(steps node: Node, name: String, description: String, reader r: Reader) throws(Diagnostic) -> Workload {
        var components: [String: ComponentDefinition] = [:]
        var knobs: [String: Int] = [:]
        var stack: [String] = []
        var context = StepContext(reader: r, file: r.file, loader: self)
        let steps = try context.steps(node, components: &components, knobs: &knobs, stack: &stack)
        return Workload(name: name, description: description, source: r.file, calibration: nil,
                        knobs: knobs, steps: steps, components: components, file: r.file)
    }
}
