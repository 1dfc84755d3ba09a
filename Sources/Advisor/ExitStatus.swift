import Model

/// The one mapping of outcomes to process exit codes (documented in `heapfit --help` and the README):
///
/// | code | meaning |
/// |------|---------|
/// | 0 | success: it fits, a setting exists, the report was written |
/// | 1 | an answer that is "no": the workload does not fit, or no setting exists |
/// | 2 | bad input (including a scenario that cannot start as asked) |
/// | 3 | an internal error of heapfit (e.g. the MIP backend failed): please report it |
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let doesNotFit: Int32 = 1
    public static let badInput: Int32 = 2
    public static let internalError: Int32 = 3

    /// The exit code of a command that ended with `diagnostic`.
    public static func code(for kind: Diagnostic.Kind) -> Int32 {
        switch kind {
        case .noSetting: doesNotFit
        case .badInput, .doesNotStart: badInput
        case .internalError: internalError
        }
    }
}
