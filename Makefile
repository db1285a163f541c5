# plam — top-level entry points. Everything a user or CI needs goes through here:
#   make run    install what is missing, build, create the demo database if absent, serve
#   make test   install what is missing, build under ASan+UBSan, run every test, print a summary
#   make deb    build optimised and make the Debian package (build/release/deb/plam_*.deb)
#   make bench  build optimised and print benchmark figures
#   make fuzz   run every fuzz target for longer
#   make format reformat every C file with clang-format 14 (.clang-format)
# The real work is in scripts/ so that each step can also be run alone.

SHELL := /bin/bash
MAKEFLAGS += --no-print-directory
BUILD      ?= build/release
BUILD_ASAN ?= build/asan
DB         ?= var/plam.db
LISTEN     ?= 127.0.0.1:8080
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build build-asan run test bench fuzz format clean web deb

all: build

deps:
	@scripts/deps.sh

web: deps
	@scripts/web-assets.sh build/web

build: deps web
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

build-asan: deps web
	@cmake -S . -B $(BUILD_ASAN) -DCMAKE_BUILD_TYPE=Debug -DPLAM_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_ASAN) -j $(JOBS)

run: build
	@scripts/run.sh $(BUILD)/plam $(DB) $(LISTEN)

test: build-asan
	@scripts/test.sh $(BUILD_ASAN)

deb: build
	@scripts/deb.sh $(BUILD)

bench: build
	@scripts/bench.sh $(BUILD)

fuzz: deps
	@scripts/fuzz.sh long

format: deps
	@scripts/check-format.sh --fix

clean:
	rm -rf build
