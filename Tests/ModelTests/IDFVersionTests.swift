import Testing
@testable import Model

@Test func parsesIDFVersionsAsIDFTagsThem() throws {
    #expect(IDFVersion(parsing: "v5.4.2") == IDFVersion(5, 4, 2))
    #expect(IDFVersion(parsing: "5.4") == IDFVersion(5, 4, 0))
    #expect(IDFVersion(parsing: "5.4")?.description == "5.4")
    #expect(IDFVersion(parsing: "4.4.8")! < IDFVersion(parsing: "5.0")!)
    for bad in ["", "5", "5.x", "5.4.2.1", "-1.2", "v", "5..4", "99999.1"] {
        #expect(IDFVersion(parsing: bad) == nil, "\(bad) should not parse")
    }
}
