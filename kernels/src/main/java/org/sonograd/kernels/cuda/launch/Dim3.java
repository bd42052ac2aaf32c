package org.sonograd.kernels.cuda.launch;

/** A CUDA grid or block shape (x fastest); every component is at least 1. */
public record Dim3(int x, int y, int z) {
    public Dim3 {
        if (x < 1 || y < 1 || z < 1) {
            throw new IllegalArgumentException("cuda launch: grid/block dimensions must be ≥ 1, got (" + x + ", " + y + ", " + z + ")");
        }
    }

    public static Dim3 of(int x) {
        return new Dim3(x, 1, 1);
    }

    public static Dim3 of(int x, int y) {
        return new Dim3(x, y, 1);
    }

    /** ⌈work / per⌉ blocks, as an int grid dimension (fails beyond 2³¹ − 1). */
    public static int blocks(long work, long per) {
        long n = (work + per - 1) / per;
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cuda launch: " + work + " items in blocks of " + per + " give " + n + " blocks");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return "(" + x + ", " + y + ", " + z + ")";
    }
}
