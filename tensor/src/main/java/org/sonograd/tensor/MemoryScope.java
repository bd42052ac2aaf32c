package org.sonograd.tensor;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Deterministic release of tensor memory. Every tensor storage is owned by the scope that was
 * current (innermost open on this thread) when it was allocated; closing the scope releases every
 * storage it still owns:
 *
 * <pre>{@code
 * try (var step = MemoryScope.open()) {
 *     Tensor loss = ...;            // temporaries of the step
 *     result = step.keep(loss);     // moved to the enclosing scope, survives the close
 * }                                 // everything else is freed here
 * }</pre>
 *
 * Tensors made outside any scope belong to the thread's root scope, which never closes: they live
 * until {@link Tensor#release()}. A long-lived owner such as a model holds a {@link #detached()}
 * scope, which is not on the thread's stack and is closed explicitly.
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);
    private static final ThreadLocal<MemoryScope> ROOT = ThreadLocal.withInitial(() -> new MemoryScope(null, false));

    private final MemoryScope parent;
    private final boolean onStack;
    private final Set<Storage> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private MemoryScope(MemoryScope parent, boolean onStack) {
        this.parent = parent;
        this.onStack = onStack;
    }

    /** Opens a scope nested in the current one and makes it current on this thread. */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope(current(), true);
        STACK.get().push(scope);
        return scope;
    }

    /**
     * A scope that is not on the thread's stack: tensors enter it only through {@link #keep} or
     * {@link #run}. It is released by {@link #close()}, in any order relative to other scopes.
     */
    public static MemoryScope detached() {
        return new MemoryScope(null, false);
    }

    /** The innermost open scope of this thread, or the thread's root scope. */
    public static MemoryScope current() {
        MemoryScope top = STACK.get().peek();
        return top != null ? top : ROOT.get();
    }

    /** Runs {@code body} with this scope current, so that what it allocates belongs to this scope. */
    public <T> T run(java.util.function.Supplier<T> body) {
        checkOpen();
        STACK.get().push(this);
        try {
            return body.get();
        } finally {
            STACK.get().pop();
        }
    }

    /** Moves the storage of {@code tensor} (and so all its views) to the enclosing scope; returns the tensor. */
    public Tensor keep(Tensor tensor) {
        if (parent == null) {
            throw new IllegalStateException("keep: a root or detached scope has no enclosing scope; use keepIn(scope, tensor)");
        }
        return keepIn(parent, tensor);
    }

    /** Moves the storage of {@code tensor} to {@code target}, whichever scope owns it now. */
    public static Tensor keepIn(MemoryScope target, Tensor tensor) {
        target.checkOpen();
        Storage storage = tensor.storage();
        MemoryScope from = storage.owner();
        if (from != target) {
            if (from != null) {
                from.owned.remove(storage);
            }
            target.adopt(storage);
        }
        return tensor;
    }

    void adopt(Storage storage) {
        checkOpen();
        owned.add(storage);
        storage.setOwner(this);
    }

    void forget(Storage storage) {
        owned.remove(storage);
    }

    /** Number of storages this scope owns. */
    public int size() {
        return owned.size();
    }

    /** Releases every storage still owned; removes the scope from the thread's stack. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (onStack) {
            ArrayDeque<MemoryScope> stack = STACK.get();
            if (stack.peek() != this) {
                throw new IllegalStateException("MemoryScope closed out of order: close inner scopes first");
            }
            stack.pop();
        }
        for (Storage storage : owned) {
            storage.release();
        }
        owned.clear();
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this MemoryScope is already closed");
        }
    }
}
