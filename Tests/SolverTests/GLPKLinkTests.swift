import Testing
@testable import Solver

@Test func glpkIsLinkedAndReportsAVersion() {
    let parts = GLPKBackend.version.split(separator: ".")
    #expect(parts.count >= 2)
    #expect(Int(parts[0]) ?? 0 >= 4)
}
