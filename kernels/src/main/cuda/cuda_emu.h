// CUDA emulation for the CPU: lets a .cu kernel source compile with g++ (C++20) and run on the host,
// so that kernels can be checked against the Java references on a machine without a GPU.
//
// Model: a launch runs the grid one block at a time. Each GPU thread of a block is a fiber with its
// own stack, all on the launching host thread (x86-64: a six-register stack switch; elsewhere
// ucontext, which costs a system call per switch); a barrier switches to the next
// fiber that can run, so a block of 256 threads costs 256 context switches per barrier instead of
// 256 OS threads fighting for two cores. Everything a kernel sees is emulated with the semantics of
// real hardware where they matter for correctness:
//   threadIdx/blockIdx/blockDim/gridDim  set before every switch into a fiber
//   __shared__                           a function-local static: one instance, and since only one
//                                        block runs at a time, one instance per block
//   DYNAMIC_SHARED(T, name)              the launch's dynamic shared memory, refilled with 0xFF bytes
//                                        (NaN for floats) before every block, so reads of unwritten
//                                        shared memory show up as NaN instead of stale values
//   __syncthreads / __syncwarp           barriers across the block's / the warp's fibers
//   __shfl_*_sync                        a per-warp exchange area and a warp barrier
//   atomicAdd/Max/Min/CAS/Exch           std::atomic_ref
// Between barriers the fibers run one after another, in rank order on even passes and in reverse
// order on odd passes, so a missing __syncthreads between a write and another thread's read shows
// up as a stale or NaN value in one of the two orders. The schedule is deterministic: a failure
// repeats on every run.
// Strictness: a barrier that cannot complete (a __syncthreads that not every thread reaches, e.g.
// divergent or after an early return; undefined behaviour on a GPU) fails the launch at once with the
// block and the waiting counts; so does a shuffle whose mask does not name every active lane of the
// warp, or that reads an inactive lane of a partial warp, and __trap. A failed launch throws
// emu::LaunchFailure on the launching thread (the failing fiber jumps back to the scheduler first, so
// the exception never crosses a fiber stack); SONO_EMU_ENTRY turns it into a status code and
// sono_emu_last_error() for callers across a C ABI (the Java emulated launcher).
//
// SONO_EMU_ENTRY(kernel) defines extern "C" int sono_emu_<kernel>(const unsigned dims[6],
// unsigned long long sharedBytes, void** args): a launch with cuLaunchKernel's calling convention
// (grid x y z, block x y z; args[i] points at the value of the kernel's parameter i).
//
// What this cannot show: timing, coalescing, bank conflicts, occupancy, register spills, true
// concurrency (warps interleave only at barriers, so races that need simultaneous execution or
// independent thread scheduling stay hidden), races between blocks (blocks never overlap here), and
// anything under #if __CUDA_ARCH__ (tensor cores), which is compiled out.
#pragma once
#ifdef __CUDACC__
#error "cuda_emu.h is for host compilers only; nvcc builds the kernels natively"
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <ucontext.h>
#include <vector>

#ifndef SONO_EMU_STACK_BYTES
#define SONO_EMU_STACK_BYTES (128 * 1024)
#endif

struct uint3 {
    unsigned int x, y, z;
};

struct dim3 {
    unsigned int x, y, z;
    constexpr dim3(unsigned int x_ = 1, unsigned int y_ = 1, unsigned int z_ = 1) : x(x_), y(y_), z(z_) {}
};

inline thread_local uint3 threadIdx{0, 0, 0};
inline thread_local uint3 blockIdx{0, 0, 0};
inline thread_local dim3 blockDim;
inline thread_local dim3 gridDim;
constexpr int warpSize = 32;

#define __global__
#define __device__
#define __host__
#define __constant__
#define __forceinline__ inline
#define __noinline__
#define __launch_bounds__(...)
#define __shared__ static
#define __align__(n) alignas(n)
#define DYNAMIC_SHARED(T, name) T* name = reinterpret_cast<T*>(::emu::current().dynamicShared.data())

