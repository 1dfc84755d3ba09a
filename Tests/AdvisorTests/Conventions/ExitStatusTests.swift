import Advisor
import Model
import Testing

/// The exit codes `heapfit --help` and the README document, from the one mapping.
@Test func eachDiagnosticKindHasItsDocumentedExitCode() {
    #expect(ExitStatus.code(for: .noSetting) == 1)
    #expect(ExitStatus.code(for: .badInput) == 2)
    #expect(ExitStatus.code(for: .doesNotStart) == 2)
    #expect(ExitStatus.code(for: .internalError) == 3)
    #expect(Set([ExitStatus.success, ExitStatus.doesNotFit, ExitStatus.badInput, ExitStatus.internalError]).count == 4)
}

/// A diagnostic is bad input unless it says otherwise.
@Test func aDiagnosticIsBadInputByDefault() {
    #expect(Diagnostic("x").kind == .badInput)
}
