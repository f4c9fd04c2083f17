# Thin wrapper over meson/ninja.  `make demo` and `make test` install what is
# missing (as root), configure, build, then run.
BUILD ?= build
DEBS  := gcc pkg-config python3 meson ninja-build libcmocka-dev lcov libslirp-dev clang
# Only `make test` needs these: headless Chromium for the HTML report's browser test.
TEST_DEBS := chromium

.PHONY: all deps test-deps setup build demo test check-sanitize coverage fuzz-build fuzz-smoke clean

all: build

deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "missing Debian packages:$$missing"; \
	    echo "install them with: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# As root, install them; otherwise say which test will be skipped and go on.
test-deps:
	@missing=""; for p in $(TEST_DEBS); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	  else \
	    echo "note: missing$$missing: the report's browser test will be skipped"; \
	    echo "      (install with: sudo apt-get install -y$$missing)"; \
	  fi; \
	fi

# Reconfigure every time: the trace scenarios are listed at configure time.
setup: deps
	@if test -f $(BUILD)/build.ninja; then meson setup --reconfigure $(BUILD) >/dev/null; \
	else meson setup $(BUILD); fi

build: setup
	ninja -C $(BUILD)

demo: build
	./$(BUILD)/harness/smmuits replay docs/examples/*.trace

test: test-deps build
	@rc=0; meson test -C $(BUILD) --print-errorlogs || rc=$$?; \
	python3 tests/summary.py $(BUILD)/meson-logs/testlog.json; exit $$rc

# Every unit test and trace again under AddressSanitizer + UndefinedBehaviorSanitizer.
check-sanitize: deps
	@if test -f $(BUILD)-sanitize/build.ninja; then meson setup --reconfigure $(BUILD)-sanitize >/dev/null; \
	else meson setup $(BUILD)-sanitize -Db_sanitize=address,undefined -Db_lundef=false; fi
	ninja -C $(BUILD)-sanitize
	@rc=0; UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
	meson test -C $(BUILD)-sanitize --print-errorlogs || rc=$$?; \
	python3 tests/summary.py $(BUILD)-sanitize/meson-logs/testlog.json; exit $$rc

# libFuzzer builds of the fuzz targets (clang), and a short run of each (docs/fuzzing.md).
FUZZ_TARGETS := trace dma_bypass its mmio
FUZZ_SECONDS ?= 30
fuzz-build: deps
	@if test -f $(BUILD)-fuzz/build.ninja; then meson setup --reconfigure $(BUILD)-fuzz >/dev/null; \
	else CC=clang meson setup $(BUILD)-fuzz -Dfuzzing=true -Db_lundef=false; fi
	ninja -C $(BUILD)-fuzz $(addprefix harness/fuzz_,$(FUZZ_TARGETS))

fuzz-smoke: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	  work=$$(mktemp -d); cp harness/fuzz/corpus/$$t/* $$work/; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  $(BUILD)-fuzz/harness/fuzz_$$t $$work -dict=harness/fuzz/$$t.dict -max_len=4096 \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$$work/ 2>&1 | grep -E "^stat::(number_of_executed_units|average_exec_per_sec)|ERROR|violation|runtime error" || true; \
	  if ls $$work/crash-* $$work/leak-* $$work/timeout-* $$work/oom-* >/dev/null 2>&1; then \
	    echo "fuzz_$$t found a failure:"; ls $$work/crash-* $$work/leak-* $$work/timeout-* $$work/oom-* 2>/dev/null; exit 1; fi; \
	  rm -rf $$work; done

# Line and branch coverage of every test (lcov HTML in $(BUILD)-cov/coverage/).
coverage: deps
	@tests/coverage.sh $(BUILD)-cov

clean:
	rm -rf $(BUILD) $(BUILD)-sanitize $(BUILD)-cov $(BUILD)-fuzz