namespace emu {

/** A launch that failed (deadlock, bad shuffle, __trap, bad configuration); what() says why. */
struct LaunchFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/** The message of the last failed launch on this thread. */
inline thread_local std::string lastError;

[[noreturn]] inline void fail(const char* what);

#if defined(__x86_64__)
/** Saves the callee-saved registers on the current stack, stores its top in *save, resumes `load`. */
__attribute__((naked, noinline)) static void switchStack(void** /*save*/, void* /*load*/) {
    asm volatile(
        "pushq %rbp\n pushq %rbx\n pushq %r12\n pushq %r13\n pushq %r14\n pushq %r15\n"
        "movq %rsp, (%rdi)\n movq %rsi, %rsp\n"
        "popq %r15\n popq %r14\n popq %r13\n popq %r12\n popq %rbx\n popq %rbp\n ret\n");
}

/** A saved stack pointer; a fresh one returns into `entry` with the System V stack alignment. */
struct Context {
    void* sp = nullptr;
    void prepare(char* stack, size_t size, void (*entry)()) {
        auto top = reinterpret_cast<uintptr_t>(stack + size) & ~uintptr_t(15);
        auto* frame = reinterpret_cast<uintptr_t*>(top - 64);
        for (int r = 0; r < 6; ++r) frame[r] = 0;      // r15 r14 r13 r12 rbx rbp
        frame[6] = reinterpret_cast<uintptr_t>(entry);  // popped by ret
        frame[7] = 0;                                   // entry's (never used) return address
        sp = frame;
    }
};
inline void jump(Context& from, Context& to) { switchStack(&from.sp, to.sp); }
#else
struct Context {
    ucontext_t uc;
    void prepare(char* stack, size_t size, void (*entry)()) {
        getcontext(&uc);
        uc.uc_stack.ss_sp = stack;
        uc.uc_stack.ss_size = size;
        uc.uc_link = nullptr;
        makecontext(&uc, entry, 0);
    }
};
inline void jump(Context& from, Context& to) { swapcontext(&from.uc, &to.uc); }
#endif

/** One GPU thread: its context, its stack, and the barrier it waits at (−1: none). */
struct Fiber {
    Context context;
    std::unique_ptr<char[]> stack;
    uint3 index;
    int waitingAt = -1;
    bool done = false;
};

/** The state of the running block. Barrier 0 is the block's, barrier 1 + w is warp w's. */
struct Block {
    dim3 shape;
    std::vector<Fiber> fibers;
    std::vector<unsigned> barrierSize;
    std::vector<unsigned> arrived;
    std::vector<uint64_t> exchange;  // 2 × warpSize slots per warp, for shuffles
    std::vector<unsigned> shuffles;  // per thread: shuffles done, which picks the exchange half
    std::vector<unsigned char> dynamicShared;
    std::function<void()> kernel;
    Context scheduler;
    unsigned running = 0;
    bool failed = false;  // set by fail() before the failing fiber jumps back to the scheduler

