package org.sonograd.kernels.cuda.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the CUDA kernels on the CPU: the kernel sources compiled with g++ and cuda_emu.h into a shared
 * library ({@link EmulatedKernelLibrary}), called through FFM downcalls with {@code cuLaunchKernel}'s
 * convention, and device memory emulated by off-heap host memory. Fresh buffers are filled with
 * 0xFF bytes (NaN as floats), so a kernel that reads memory nobody wrote shows it.
 *
 * <p>The emulator runs each launch on the calling thread, one block after another, every GPU thread a
 * fiber on its own heap-allocated stack (see cuda_emu.h); the calling thread's own stack only holds
 * the scheduler. Launches are serialised process-wide: a kernel's {@code __shared__} arrays are
 * statics of the library, so two launches at once would share them. A failed launch (a barrier not
 * every thread reaches, a bad shuffle, {@code __trap}) throws {@link IllegalStateException} with the
 * emulator's message, and the process goes on.
 */
public final class EmulatedLauncher implements KernelLauncher {
    private static final ReentrantLock LAUNCHES = new ReentrantLock();
    private static final FunctionDescriptor ENTRY = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS);
    private static final Map<Path, SymbolLookup> LIBRARIES = new HashMap<>();

    private final Path library;
    private final SymbolLookup symbols;
    private final MethodHandle lastError;
    private final Map<String, MethodHandle> entries = new HashMap<>();
    private final Map<Long, Arena> buffers = new HashMap<>();

    private EmulatedLauncher(Path library) {
        this.library = library;
        synchronized (LIBRARIES) {
            this.symbols = LIBRARIES.computeIfAbsent(library, p -> SymbolLookup.libraryLookup(p, Arena.global()));
        }
        this.lastError = Linker.nativeLinker().downcallHandle(symbol("sono_emu_last_error"), FunctionDescriptor.of(ADDRESS));
    }

    /**
     * A launcher over every packaged kernel family, compiling them into {@code cacheDir} on first use
     * of a source version (tens of seconds on a loaded 2-core machine; cached after that).
     */
    public static EmulatedLauncher open(Path cacheDir) {
        return new EmulatedLauncher(EmulatedKernelLibrary.packaged(cacheDir));
    }

    /** A launcher over an already built library (e.g. test kernels from {@link EmulatedKernelLibrary#build}). */
    public static EmulatedLauncher over(Path library) {
        return new EmulatedLauncher(library);
    }

    /** The default cache directory: {@code sonograd.cuda.emu.dir}, else {@code <tmp>/sonograd-cuda-emu}. */
    public static Path defaultCacheDir() {
        String dir = System.getProperty("sonograd.cuda.emu.dir");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "sonograd-cuda-emu");
    }

    @Override
    public String name() {
        return "emulated CUDA (cuda_emu.h on the CPU, " + library.getParent().getFileName() + ")";
    }

    @Override
    public synchronized DeviceBuffer allocate(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("emulated cuda: cannot allocate " + bytes + " bytes");
        }
        Arena arena = Arena.ofShared();
        MemorySegment memory = arena.allocate(Math.max(bytes, 4), 256);
        memory.fill((byte) 0xFF);
        buffers.put(memory.address(), arena);
        return new DeviceBuffer(memory.address(), 0, bytes);
    }

    @Override
    public synchronized void release(DeviceBuffer buffer) {
        Arena arena = buffer.offset() != 0 ? null : buffers.remove(buffer.handle());
        if (arena == null) {
            throw new IllegalArgumentException("emulated cuda: " + buffer + " is not a live buffer of this launcher");
        }
        arena.close();
    }

    @Override
    public void upload(MemorySegment host, DeviceBuffer buffer) {
        MemorySegment.copy(host, 0, memory(buffer, host.byteSize(), "upload"), 0, host.byteSize());
    }

    @Override
    public void download(DeviceBuffer buffer, MemorySegment host) {
        MemorySegment.copy(memory(buffer, host.byteSize(), "download"), 0, host, 0, host.byteSize());
    }

    @Override
    public void launch(String family, String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
        MethodHandle entry = entry(kernel);
        List<KernelArgs.Arg> list = args.list();
        LAUNCHES.lock();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dims = arena.allocateFrom(JAVA_INT, grid.x(), grid.y(), grid.z(), block.x(), block.y(), block.z());
            MemorySegment pointers = arena.allocate(ADDRESS, Math.max(1, list.size()));
            for (int i = 0; i < list.size(); i++) {
                KernelArgs.Arg a = list.get(i);
                MemorySegment value;
                if (a.pointer()) {
                    value = arena.allocate(JAVA_LONG);
                    value.set(JAVA_LONG, 0, a.buffer() == null ? 0L : memory(a.buffer(), 0, "launch argument").address());
                } else {
                    value = arena.allocate(a.bytes().length, 8);
                    MemorySegment.copy(MemorySegment.ofArray(a.bytes()), 0, value, 0, a.bytes().length);
                }
                pointers.setAtIndex(ADDRESS, i, value);
            }
            int status = (int) entry.invokeExact(dims, (long) sharedBytes, pointers);
            if (status != 0) {
                MemorySegment message = (MemorySegment) lastError.invokeExact();
                throw new IllegalStateException(family + "/" + kernel + " grid " + grid + " block " + block + " failed: "
                        + message.reinterpret(4096).getString(0));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("emulated cuda: downcall to " + kernel + " failed", t);
        } finally {
            LAUNCHES.unlock();
        }
    }

    @Override
    public void synchronize() {
        // launches complete before launch() returns
    }

    @Override
    public synchronized void close() {
        buffers.values().forEach(Arena::close);
        buffers.clear();
    }

    /** The live emulated memory behind {@code buffer}, checked to hold at least {@code bytes}. */
    private synchronized MemorySegment memory(DeviceBuffer buffer, long bytes, String what) {
        if (!buffers.containsKey(buffer.handle())) {
            throw new IllegalArgumentException("emulated cuda " + what + ": " + buffer + " is not a live buffer of this launcher");
        }
        if (bytes > Math.max(buffer.bytes(), 4)) {
            throw new IllegalArgumentException("emulated cuda " + what + ": " + bytes + " bytes do not fit " + buffer);
        }
        return MemorySegment.ofAddress(buffer.handle() + buffer.offset()).reinterpret(Math.max(buffer.bytes(), 4));
    }

    private synchronized MethodHandle entry(String kernel) {
        return entries.computeIfAbsent(kernel, k -> Linker.nativeLinker().downcallHandle(symbol("sono_emu_" + k), ENTRY));
    }

    private MemorySegment symbol(String name) {
        return symbols.find(name).orElseThrow(() -> new IllegalArgumentException(
                "emulated cuda: " + library + " has no entry " + name + " (no such extern \"C\" __global__ kernel)"));
    }
}
