// CUDA emulation for the CPU: lets a .cu kernel source compile with g++ (C++20) and run on host
// threads, so that kernels can be checked against the Java references on a machine without a GPU.
//
// Model: a launch runs the grid one block at a time; each block runs with one std::thread per GPU
// thread (the same threads are reused from block to block). Everything a kernel sees is emulated
// with the semantics of real hardware where they matter for correctness:
//   threadIdx/blockIdx/blockDim/gridDim  thread_local, set per thread and per block
//   __shared__                           a function-local static: one instance, and since only one
//                                        block runs at a time, one instance per block
//   DYNAMIC_SHARED(T, name)              the launch's dynamic shared memory, refilled with 0xFF bytes
//                                        (NaN for floats) before every block, so reads of unwritten
//                                        shared memory show up as NaN instead of stale values
//   __syncthreads / __syncwarp           barriers across the block's / the warp's host threads
//   __shfl_*_sync                        a per-warp exchange area between two warp barriers
//   atomicAdd/Max/Min/CAS/Exch           std::atomic_ref
// Strictness: a barrier that not every thread of the block (or warp) reaches within
// SONO_EMU_BARRIER_TIMEOUT_S seconds aborts with the barrier's name and block index (on a GPU that
// is undefined behaviour: divergent __syncthreads, a thread returning early); a shuffle whose mask
// does not name every active lane of the warp, or that reads an inactive lane of a partial warp,
// aborts as well. Build with -fsanitize=thread to have data races between barriers reported.
//
// What this cannot show: timing, coalescing, bank conflicts, occupancy, register spills, warp
// scheduling and independent thread scheduling effects, races between blocks (blocks never overlap
// here), and anything under #if __CUDA_ARCH__ (tensor cores), which is compiled out.
#pragma once
#ifdef __CUDACC__
#error "cuda_emu.h is for host compilers only; nvcc builds the kernels natively"
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#ifndef SONO_EMU_BARRIER_TIMEOUT_S
#define SONO_EMU_BARRIER_TIMEOUT_S 20
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

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "cuda_emu: %s (block %u,%u,%u thread %u,%u,%u)\n", what, blockIdx.x, blockIdx.y,
                 blockIdx.z, threadIdx.x, threadIdx.y, threadIdx.z);
    std::fflush(stderr);
    std::abort();
}

/** A reusable barrier for a fixed number of threads that aborts instead of hanging. */
class Barrier {
public:
    explicit Barrier(unsigned count) : count_(count) {}

    void arriveAndWait(const char* name) {
        std::unique_lock<std::mutex> lock(mutex_);
        unsigned generation = generation_;
        if (++arrived_ == count_) {
            arrived_ = 0;
            ++generation_;
            cv_.notify_all();
            return;
        }
        bool released = cv_.wait_for(lock, std::chrono::seconds(SONO_EMU_BARRIER_TIMEOUT_S),
                                     [&] { return generation_ != generation; });
        if (!released) {
            char message[160];
            std::snprintf(message, sizeof message,
                          "%s: only %u of %u threads arrived (divergent barrier or early return)", name,
                          arrived_, count_);
            fail(message);
        }
    }

    unsigned count() const { return count_; }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    unsigned count_;
    unsigned arrived_ = 0;
    unsigned generation_ = 0;
};

/** The state one running block shares between its threads. */
struct Block {
    Barrier all;
    std::vector<std::unique_ptr<Barrier>> warps;
    std::vector<uint64_t> exchange;  // warpSize slots per warp, for shuffles
    std::vector<unsigned char> dynamicShared;

    Block(unsigned threads, size_t sharedBytes) : all(threads), exchange(((threads + 31) / 32) * 32), dynamicShared(sharedBytes) {
        for (unsigned w = 0; w * 32 < threads; ++w) {
            warps.push_back(std::make_unique<Barrier>(std::min(32u, threads - w * 32)));
        }
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

/** Runs kernel(args...) over the grid, one block at a time, one host thread per GPU thread. */
template <class... Params, class... Args>
void launch(void (*kernel)(Params...), dim3 grid, dim3 threads, size_t dynamicSharedBytes, Args... args) {
    unsigned n = threads.x * threads.y * threads.z;
    if (n == 0 || n > 1024 || grid.x == 0 || grid.y == 0 || grid.z == 0) {
        std::fprintf(stderr, "cuda_emu: invalid launch configuration grid (%u,%u,%u) block (%u,%u,%u)\n", grid.x,
                     grid.y, grid.z, threads.x, threads.y, threads.z);
        std::abort();
    }
    Block shared(n, dynamicSharedBytes);
    std::vector<std::thread> pool;
    pool.reserve(n);
    for (unsigned t = 0; t < n; ++t) {
        pool.emplace_back([&, t] {
            block = &shared;
            lane = t % 32;
            warp = t / 32;
            blockDim = threads;
            gridDim = grid;
            threadIdx = {t % threads.x, (t / threads.x) % threads.y, t / (threads.x * threads.y)};
            for (unsigned z = 0; z < grid.z; ++z) {
                for (unsigned y = 0; y < grid.y; ++y) {
                    for (unsigned x = 0; x < grid.x; ++x) {
                        blockIdx = {x, y, z};
                        if (t == 0) {
                            std::memset(shared.dynamicShared.data(), 0xFF, shared.dynamicShared.size());
                        }
                        shared.all.arriveAndWait("block start");
                        kernel(args...);
                        shared.all.arriveAndWait("block end (a thread is still inside a __syncthreads)");
                    }
                }
            }
            block = nullptr;
        });
    }
    for (auto& thread : pool) {
        thread.join();
    }
}

/** The lanes of the calling thread's warp that exist (a block's last warp may be partial). */
inline unsigned activeMask() {
    unsigned count = current().warps[warp]->count();
    return count == 32 ? 0xffffffffu : ((1u << count) - 1u);
}

/** All lanes publish v, then each reads the value of lane source(lane); aborts on unsupported masks. */
template <class T, class Source>
T exchange(unsigned mask, T v, Source source) {
    static_assert(sizeof(T) <= sizeof(uint64_t), "shuffle of a type wider than 64 bits");
    Block& b = current();
    if ((mask & activeMask()) != activeMask()) {
        fail("shuffle mask does not include every active lane (partial-warp shuffles are not emulated)");
    }
    uint64_t raw = 0;
    std::memcpy(&raw, &v, sizeof(T));
    b.exchange[warp * 32 + lane] = raw;
    b.warps[warp]->arriveAndWait("shuffle publish");
    unsigned src = source(lane);
    if (src >= b.warps[warp]->count()) {
        fail("shuffle reads a lane that does not exist in this partial warp");
    }
    T out;
    std::memcpy(&out, &b.exchange[warp * 32 + src], sizeof(T));
    b.warps[warp]->arriveAndWait("shuffle read");
    return out;
}

}  // namespace emu

inline void __syncthreads() { emu::current().all.arriveAndWait("__syncthreads"); }

inline void __syncwarp(unsigned mask = 0xffffffffu) {
    if ((mask & emu::activeMask()) != emu::activeMask()) {
        emu::fail("__syncwarp with a partial mask is not emulated");
    }
    emu::current().warps[emu::warp]->arriveAndWait("__syncwarp");
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
