/// What a chip is, beyond its memory map, where it decides a default the firmware builds with
/// (boards.yaml `cpuCores:` and `usbOTG:` of a chip entry; absent, 1 core and no USB-OTG).
public struct ChipFacts: Hashable, Sendable {
    /// `SOC_CPU_CORES_NUM` (esp-idf components/soc/<chip>/include/soc/soc_caps.h): 2 on ESP32 and
    /// ESP32-S3, 1 on the others.
    public var cpuCores: Int
    /// `SOC_USB_OTG_SUPPORTED` (same file): the USB-OTG peripheral, over which MicroPython ≤ 1.23 runs
    /// its REPL with IDF's TinyUSB task (ESP32-S2, ESP32-S3).
    public var usbOTG: Bool

    public init(cpuCores: Int = 1, usbOTG: Bool = false) {
        self.cpuCores = cpuCores
        self.usbOTG = usbOTG
    }

    /// Cores FreeRTOS schedules on: the chip's, or 1 in a single-core build (CONFIG_FREERTOS_UNICORE).
    public func freeRTOSCores(singleCore: Bool) -> Int { singleCore ? 1 : cpuCores }
}
