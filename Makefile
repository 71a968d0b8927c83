# The two commands of the README, over CMake + Ninja:
#   make run [EXAMPLE=hello]   install what is missing, build, and serve examples/<EXAMPLE> in the foreground
#   make test                  install what is missing, build, start test backends, run every test, stop them
EXAMPLE ?= hello
BUILD_DIR ?= build
BUILD_TYPE ?= Release
# Extra CMake options for the first configure, e.g. -DGOFR_BUILD_TESTS=OFF (the container image's build stage)
CMAKE_ARGS ?=

.PHONY: run test deps build clean bench

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) --target $(EXAMPLE)

# Runs from the example's folder so its configs/ is found, like a GoFr service.
run: build
	@test -d examples/$(EXAMPLE) || { echo "no such example: examples/$(EXAMPLE)"; exit 2; }
	cd examples/$(EXAMPLE) && exec $(CURDIR)/$(BUILD_DIR)/examples/$(EXAMPLE)/$(EXAMPLE)

test: deps
	@scripts/run-tests.sh

bench: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) --target hello
	bench/http_hello.sh --binary $(BUILD_DIR)/examples/hello/hello

clean:
	rm -rf $(BUILD_DIR) build-asan build-tsan build-fuzz
