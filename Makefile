# sitrep — top-level commands. See README.md.
#   make build   install what is missing (apt-get, npm), build build/sitrep and its data
#   make demo    build, ingest the sample articles into build/demo.db, print a situation summary
#   make test    build, run the test suite (what .ci/run runs)
#   make dev     clang + ASan/UBSan + fuzzers + -Werror, in build-dev/

SHELL := /bin/bash
BUILD ?= build
JOBS ?= $(shell nproc)
APT_PACKAGES := cmake ninja-build g++ clang pkg-config libicu-dev libsqlite3-dev libsimdjson-dev \
  libcli11-dev libfmt-dev libcpp-httplib-dev nlohmann-json3-dev libxml2-dev zlib1g-dev libcld2-dev \
  libgtest-dev libgmock-dev libbenchmark-dev iso-codes wordnet-base python3 python3-jsonschema \
  libclang-rt-14-dev chromium wrk

.PHONY: build deps configure demo test test-all dev fuzz-smoke clean

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)
	@scripts/build-data.sh $(BUILD)

deps:
	@scripts/install-deps.sh $(APT_PACKAGES)

configure:
	@if [ ! -f $(BUILD)/build.ninja ]; then \
	  cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release; fi

demo: build
	@scripts/demo.sh $(BUILD)

test: build
	@scripts/run-tests.sh $(BUILD)

test-all: build
	@SITREP_TEST_ALL=1 scripts/run-tests.sh $(BUILD)

dev: deps
	@if [ ! -f build-dev/build.ninja ]; then \
	  CC=clang CXX=clang++ cmake -S . -B build-dev -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	    -DSITREP_SANITIZE=ON -DSITREP_BUILD_FUZZERS=ON -DSITREP_DEVELOPER_MODE=ON; fi
	cmake --build build-dev -j $(JOBS)

clean:
	rm -rf $(BUILD) build-dev