    Block(dim3 threads, size_t sharedBytes) : shape(threads), dynamicShared(sharedBytes) {
        unsigned n = threads.x * threads.y * threads.z, warps = (n + 31) / 32;
        fibers.resize(n);
        for (unsigned t = 0; t < n; ++t) {
            fibers[t].stack.reset(new char[SONO_EMU_STACK_BYTES]);
            fibers[t].index = {t % threads.x, (t / threads.x) % threads.y, t / (threads.x * threads.y)};
        }
        barrierSize.push_back(n);
        for (unsigned w = 0; w < warps; ++w) barrierSize.push_back(std::min(32u, n - w * 32));
        arrived.assign(barrierSize.size(), 0);
        exchange.assign(warps * 64, 0);
        shuffles.assign(n, 0);
    }
};

inline thread_local Block* block = nullptr;
inline thread_local unsigned lane = 0;
inline thread_local unsigned warp = 0;

inline Block& current() {
    if (block == nullptr) {
        std::fprintf(stderr, "cuda_emu: device code called outside emu::launch\n");
        std::abort();
    }
    return *block;
}

/** The calling fiber arrives at barrier `id`; it sleeps until the barrier's last member arrives. */
inline void arrive(int id) {
    Block& b = current();
    if (++b.arrived[id] == b.barrierSize[id]) {
        b.arrived[id] = 0;
        for (Fiber& f : b.fibers) {
            if (f.waitingAt == id) f.waitingAt = -1;
        }
        return;
    }
    Fiber& self = b.fibers[b.running];
    self.waitingAt = id;
    jump(self.context, b.scheduler);
}

[[noreturn]] inline void fiberMain() {
    Block& b = current();
    b.kernel();
    Fiber& self = b.fibers[b.running];
    self.done = true;
    jump(self.context, b.scheduler);  // never resumed: the fiber is prepared afresh for the next block
    std::abort();
}

/** Records the failure of the running fiber and returns to the scheduler, which throws LaunchFailure. */
[[noreturn]] inline void fail(const char* what) {
    char text[512];
    std::snprintf(text, sizeof text, "cuda_emu: %s (block %u,%u,%u thread %u,%u,%u)", what, blockIdx.x, blockIdx.y,
                  blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z);
    lastError = text;
    Block& b = current();
    b.failed = true;
    Fiber& self = b.fibers[b.running];
    self.done = true;
    jump(self.context, b.scheduler);  // never resumed
    std::abort();
}

[[noreturn]] inline void deadlock(const Block& b) {
    unsigned done = 0, atBlock = 0, atWarp = 0;
    for (const Fiber& f : b.fibers) {
        done += f.done;
        atBlock += f.waitingAt == 0;
        atWarp += f.waitingAt > 0;
    }
    char text[512];
    std::snprintf(text, sizeof text, "cuda_emu: deadlock in block (%u,%u,%u): %u threads wait at __syncthreads, %u at a "
                  "warp barrier or shuffle, %u have returned (a barrier not reached by every thread of the block is "
                  "undefined behaviour on a GPU)", blockIdx.x, blockIdx.y, blockIdx.z, atBlock, atWarp, done);
    lastError = text;
    throw LaunchFailure(text);
}

/** Clears the running block when a launch ends, however it ends. */
struct BlockScope {
    explicit BlockScope(Block* b) { block = b; }
    ~BlockScope() { block = nullptr; }
};

/** Runs kernel(args...) over the grid, one block at a time, one fiber per GPU thread. */
template <class... Params, class... Args>
void launch(void (*kernel)(Params...), dim3 grid, dim3 threads, size_t dynamicSharedBytes, Args... args) {
    unsigned n = threads.x * threads.y * threads.z;
    if (n == 0 || n > 1024 || grid.x == 0 || grid.y == 0 || grid.z == 0 || grid.y > 65535 || grid.z > 65535 ||
        dynamicSharedBytes > 227 * 1024) {
        char text[256];
        std::snprintf(text, sizeof text, "cuda_emu: invalid launch configuration grid (%u,%u,%u) block (%u,%u,%u) "
                      "dynamic shared %zu bytes", grid.x, grid.y, grid.z, threads.x, threads.y, threads.z,
                      dynamicSharedBytes);
        lastError = text;
        throw LaunchFailure(text);
    }
    Block state(threads, dynamicSharedBytes);
    state.kernel = [&] { kernel(args...); };
    BlockScope scope(&state);
    blockDim = threads;
    gridDim = grid;
    for (unsigned z = 0; z < grid.z; ++z) {
        for (unsigned y = 0; y < grid.y; ++y) {
            for (unsigned x = 0; x < grid.x; ++x) {
                blockIdx = {x, y, z};
                std::memset(state.dynamicShared.data(), 0xFF, state.dynamicShared.size());
                for (Fiber& f : state.fibers) {
                    f.context.prepare(f.stack.get(), SONO_EMU_STACK_BYTES, fiberMain);
                    f.done = false;
                    f.waitingAt = -1;
                }
                for (unsigned pass = 0;; ++pass) {
                    bool ran = false, finished = true;
                    for (unsigned k = 0; k < n; ++k) {
                        unsigned t = pass % 2 == 0 ? k : n - 1 - k;
                        Fiber& f = state.fibers[t];
                        if (f.done) continue;
                        finished = false;
                        if (f.waitingAt >= 0) continue;
                        state.running = t;
                        threadIdx = f.index;
                        lane = t % 32;
                        warp = t / 32;
                        jump(state.scheduler, f.context);
                        if (state.failed) throw LaunchFailure(lastError);
                        ran = true;
                    }
                    if (finished) break;
                    if (!ran) deadlock(state);
                }
            }
        }
    }
}

/** Unpacks cuLaunchKernel-style arguments (args[i] points at parameter i's value) and launches. */
template <class... Params, size_t... I>
void launchPacked(void (*kernel)(Params...), dim3 grid, dim3 threads, size_t sharedBytes, void** args,
                  std::index_sequence<I...>) {
    launch(kernel, grid, threads, sharedBytes, *static_cast<std::remove_cv_t<Params>*>(args[I])...);
}

/** The body of a SONO_EMU_ENTRY: 0 when the launch completed, 1 (and lastError) when it failed. */
template <class... Params>
int launchEntry(void (*kernel)(Params...), const unsigned* dims, unsigned long long sharedBytes, void** args) {
    try {
        launchPacked(kernel, dim3(dims[0], dims[1], dims[2]), dim3(dims[3], dims[4], dims[5]), (size_t)sharedBytes, args,
                     std::index_sequence_for<Params...>{});
        return 0;
    } catch (const LaunchFailure&) {
        return 1;
    } catch (const std::exception& e) {
        lastError = std::string("cuda_emu: ") + e.what();
        return 1;
    }
}

/** The lanes of the calling thread's warp that exist (a block's last warp may be partial). */
inline unsigned activeMask() {
    unsigned count = current().barrierSize[1 + warp];
    return count == 32 ? 0xffffffffu : ((1u << count) - 1u);
}

/**
 * All lanes publish v, then each reads the value of lane source(lane); aborts on unsupported masks.
 * Successive shuffles alternate between two exchange halves, so one barrier per shuffle suffices: a
 * lane can only overwrite a half after every lane has passed the next shuffle's barrier, that is,
 * after every lane has read it.
 */
template <class T, class Source>
T exchange(unsigned mask, T v, Source source) {
    static_assert(sizeof(T) <= sizeof(uint64_t), "shuffle of a type wider than 64 bits");
    Block& b = current();
    if ((mask & activeMask()) != activeMask()) {
        fail("shuffle mask does not include every active lane (partial-warp shuffles are not emulated)");
    }
    unsigned self = warp * 32 + lane;
    uint64_t* half = &b.exchange[warp * 64 + 32 * (b.shuffles[self]++ & 1u)];
    uint64_t raw = 0;
    std::memcpy(&raw, &v, sizeof(T));
    half[lane] = raw;
    arrive(1 + (int)warp);
    unsigned src = source(lane);
    if (src >= b.barrierSize[1 + warp]) {
        fail("shuffle reads a lane that does not exist in this partial warp");
    }
    T out;
    std::memcpy(&out, &half[src], sizeof(T));
    return out;
}

}  // namespace emu

