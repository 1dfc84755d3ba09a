# heapfit — two commands set everything up on a fresh Debian machine with Swift:
#   make run    installs what is missing, builds, runs `heapfit recommend` on the default board and workload
#   make test   installs what is missing, runs every test
#   make bench  release-build benchmarks (not part of make test)
#   make fuzz   libFuzzer targets (Fuzz/), each for FUZZ_SECONDS (default 60); see Tests/Fixtures/fuzz/README.md
#   make man    regenerates docs/man/heapfit.1 from the command definitions (swift-argument-parser's plugin)
SWIFT      ?= swift
GLPK_H     ?= /usr/include/glpk.h
HEAPFIT_RELEASE := .build/release/heapfit
# The default board and IDF release (the newest IDF the newest MicroPython supports).
DEFAULT_BOARD ?= ESP32_GENERIC
DEFAULT_IDF   ?= 5.5.1

.PHONY: run test bench deps build clean man fuzz fuzz-build

# Debian's libglpk-dev, installed with apt-get (through sudo when not root) only when missing.
deps:
	@if [ ! -f "$(GLPK_H)" ]; then \
	  echo "heapfit: installing libglpk-dev (GLPK headers and library)"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libglpk-dev >/dev/null; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "heapfit: the Swift toolchain (swift) is not on PATH"; exit 2; }

build: deps
	$(SWIFT) build -c release --product heapfit

run: build
	$(HEAPFIT_RELEASE) recommend

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	$(SWIFT) build -c release --product heapfit
	$(SWIFT) build -c release --product HeapfitBenchmarks
	.build/release/HeapfitBenchmarks

# Fuzz/ is its own package so a normal build never needs -sanitize=fuzzer. libFuzzer's main is replaced by
# each target's (it calls LLVMFuzzerRunDriver), hence lld and --allow-multiple-definition.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= FuzzCatalogue FuzzWorkload FuzzImportBootLog FuzzImportHeapInfo FuzzImportHeapDump \
                FuzzImportMemInfo FuzzImportIDFSize FuzzImportHeapTrace FuzzSdkconfig
fuzz: fuzz-build
	@status=0; for t in $(FUZZ_TARGETS); do Fuzz/run.sh $$t $(FUZZ_SECONDS) || status=1; done; exit $$status

fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release --scratch-path ../.build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
	  -Xlinker --allow-multiple-definition

# The date is the release's, not today's, so the page is the same on every machine.
MAN_DATE ?= 2026-11-22
man: deps
	$(SWIFT) package generate-manual --configuration debug --date $(MAN_DATE)
	mkdir -p docs/man
	cp .build/plugins/GenerateManual/outputs/heapfit/heapfit.1 docs/man/heapfit.1

clean:
	rm -rf .build .build-fuzz .fuzz
