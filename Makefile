# tsmlx build. The README's two commands are `make demo` and `make test`; each installs
# what it needs first (Debian packages, npm packages, native builds) and skips what is done.
SHELL := /bin/bash
.DEFAULT_GOAL := build

BUILD   := build
STAMPS  := .stamps
CXX     ?= g++
OPT     ?= -O2
CXXFLAGS := -std=c++17 $(OPT) -g -fPIC -Wall -Wextra -Wno-unused-parameter -MMD -MP -Inative/include
PLUGIN  := $(BUILD)/libtsmlx_cpu_pjrt.so
ADDON   := $(BUILD)/tsmlx_pjrt.node
PJRT_TEST_BINS := $(BUILD)/cpu_api_table_test

# oneDNN (Debian's libdnnl, on OpenMP) for convolutions; OpenBLAS for the rest of BLAS, loaded by
# the plugin itself (native/cpu/engine/blas.h) so that it can choose its kernels first.
CPU_LIBS  := -ldnnl -lpthread -ldl
CPU_SRCS  := $(shell find native/cpu -name '*.cc' -not -path '*/test/*' 2>/dev/null)
CPU_OBJS  := $(CPU_SRCS:%.cc=$(BUILD)/obj/%.o)
PJRT_SRCS := $(shell find native/pjrt -name '*.cc' 2>/dev/null)
PJRT_OBJS := $(PJRT_SRCS:%.cc=$(BUILD)/obj/%.o)
CPU_TEST_SRCS := $(shell find native/cpu/test -name '*.cc' -not -path '*/standalone/*' 2>/dev/null)

.PHONY: setup system npm native ts build lint test demo clean

## Dependencies ---------------------------------------------------------------
setup: system npm

system: $(STAMPS)/system
$(STAMPS)/system: scripts/install-system.sh
	bash scripts/install-system.sh
	@mkdir -p $(STAMPS) && touch $@

npm: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# The Hugging Face peers (PyTorch 2.13 CPU, transformers 5.17, tokenizers) in .venv-peers/, which
# the Gemma and tokenizer tests check against (scripts/peers-venv.sh; about 1.5 minutes from nothing).
.PHONY: peers
peers: .venv-peers/.tsmlx-peers
.venv-peers/.tsmlx-peers: scripts/peers-venv.sh scripts/python-venv.sh
	bash scripts/peers-venv.sh >/dev/null

# JAX 0.10.2 and optax in .venv-jax/ (scripts/jax-venv.sh; about 30 s from nothing): JAX lowers the
# modules the plugin must run, and XLA's CPU compiler runs tsmlx's golden modules.
.PHONY: jax
jax: .venv-jax/.tsmlx-jax
.venv-jax/.tsmlx-jax: scripts/jax-venv.sh scripts/python-venv.sh
	bash scripts/jax-venv.sh >/dev/null

## Native ---------------------------------------------------------------------
native: $(PLUGIN) $(ADDON) $(PJRT_TEST_BINS)

$(BUILD)/obj/native/cpu/%.o: native/cpu/%.cc | system
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fopenmp -fvisibility=hidden -Inative/cpu -I/usr/include/x86_64-linux-gnu/openblas-pthread -c $< -o $@

# The fused and elementwise loops vectorise under GCC's dynamic cost model (-O2's default
# model skips loops of unknown trip count). Baseline x86-64 code; IEEE results unchanged.
$(BUILD)/obj/native/cpu/runtime/fusion.o $(BUILD)/obj/native/cpu/kernels/elementwise.o: CXXFLAGS += -fvect-cost-model=dynamic

# The f32 elementary functions (kernels/vec_math.cc): no fused multiply-adds in the AVX2 and
# AVX-512 builds of its loops, so that every build rounds alike; sqrt needs no errno path.
$(BUILD)/obj/native/cpu/kernels/vec_math.o: CXXFLAGS += -ffp-contract=off -fno-math-errno -fno-trapping-math

# The plugin and the addon keep their debug information beside them (build/*.debug, found by
# gdb through a debug link), so the binaries the npm package ships are a tenth of the size.
split-debug = objcopy --only-keep-debug $(1) $(1).debug && objcopy --strip-debug --add-gnu-debuglink=$(1).debug $(1)

# The plugin exports GetPjrtApi and nothing else (native/cpu/api/exports.map).
$(PLUGIN): $(CPU_OBJS) native/cpu/api/exports.map
	@mkdir -p $(dir $@)
	$(CXX) -shared -fopenmp -o $@ $(CPU_OBJS) $(CPU_LIBS) -Wl,--no-undefined \
	  -Wl,--version-script=native/cpu/api/exports.map
	$(call split-debug,$@)

$(BUILD)/obj/native/pjrt/%.o: native/pjrt/%.cc | system npm
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fvisibility=hidden -I/usr/include/node -Inode_modules/node-addon-api \
	  -DNAPI_VERSION=8 -DNODE_ADDON_API_DISABLE_DEPRECATED -DNAPI_CPP_EXCEPTIONS -c $< -o $@