inline void __syncthreads() { emu::arrive(0); }

inline void __syncwarp(unsigned mask = 0xffffffffu) {
    if ((mask & emu::activeMask()) != emu::activeMask()) {
        emu::fail("__syncwarp with a partial mask is not emulated");
    }
    emu::arrive(1 + (int)emu::warp);
}

template <class T>
T __shfl_sync(unsigned mask, T v, int srcLane, int width = warpSize) {
    return emu::exchange(mask, v, [&](unsigned l) { return (l / width) * width + (unsigned)srcLane % width; });
}

template <class T>
T __shfl_down_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
    return emu::exchange(mask, v, [&](unsigned l) { return (l % width) + delta < (unsigned)width ? l + delta : l; });
}

template <class T>
T __shfl_up_sync(unsigned mask, T v, unsigned delta, int width = warpSize) {
    return emu::exchange(mask, v, [&](unsigned l) { return (l % width) >= delta ? l - delta : l; });
}

template <class T>
T __shfl_xor_sync(unsigned mask, T v, int laneMask, int width = warpSize) {
    return emu::exchange(mask, v, [&](unsigned l) {
        unsigned src = l ^ (unsigned)laneMask;
        return src / width == l / width ? src : l;
    });
}

template <class T>
T atomicAdd(T* address, T value) {
    return std::atomic_ref<T>(*address).fetch_add(value);
}

template <class T>
T atomicExch(T* address, T value) {
    return std::atomic_ref<T>(*address).exchange(value);
}

template <class T>
T atomicCAS(T* address, T compare, T value) {
    std::atomic_ref<T>(*address).compare_exchange_strong(compare, value);
    return compare;
}

template <class T>
T atomicMax(T* address, T value) {
    std::atomic_ref<T> ref(*address);
    T old = ref.load();
    while (old < value && !ref.compare_exchange_weak(old, value)) {
    }
    return old;
}

template <class T>
T atomicMin(T* address, T value) {
    std::atomic_ref<T> ref(*address);
    T old = ref.load();
    while (old > value && !ref.compare_exchange_weak(old, value)) {
    }
    return old;
}

inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
inline void __trap() { emu::fail("__trap"); }

// Fast-math intrinsics: exact library functions here; on the GPU they are approximations, so tests
// compare with a tolerance that covers both.
inline float __expf(float x) { return std::exp(x); }
inline float __logf(float x) { return std::log(x); }
inline float __powf(float x, float y) { return std::pow(x, y); }
inline float __fdividef(float x, float y) { return x / y; }
inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
// Round-to-nearest arithmetic that nvcc never contracts into an FMA; plain IEEE operations here
// (the emulator is compiled without FMA contraction on x86-64).
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __saturatef(float x) { return x < 0.0f ? 0.0f : (x > 1.0f ? 1.0f : x); }
inline float __uint_as_float(unsigned int x) { float f; std::memcpy(&f, &x, 4); return f; }
inline unsigned int __float_as_uint(float x) { unsigned int u; std::memcpy(&u, &x, 4); return u; }
inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int)(((uint64_t)a * b) >> 32); }
// CUDA's math library has these in the global namespace.
using std::isfinite;
using std::isinf;
using std::isnan;
using std::signbit;

template <class T>
T __ldg(const T* p) { return *p; }

#define SONO_EMU_ENTRY(kernel)                                                                              \
    extern "C" int sono_emu_##kernel(const unsigned* dims, unsigned long long sharedBytes, void** args) { \
        return ::emu::launchEntry(kernel, dims, sharedBytes, args);                                         \
    }

/** The message of the last failed launch on the calling thread (empty if none failed). */
#define SONO_EMU_LAST_ERROR_ENTRY \
    extern "C" const char* sono_emu_last_error() { return ::emu::lastError.c_str(); }
