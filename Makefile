# heapfit — two commands set everything up on a fresh Debian machine with Swift:
#   make run    installs what is missing, builds, runs `heapfit recommend` on the default board and workload
#   make test   installs what is missing, runs every test and the field-report scorecard
#   make bench  release-build benchmarks (not part of make test)
#   make fuzz   libFuzzer targets (Fuzz/), each for FUZZ_SECONDS (default 60); see Tests/Fixtures/fuzz/README.md
#   make install  the release binary in PREFIX/bin (default /usr/local) and its data (boards.yaml, workloads/,
#                 reports/) in PREFIX/share/heapfit, where the binary finds it; DESTDIR for staged installs
#   make man    regenerates docs/man/heapfit.1 from the command definitions (swift-argument-parser's plugin)
#   make dist   dist/: a self-contained Linux binary (tarball) and a Python wheel carrying it (not part of make test)
SWIFT      ?= swift
GLPK_H     ?= /usr/include/glpk.h
HEAPFIT_RELEASE := .build/release/heapfit
# The default board and IDF release (the newest IDF the newest MicroPython supports).
DEFAULT_BOARD ?= ESP32_GENERIC
DEFAULT_IDF   ?= 5.5.1

.PHONY: run test bench deps build clean man fuzz fuzz-build dist dist-deps install install-files uninstall

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
	@# Every test is a swift-testing test: without XCTest the runner prints no "Executed 0 tests" lines.
	$(SWIFT) test --skip-build --disable-xctest
	@# The field-report scorecard (reports/, docs/reports.md): exit 1 when a report is not as its `expect:` says.
	@.build/debug/heapfit reports run > .build/scorecard.txt; status=$$?; echo "heapfit reports run: $$(tail -1 .build/scorecard.txt)"; exit $$status

# make install: PREFIX/bin/heapfit and PREFIX/share/heapfit/{boards.yaml,workloads,reports} (the binary looks
# in ../share/heapfit beside its folder: Sources/Advisor/ResourceLocator.swift). `install-files` installs
# HEAPFIT_BIN without building (the tests install the debug binary that way).
PREFIX      ?= /usr/local
DESTDIR     ?=
HEAPFIT_BIN ?= $(HEAPFIT_RELEASE)
DATA_FILES  := boards.yaml workloads reports truth LICENSE
install: build install-files

install-files:
	@test -x "$(HEAPFIT_BIN)" || { echo "heapfit: $(HEAPFIT_BIN) is not built (make install builds it)"; exit 2; }
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/heapfit"
	install -m 755 "$(HEAPFIT_BIN)" "$(DESTDIR)$(PREFIX)/bin/heapfit"
	rm -rf "$(DESTDIR)$(PREFIX)/share/heapfit/workloads" "$(DESTDIR)$(PREFIX)/share/heapfit/reports" "$(DESTDIR)$(PREFIX)/share/heapfit/truth"
	cp -R $(DATA_FILES) "$(DESTDIR)$(PREFIX)/share/heapfit/"
	@if [ -f docs/man/heapfit.1 ]; then install -d "$(DESTDIR)$(PREFIX)/share/man/man1" && \
	  install -m 644 docs/man/heapfit.1 "$(DESTDIR)$(PREFIX)/share/man/man1/heapfit.1"; fi
	@echo "heapfit: installed $(DESTDIR)$(PREFIX)/bin/heapfit and its data in $(DESTDIR)$(PREFIX)/share/heapfit"

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/heapfit" "$(DESTDIR)$(PREFIX)/share/man/man1/heapfit.1"
	rm -rf "$(DESTDIR)$(PREFIX)/share/heapfit"

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

# make dist: the Swift runtime (--static-swift-stdlib) and GLPK with its dependencies linked statically, so
# the binary needs only glibc, libstdc++ and libgcc_s (the libraries every manylinux system has); lld links
# static archives in any order. Its own build directory (-DHEAPFIT_DIST: data only from next to the binary).
# The wheel (Packaging/build_wheel.py, standard library only) and the tarball carry boards.yaml, workloads/,
# reports/, truth/ and LICENSE (GPL-3.0-or-later, as GLPK). `make test` checks the wheel with the debug binary
# instead.
DIST_DIR     ?= dist
DIST_LIBDIR  ?= /usr/lib/x86_64-linux-gnu
DIST_DEPLIBS := gmp z ltdl amd colamd suitesparseconfig
VERSION      := $(shell sed -n 's/.*version: "\([0-9.]*\)".*/\1/p' Sources/heapfit/Heapfit.swift)
DIST_NAME    := heapfit-$(VERSION)-linux-x86_64

# GLPK's static dependencies: libltdl.a comes with libltdl-dev (libglpk-dev brings the others' .a files).
dist-deps: deps
	@if [ ! -f "$(DIST_LIBDIR)/libltdl.a" ]; then \
	  echo "heapfit: installing libltdl-dev (static libltdl for the static GLPK)"; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libltdl-dev >/dev/null; \
	fi
	@command -v python3 >/dev/null || { echo "heapfit: python3 is needed to build the wheel"; exit 2; }

dist: dist-deps
	rm -rf .build-dist/static-libs && mkdir -p .build-dist/static-libs
	for l in glpk $(DIST_DEPLIBS); do ln -s $(DIST_LIBDIR)/lib$$l.a .build-dist/static-libs/lib$$l.a; done
	$(SWIFT) build -c release --product heapfit --scratch-path .build-dist --static-swift-stdlib \
	  -Xswiftc -DHEAPFIT_DIST -Xswiftc -use-ld=lld -Xlinker -L$(CURDIR)/.build-dist/static-libs \
	  $(foreach l,$(DIST_DEPLIBS),-Xlinker -l$(l))
	rm -rf $(DIST_DIR)/$(DIST_NAME) && mkdir -p $(DIST_DIR)/$(DIST_NAME)/bin
	cp .build-dist/release/heapfit $(DIST_DIR)/$(DIST_NAME)/bin/heapfit
	strip $(DIST_DIR)/$(DIST_NAME)/bin/heapfit
	cp -R boards.yaml workloads reports truth LICENSE README.md $(DIST_DIR)/$(DIST_NAME)/
	@bad=$$(ldd $(DIST_DIR)/$(DIST_NAME)/bin/heapfit | grep -v -E 'linux-vdso|ld-linux|lib(c|m|stdc\+\+|gcc_s)\.so'); \
	  if [ -n "$$bad" ]; then echo "heapfit: the dist binary links more than glibc/libstdc++/libgcc_s:"; echo "$$bad"; exit 1; fi
	cd /tmp && env -i PATH=/usr/bin:/bin $(CURDIR)/$(DIST_DIR)/$(DIST_NAME)/bin/heapfit recommend >/dev/null
	tar -C $(DIST_DIR) -czf $(DIST_DIR)/$(DIST_NAME).tar.gz $(DIST_NAME)
	python3 Packaging/build_wheel.py --binary $(DIST_DIR)/$(DIST_NAME)/bin/heapfit --root . --version $(VERSION) --out $(DIST_DIR)
	@ls -l $(DIST_DIR)/*.tar.gz $(DIST_DIR)/*.whl

clean:
	rm -rf .build .build-fuzz .fuzz .build-dist dist