# The addon reaches plugins only through dlopen'd function pointers; it links no plugin.
$(ADDON): $(PJRT_OBJS)
	@mkdir -p $(dir $@)
	$(CXX) -shared -o $@ $^ -ldl -lpthread
	$(call split-debug,$@)

# A C++ check of the plugin's PJRT_Api table, run by test/native/cpu/api_table.test.ts.
$(BUILD)/cpu_api_table_test: native/cpu/test/standalone/api_table_test.cc native/include/pjrt_abi.h
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -o $@ $< -ldl -lpthread

# C++ unit tests of the engine, linked against the plugin's objects.
$(BUILD)/cpu_engine_test: $(CPU_TEST_SRCS) $(CPU_OBJS) $(wildcard native/cpu/test/*.h)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fopenmp -Inative/cpu -o $@ $(CPU_TEST_SRCS) $(CPU_OBJS) $(CPU_LIBS)

# A libFuzzer target for the engine (native/cpu/test/standalone/fuzz_compile.cc): clang (Debian's clang 14)
# instruments the parser, verifier and IR with coverage, ASan and UBSan; the rest of the engine
# is linked as g++ built it. test/native/cpu/fuzz.test.ts runs it briefly; fuzz-long for longer.
FUZZ_CXX    ?= clang++
FUZZ_SRCS   := $(shell find native/cpu/parser native/cpu/verifier native/cpu/ir -name '*.cc' 2>/dev/null) native/cpu/engine/compile.cc
FUZZ_OBJS   := $(FUZZ_SRCS:%.cc=$(BUILD)/fuzz/%.o)
FUZZ_REST   := $(filter-out $(FUZZ_SRCS:%.cc=$(BUILD)/obj/%.o) $(BUILD)/obj/native/cpu/api/%,$(CPU_OBJS))
FUZZ_FLAGS  := -std=c++17 -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -Inative/include -Inative/cpu
$(BUILD)/fuzz/%.o: %.cc | system
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
$(BUILD)/fuzz_compile: native/cpu/test/standalone/fuzz_compile.cc $(FUZZ_OBJS) $(FUZZ_REST)
	$(FUZZ_CXX) $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(FUZZ_REST) -fopenmp=libgomp $(CPU_LIBS)

# The fuzz target for 10 minutes each way (compile only, then compile and run), from the golden modules.
.PHONY: fuzz-long
fuzz-long: $(BUILD)/fuzz_compile
	mkdir -p $(BUILD)/fuzz-corpus/compile $(BUILD)/fuzz-corpus/execute
	ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=1024 $(BUILD)/fuzz_compile \
	  -max_total_time=600 -timeout=10 -rss_limit_mb=0 -max_len=65536 $(BUILD)/fuzz-corpus/compile test/ops/golden
	TSMLX_FUZZ_EXECUTE=1 ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=1024 $(BUILD)/fuzz_compile \
	  -max_total_time=600 -timeout=10 -rss_limit_mb=0 -max_len=65536 $(BUILD)/fuzz-corpus/execute test/ops/golden

-include $(CPU_OBJS:.o=.d) $(PJRT_OBJS:.o=.d) $(FUZZ_OBJS:.o=.d)

## TypeScript -----------------------------------------------------------------
ts: $(STAMPS)/ts
$(STAMPS)/ts: $(shell find src test bench examples kernel -name '*.ts' 2>/dev/null) tsconfig.json | npm
	npx tsc -p .
	@mkdir -p $(STAMPS) && touch $@

build: setup native ts

lint: | npm
	npx biome check .

## Jupyter kernel -------------------------------------------------------------
.PHONY: kernelspec notebook bench-kernel
# Registers "TypeScript (tsmlx)" with Jupyter for this user (see scripts/install-kernelspec.sh).
kernelspec: ts
	bash scripts/install-kernelspec.sh --user

# Kernel start-up and trivial-cell latency (see bench/kernel_startup.ts).
bench-kernel: ts
	node dist/bench/kernel_startup.js 30

# 10,000 train steps and 10,000 eager ops with RSS and live native objects before and after (bench/soak.ts).
.PHONY: bench-soak
bench-soak: build
	node --expose-gc dist/bench/soak.js 10000

# 1,000 execute requests sent at once: tsmlx against ipykernel (bench/kernel_throughput.py).
.PHONY: bench-kernel-throughput
bench-kernel-throughput: ts
	/usr/bin/python3 bench/kernel_throughput.py 1000

## Training: example and benchmarks --------------------------------------------
.PHONY: fashion-mnist bench-fashion-mnist bench-trainer bench-gemma
# Trains a CNN on Fashion-MNIST (Debian's dataset-fashion-mnist) and prints time, images/s, accuracy.
fashion-mnist: build
	node dist/examples/fashion_mnist.js --epochs 3

# The same training against PyTorch (Debian's python3-torch, best configuration), with the ratio.
bench-fashion-mnist: build
	node dist/bench/fashion_mnist.js --epochs 3

# The CIFAR model's conv and pooling layers: oneDNN against the im2col + sgemm kernel (bench/conv_layers.cc).
.PHONY: bench-conv
$(BUILD)/conv_layers_bench: bench/conv_layers.cc native/cpu/test/harness.h $(CPU_OBJS)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fopenmp -Inative/cpu -o $@ $< $(CPU_OBJS) $(CPU_LIBS)
bench-conv: $(BUILD)/conv_layers_bench
	$(BUILD)/conv_layers_bench 5

# The vectorised f32 functions: ns/element per build against libm (bench/vec_math.cc);
# vec-math-exhaustive checks their ulp bounds over all 2^32 inputs (minutes on 2 cores).
.PHONY: bench-vec-math vec-math-exhaustive
$(BUILD)/vec_math_bench: bench/vec_math.cc native/cpu/test/vec_math_sweep.h $(BUILD)/obj/native/cpu/kernels/vec_math.o
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fopenmp -Inative/cpu -o $@ $< $(BUILD)/obj/native/cpu/kernels/vec_math.o
bench-vec-math: $(BUILD)/vec_math_bench
	$(BUILD)/vec_math_bench
vec-math-exhaustive: $(BUILD)/vec_math_bench
	$(BUILD)/vec_math_bench --exhaustive

# The trainer's per-step overhead over its bare executable (tiny model).
bench-trainer: build
	node dist/bench/trainer_overhead.js

# What live training curves cost: the Fashion-MNIST CNN with and without curves.live (bench/curves_live.ts).
.PHONY: bench-curves
bench-curves: build
	node dist/bench/curves_live.js

# Greedy decoding with the Gemma-shaped decoder (12.4 M parameters) against PyTorch.
bench-gemma: build
	node dist/bench/gemma_decode.js 512 32 3

# A Gemma 3 270M-shaped model (random weights, f32 and bf16): prefill and decode against
# transformers on PyTorch with the same weights (bench/gemma3_decode.ts).
.PHONY: bench-gemma3
bench-gemma3: build peers
	node dist/bench/gemma3_decode.js 128 32 3

# Encoding the real Gemma 3 tokenizer.json: tsmlx against Hugging Face tokenizers (bench/tokenizer.ts).
.PHONY: bench-tokenizer
bench-tokenizer: build peers
	node dist/bench/tokenizer.js

## Kernel benchmarks ----------------------------------------------------------
.PHONY: bench-dot bench-gemm bench-elementwise bench-cifar
# dot_general through the plugin against numpy, every operand layout (bench/dot_general.ts).
bench-dot: build
	node dist/bench/dot_general.js

# The train step's reductions: the sequential kernel against the fast paths (bench/reduce.cc).
.PHONY: bench-reduce
$(BUILD)/reduce_bench: bench/reduce.cc native/cpu/test/harness.h $(CPU_OBJS)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fopenmp -Inative/cpu -o $@ $< $(CPU_OBJS) $(CPU_LIBS)
bench-reduce: $(BUILD)/reduce_bench
	TSMLX_NUM_THREADS=1 $(BUILD)/reduce_bench
	TSMLX_NUM_THREADS=2 $(BUILD)/reduce_bench

# OpenBLAS cblas_sgemm against oneDNN dnnl_sgemm, side by side (bench/gemm_libs.cc).
$(BUILD)/gemm_libs_bench: bench/gemm_libs.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fopenmp -I/usr/include/x86_64-linux-gnu/openblas-pthread -o $@ $< $(CPU_LIBS) -lopenblas
bench-gemm: $(BUILD)/gemm_libs_bench
	$(BUILD)/gemm_libs_bench

# STREAM-style copy/triad (bench/stream.cc): the memory bandwidth an elementwise pass can reach.
$(BUILD)/stream_bench: bench/stream.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fopenmp -o $@ $<
# A 6-op elementwise chain over 16M f32: tsmlx against numpy and against STREAM.
bench-elementwise: build $(BUILD)/stream_bench
	node dist/bench/elementwise_chain.js

# The CIFAR-10 CNN: tsmlx against PyTorch and TensorFlow.js (wasm), images/s.
bench-cifar: build
	node dist/bench/cifar.js

# Every side-by-side benchmark of the README's Performance section, one after the other.
.PHONY: bench
bench: bench-dot bench-elementwise bench-cifar bench-gemma

# StableHLO's interpreter suite on the plugin, by op: STABLEHLO= a checkout of openxla/stablehlo.
.PHONY: stablehlo-interpret
stablehlo-interpret: build
	node scripts/stablehlo-interpret.mjs $(STABLEHLO) --verbose

## The two README commands ----------------------------------------------------
# The main job: builds, prints a computed result (examples/demo.ts), registers the kernel
# and serves notebooks/ with Debian's classic notebook server.
notebook: demo kernelspec
	cd notebooks && /usr/bin/jupyter-notebook --no-browser --ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

# The whole test suite, lint included.
test: build lint peers jax $(BUILD)/cpu_engine_test
	node --test --test-concurrency=1 dist/test/

demo: build
	node dist/examples/demo.js

clean:
	rm -rf $(BUILD) dist $(STAMPS)
