import Foundation
import Testing

@Suite("heapfit levers (end to end)")
struct LeversCLITests {
    @Test func oneReleaseListsItsLeversAndWhatItDoesNotOffer() throws {
        let r = try runHeapfit(["levers", "--firmware", "micropython-1.21"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("micropython-1.21: 5 levers ("))
        #expect(r.stdout.contains("\ninitial heap · micropython >=1.21 <1.22 · MP_TASK_HEAP_SIZE  [mp-initial-task-heap-size]\n"
                                  + "  Set by: no board setting: a one-line patch to ports/esp32/main.c (MP_TASK_HEAP_SIZE)\n"))
        #expect(r.stdout.contains("  Source: https://github.com/micropython/micropython/blob/v1.21.0/ports/esp32/main.c#L79\n"))
        #expect(!r.stdout.contains("MICROPY_GC_INITIAL_HEAP_SIZE  ["))
        #expect(r.stdout.hasSuffix("Not offered on micropython-1.21 (no such lever in this release): Python stack, PSRAM reserve.\n"))
    }

    @Test func jsonCarriesHowEachLeverIsSet() throws {
        let r = try runHeapfit(["levers", "--firmware", "circuitpython-9.2", "--json"])
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["firmware"] as? String == "circuitpython-9.2")
        let levers = try #require(doc["levers"] as? [[String: Any]])
        let initial = try #require(levers.first { $0["controls"] as? String == "initialHeap" })
        #expect(initial["name"] as? String == "CIRCUITPY_HEAP_START_SIZE")
        #expect(initial["set"] as? String == "settingsToml")
        #expect(initial["boardCanSet"] as? Bool == true)
        let growth = try #require(levers.first { $0["controls"] as? String == "growth" })
        #expect(growth["set"] as? String == "portPatch")
        #expect(growth["boardCanSet"] as? Bool == false)
        #expect(doc["notOffered"] as? [String] == ["psramReserve", "psramMalloc"])
    }

    @Test func anUnknownReleaseIsBadInput() throws {
        let r = try runHeapfit(["levers", "--firmware", "micropython-one"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "heapfit levers: 'micropython-one' is not a firmware release heapfit knows. Expected PORT-MAJOR.MINOR, "
                + "e.g. micropython-1.24, circuitpython-9.2 or micropython-esp8266-1.22. Correct --firmware, or omit it for every release.\n")
    }
}
