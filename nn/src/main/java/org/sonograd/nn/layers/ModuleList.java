package org.sonograd.nn.layers;

import java.util.List;
import org.sonograd.autograd.Var;
import org.sonograd.nn.Module;

/**
 * Modules held under the names "0", "1", … without a forward pass of their own, as
 * {@code torch.nn.ModuleList}: the owner calls them in whatever pattern it needs.
 */
public final class ModuleList<M extends Module> extends Module {
    private final List<M> modules;

    /** The list of {@code modules}. */
    public ModuleList(List<M> modules) {
        this.modules = List.copyOf(modules);
        for (int i = 0; i < this.modules.size(); i++) {
            addModule(Integer.toString(i), this.modules.get(i));
        }
    }

    /** Module i. */
    public M get(int i) {
        return modules.get(i);
    }

    /** The number of modules. */
    public int size() {
        return modules.size();
    }

    /** Refused: a module list has no forward pass of its own (as in PyTorch). */
    @Override
    public Var forward(Var input) {
        throw new UnsupportedOperationException("ModuleList has no forward pass; call its modules");
    }
}
