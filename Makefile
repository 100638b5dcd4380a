# The two commands a new engineer needs (see README):
#   make run    installs what is missing, builds, starts the kiosk demo
#   make test   installs what is missing, builds, runs every test
# and `make bench` for the benchmarks. CI runs `make test` (.ci/run).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps configure build run test bench bench-report clean

deps:
	@provisioning/dev/deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@provisioning/dev/run-demo.sh $(BUILD)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@$(BUILD)/tests/bench/kiosk_bench --out tests/bench/RESULTS.md
	@$(BUILD)/tests/bench/report/report_bench --out tests/bench/RESULTS.md

# Only the export/report benchmark (10k, 100k and 1M responses). Its demo
# databases are made once into $(BUILD)/bench-report-data/ (a million takes
# about 20 minutes on 2 shared cores) and reused; a run at 1M still takes long.
bench-report: build
	@$(BUILD)/tests/bench/report/report_bench --out tests/bench/RESULTS.md

clean:
	rm -rf $(BUILD)
