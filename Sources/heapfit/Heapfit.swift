import ArgumentParser

@main
struct Heapfit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "heapfit",
        abstract: "Split ESP32 RAM between the MicroPython GC heap and the ESP-IDF heap, from a faithful simulation.",
        subcommands: [Boards.self, Heaps.self, Simulate.self, Import.self, Recommend.self])
}
