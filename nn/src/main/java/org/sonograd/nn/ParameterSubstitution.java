package org.sonograd.nn;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.sonograd.autograd.Var;

/**
 * The thread-local table of substituted parameters behind {@link Module#call}: while a body runs,
 * {@link Parameter#var()} answers from this table. Substitutions nest; an inner call sees the outer
 * substitutions plus its own, and the previous table is restored when the body returns or throws.
 */
final class ParameterSubstitution {
    private static final ThreadLocal<Map<Parameter, Var>> ACTIVE = new ThreadLocal<>();

    private ParameterSubstitution() {}

    static Var lookup(Parameter p) {
        Map<Parameter, Var> active = ACTIVE.get();
        return active == null ? null : active.get(p);
    }

    static <T> T with(Map<Parameter, Var> substitutes, Supplier<T> body) {
        Map<Parameter, Var> previous = ACTIVE.get();
        Map<Parameter, Var> merged = previous == null ? new IdentityHashMap<>() : new IdentityHashMap<>(previous);
        merged.putAll(substitutes);
        ACTIVE.set(merged);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                ACTIVE.remove();
            } else {
                ACTIVE.set(previous);
            }
        }
    }
}
